// Command worker runs nbaflow's Temporal worker: it registers DailyWorkflow,
// BackfillWorkflow and their activities on the task queue, over the
// warehouse the environment names, until SIGINT or SIGTERM.
//
// Configuration comes from the environment, read by internal/config (the
// Temporal connection included); an invalid value, or a variable set but
// empty, stops it with exit status 2 and a message naming the variable and
// the value. Unless METRICS_ADDR is "off", it serves the SDK's and
// nbaflow's Prometheus metrics at /metrics on that address (internal/metrics);
// the container healthcheck GETs that path. On SIGTERM it stops polling and gives running activities up to
// nbaworker.StopTimeout to finish, so a chunk in progress completes (or, if it does
// not, is retried elsewhere from its last heartbeat).
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"nbaflow/internal/config"
	"nbaflow/internal/metrics"
	"nbaflow/internal/nbaworker"
	"nbaflow/internal/operator"
	"nbaflow/internal/temporalconn"
	"nbaflow/internal/warehouse/backend"
	"nbaflow/workflows"
)

// Exit statuses.
const (
	exitFailure = 1 // the warehouse or Temporal could not be reached
	exitConfig  = 2 // the configuration is invalid
)

func main() {
	os.Exit(run(os.Environ(), os.Stderr, worker.InterruptCh()))
}

// schemaChecker is a warehouse whose tables are created apart from the
// worker and may drift from this build's (BigQuery); the sqlite backend
// checks its own when it opens.
type schemaChecker interface {
	CheckSchema(ctx context.Context) error
}

// run runs the worker until stop yields, and returns the exit status.
func run(environ []string, stderr io.Writer, stop <-chan any) int {
	cfg, err := config.LoadWorker(environ)
	if err != nil {
		fmt.Fprintf(stderr, "worker: invalid configuration:\n%v\n", err)
		return exitConfig
	}
	logger := cfg.NewLogger()
	nbaworker.TuneGC(environ)
	ctx := context.Background()

	wh, err := backend.Open(ctx, cfg.Config)
	if err != nil {
		logger.Error("cannot open the warehouse", "warehouse", cfg.Config.String(), "error", err)
		return exitFailure
	}
	defer wh.Close()
	if c, ok := wh.(schemaChecker); ok {
		// Drift found now is one clear error, not a failed statement at night.
		if err := c.CheckSchema(ctx); err != nil {
			logger.Error("the warehouse's tables differ from this build's schema; not starting", "warehouse", cfg.Config.String(), "error", err)
			return exitFailure
		}
	}

	opts := cfg.ClientOptions()
	opts.Logger = tlog.NewStructuredLogger(logger)
	if cfg.MetricsEnabled() {
		m, err := metrics.Listen(cfg.MetricsAddr, logger)
		if err != nil {
			logger.Error("cannot serve metrics: set METRICS_ADDR to a free address, or off", "METRICS_ADDR", cfg.MetricsAddr, "error", err)
			return exitFailure
		}
		// Closed after the worker has stopped, so the last activities'
		// values are reported.
		defer m.Close()
		opts.MetricsHandler = m.Handler
		logger.Info("serving metrics", "url", m.URL())
	}
	c, err := temporalconn.Dial(ctx, opts)
	if err != nil {
		logger.Error("cannot reach Temporal", "address", opts.HostPort, "namespace", opts.Namespace, "error", err)
		return exitFailure
	}
	defer c.Close()
	// Whether an API key is set, never the key.
	logger.Info("connected to Temporal", "address", opts.HostPort, "namespace", opts.Namespace,
		"tls", opts.ConnectionOptions.TLS != nil, "apiKey", opts.Credentials != nil)

	housekeeping, stopHousekeeping := context.WithCancel(ctx)
	swept := make(chan struct{})
	go func() {
		defer close(swept)
		nbaworker.SweepStaging(housekeeping, wh, cfg.StagingSweepEvery, cfg.StagingMaxAge, logger, opts.MetricsHandler)
	}()
	defer func() { stopHousekeeping(); <-swept }() // before the warehouse closes
	go nbaworker.WatchSchedule(housekeeping, operator.New(c, opts.Namespace, cfg.TaskQueue, ""), cfg.ScheduleWatchEvery, logger, opts.MetricsHandler)

	w := nbaworker.New(c, cfg, wh)
	logger.Info("worker starting", "taskQueue", cfg.TaskQueue, "backfillTaskQueue", workflows.BackfillTaskQueue(cfg.TaskQueue),
		"backfillActivitySlots", nbaworker.BackfillSlots(cfg), "warehouse", cfg.Config.String(),
		"chunkSize", cfg.PlayerChunkSize, "maxParallelChunks", cfg.MaxParallelChunks,
		"parallel", cfg.EnablePlayerParallelization, "activitySlots", cfg.ActivitySlots(),
		"breakerTripAttempt", cfg.TripAttempt, "breakerLockout", cfg.Lockout.String())
	if err := w.Run(stop); err != nil {
		logger.Error("worker stopped with an error", "error", err)
		return exitFailure
	}
	logger.Info("worker stopped")
	return 0
}
