// Package nbaworker builds nbaflow's Temporal worker: both workflows and
// every activity registered on the task queue, with the options the
// configuration sets. The worker binary and the integration tests build
// their workers here, so tests run the worker the binary runs.
package nbaworker

import (
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"nbaflow/activities"
	"nbaflow/internal/config"
	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// StopTimeout is how long a stopping worker waits for running activities;
// a chunk takes seconds.
const StopTimeout = 30 * time.Second

// HeartbeatThrottle is the most time between two heartbeats a worker sends
// for one activity; the SDK's default is 80 % of the heartbeat timeout, which
// leaves one late heartbeat RPC between a live chunk and a timeout. A chunk
// calls RecordHeartbeat after every player, and the SDK sends the latest
// details once per HeartbeatThrottle, so the server hears from a live chunk
// about every second, its progress at most a second stale: a retry resumes
// close to where the lost worker was, and a heartbeat late by up to
// workflows.HeartbeatTimeout minus a second does not time a live chunk
// out. DefaultHeartbeatThrottleInterval is left alone: it applies to
// activities without a heartbeat timeout, and no nbaflow activity
// heartbeats without one.
const HeartbeatThrottle = time.Second

// New returns the worker of cfg over wh: both workflows and every
// activity, registered on cfg.TaskQueue and on its backfill queue
// (workflows.BackfillTaskQueue), where a backfill's daily runs go with
// BackfillSlots of the activity slots.
func New(c client.Client, cfg config.Worker, wh warehouse.Warehouse) *Workers {
	a := NewActivities(cfg, wh)
	w := &Workers{fatal: make(chan error, 2)}
	w.main = newWorker(c, cfg.TaskQueue, cfg.ActivitySlots(), a, w.onFatal)
	w.backfill = newWorker(c, workflows.BackfillTaskQueue(cfg.TaskQueue), BackfillSlots(cfg), a, w.onFatal)
	return w
}

// BackfillSlots is the activity bound of the backfill queue: half the
// worker's (0, the SDK's default, when the worker has none). A backfill's
// chunks keep both cores busy with half the slots, and tonight's run finds
// the main queue's slots free (docs/operations.md §4.1).
func BackfillSlots(cfg config.Worker) int {
	if n := cfg.ActivitySlots(); n > 0 {
		return max(n/2, 1)
	}
	return 0
}

// newWorker registers both workflows and every activity on taskQueue.
func newWorker(c client.Client, taskQueue string, slots int, a *activities.Activities, onFatal func(error)) worker.Worker {
	w := worker.New(c, taskQueue, worker.Options{
		OnFatalError:                       onFatal,
		MaxConcurrentActivityExecutionSize: slots,
		MaxConcurrentActivityTaskPollers:   config.TaskPollers,
		MaxConcurrentWorkflowTaskPollers:   config.TaskPollers,
		WorkerStopTimeout:                  StopTimeout,
		MaxHeartbeatThrottleInterval:       HeartbeatThrottle,
	})
	workflows.Register(w)
	activities.Register(w, a)
	return w
}

// Workers polls a task queue and its backfill queue in one process.
type Workers struct {
	main, backfill worker.Worker
	fatal          chan error // the errors that stopped either (a namespace gone)
}

func (w *Workers) onFatal(err error) {
	select {
	case w.fatal <- err:
	default:
	}
}

// Start starts polling both queues.
func (w *Workers) Start() error {
	if err := w.main.Start(); err != nil {
		return err
	}
	if err := w.backfill.Start(); err != nil {
		w.main.Stop()
		return err
	}
	return nil
}

// Stop stops both, each waiting up to StopTimeout for its activities.
func (w *Workers) Stop() {
	w.backfill.Stop()
	w.main.Stop()
}

// Run polls both queues until interrupt is closed or receives, or until
// either stops on a fatal error, which it returns; then it stops both.
func (w *Workers) Run(interrupt <-chan any) error {
	if err := w.Start(); err != nil {
		return err
	}
	var err error
	select {
	case <-interrupt:
	case err = <-w.fatal:
	}
	w.Stop()
	return err
}

// DomainConfig is nba.DefaultConfig with the circuit breaker the worker's
// configuration sets (CIRCUIT_BREAKER_TRIP_ATTEMPT, CIRCUIT_BREAKER_LOCKOUT).
func DomainConfig(cfg config.Worker) nba.Config {
	c := nba.DefaultConfig
	c.Breaker = nba.BreakerConfig{TripAttempt: cfg.TripAttempt, Lockout: cfg.Lockout}
	return c
}

// NewActivities returns the activities a worker of cfg runs over wh.
func NewActivities(cfg config.Worker, wh warehouse.Warehouse) *activities.Activities {
	return &activities.Activities{
		Warehouse: wh,
		Clock:     time.Now,
		Config:    DomainConfig(cfg),
		Chunking: activities.ChunkDefaults{
			ChunkSize:         cfg.PlayerChunkSize,
			MaxParallelChunks: cfg.MaxParallelChunks,
			Parallel:          cfg.EnablePlayerParallelization,
		},
		StageEvery: activities.StageEveryFor(cfg.Backend),
		QuietStart: HeartbeatThrottle,
	}
}
