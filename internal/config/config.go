// Package config is the one reader of the environment, for the worker
// (LoadWorker) and the operator CLI nbaflow (LoadCLI) alike: each binary's
// main function passes os.Environ() to one Load call, which reads it into
// one struct (github.com/caarlos0/env/v10) and validates it at start, so
// that a bad value stops the binary before it opens or dials anything, with
// a message naming the variable and the value. A variable that is set but
// empty is such an error too, never the default.
//
// Where and how to reach Temporal (address, namespace, TLS, API key,
// profile) is read by temporalconn.ClientOptions, as the temporal CLI reads
// it; Load calls it, so its errors are the binary's configuration errors,
// and keeps the result (Temporal.ClientOptions). Each default is written
// once: in the defaults functions below, or in the constant they name.
//
// It opens nothing and dials nothing: it reads the environment, and the
// files temporalconn reads (a profile, certificates), and checks them.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/url"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v10"
	"go.temporal.io/sdk/client"

	"nbaflow/activities"
	"nbaflow/internal/nba"
	"nbaflow/internal/temporalconn"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// Temporal says which task queue to use and how to reach Temporal.
type Temporal struct {
	TaskQueue string `env:"TASK_QUEUE"`
	// conn is where and how to reach Temporal, as temporalconn.ClientOptions
	// reads it (the TEMPORAL_* variables and profile), not by env tags;
	// unexported, so that env does not walk it.
	conn client.Options
}

// ClientOptions is the connection part of the Temporal client options
// (address, namespace, TLS, API key, gRPC headers) the environment sets.
func (t Temporal) ClientOptions() client.Options { return t.conn }

// Logging sets the level and format of structured logs.
type Logging struct {
	Level  string `env:"LOG_LEVEL"`
	Format string `env:"LOG_FORMAT"`
}

// Worker is the configuration of the worker binary.
type Worker struct {
	Temporal
	warehouse.Config
	Logging
	// PlayerChunkSize is players per chunk activity; 1 means one activity
	// per player.
	PlayerChunkSize int `env:"PLAYER_CHUNK_SIZE"`
	// MaxParallelChunks bounds the chunks in flight per processor and date.
	MaxParallelChunks int `env:"MAX_PARALLEL_CHUNKS"`
	// EnablePlayerParallelization false runs one chunk at a time.
	EnablePlayerParallelization bool `env:"ENABLE_PLAYER_PARALLELIZATION"`
	// MaxConcurrentActivities bounds the activities this worker runs at
	// once; 0 means automatic (see ActivitySlots).
	MaxConcurrentActivities int `env:"MAX_CONCURRENT_ACTIVITIES"`
	// MetricsAddr is where the worker serves Prometheus metrics at
	// /metrics (host:port), or "off" for none; unset means
	// DefaultMetricsAddr.
	MetricsAddr string `env:"METRICS_ADDR"`
	Breaker
	Sweep
}

// Sweep sets how the worker removes the staging of runs that ended without
// committing or discarding it (terminated, timed out, reset away from):
// at start and every SweepEvery, the staging of runs whose newest row is
// older than MaxAge. MaxAge must be far beyond the longest run, since a run
// in flight stages at least once a chunk.
type Sweep struct {
	StagingMaxAge     time.Duration `env:"STAGING_MAX_AGE"`
	StagingSweepEvery time.Duration `env:"STAGING_SWEEP_EVERY"`
	// ScheduleWatchEvery is how often the worker reads the nightly
	// Schedule's health into its gauges.
	ScheduleWatchEvery time.Duration `env:"SCHEDULE_WATCH_EVERY"`
}

// Breaker sets the entity circuit breaker (nba.BreakerConfig): a player
// that fails on a date for the TripAttempt-th time is locked out of that
// date for Lockout, reported as CIRCUIT_BREAKER_ACTIVE meanwhile.
type Breaker struct {
	TripAttempt int           `env:"CIRCUIT_BREAKER_TRIP_ATTEMPT"`
	Lockout     time.Duration `env:"CIRCUIT_BREAKER_LOCKOUT"`
}

// DefaultMetricsAddr listens on loopback only, so a worker on a laptop or
// a shared host publishes nothing by default; containers set ":9090"
// (Dockerfile, docker-compose.yml).
const DefaultMetricsAddr = "127.0.0.1:9090"

// MetricsOff is the METRICS_ADDR value that turns the endpoint off.
const MetricsOff = "off"

// MetricsEnabled reports whether the worker serves metrics.
func (c Worker) MetricsEnabled() bool { return c.MetricsAddr != MetricsOff }

// SQLiteSlotsPerCPU is the automatic activity bound per CPU on sqlite.
// Measured on 2 cores, a 12-date backfill: unbounded (the SDK's 1,000
// slots, 64 chunks at once) took 113 s with 63 retries of SQLITE_BUSY and
// heartbeat timeouts; 8 slots took 12 s with none. One sqlite file has one
// writer, so more activities at once only queue on its lock.
const SQLiteSlotsPerCPU = 4

// TaskPollers is how many long polls a worker keeps open per task type
// (workflow tasks, activity tasks); the SDK's default is 2. Measured on 2
// cores, one activity per player: 2 pollers ran 54 players/s, 8 ran 68
// (orchestration alone, over a free warehouse: 91 and 134 activities/s).
const TaskPollers = 8

// ActivitySlots is the worker's bound on activities at once:
// MAX_CONCURRENT_ACTIVITIES when set, else SQLiteSlotsPerCPU per CPU on
// sqlite, else 0 (the SDK's default, for BigQuery, whose calls wait on the
// network).
func (c Worker) ActivitySlots() int {
	if c.MaxConcurrentActivities > 0 || c.Backend != warehouse.BackendSQLite {
		return c.MaxConcurrentActivities
	}
	return SQLiteSlotsPerCPU * runtime.GOMAXPROCS(0)
}

// Bounds of the numeric settings. MaxParallelChunksLimit matches the
// workflows' cap, far below the server's 2,000 pending activities per run.
const (
	MaxChunkSize           = 1000
	MaxParallelChunksLimit = 200
)

// MaxTripAttempt bounds CIRCUIT_BREAKER_TRIP_ATTEMPT: a breaker that
// never trips is a typo, not a setting.
const MaxTripAttempt = 100

// validListenAddr reports whether addr is host:port with a numeric port,
// as net.Listen takes it; port 0 picks a free port.
func validListenAddr(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}

// defaultTemporal is the task queue when TASK_QUEUE is unset; the
// connection's defaults are temporalconn's.
func defaultTemporal() Temporal { return Temporal{TaskQueue: workflows.DefaultTaskQueue} }

// defaultLogging is the logging when LOG_LEVEL and LOG_FORMAT are unset.
func defaultLogging() Logging { return Logging{Level: "info", Format: "text"} }

// defaultWorker is the worker's configuration when no variable is set.
// MAX_CONCURRENT_ACTIVITIES is 0, automatic (ActivitySlots).
func defaultWorker() Worker {
	return Worker{
		Temporal:                    defaultTemporal(),
		Config:                      warehouse.DefaultConfig(),
		Logging:                     defaultLogging(),
		PlayerChunkSize:             activities.DefaultChunking.ChunkSize,
		MaxParallelChunks:           activities.DefaultChunking.MaxParallelChunks,
		EnablePlayerParallelization: activities.DefaultChunking.Parallel,
		MetricsAddr:                 DefaultMetricsAddr,
		Breaker:                     Breaker{TripAttempt: nba.DefaultBreakerConfig.TripAttempt, Lockout: nba.DefaultBreakerConfig.Lockout},
		Sweep:                       Sweep{StagingMaxAge: 24 * time.Hour, StagingSweepEvery: time.Hour, ScheduleWatchEvery: time.Minute},
	}
}

// CLI is the configuration of the operator CLI, nbaflow. Its flags
// override it: --db SQLITE_PATH, --address and --namespace the connection,
// --task-queue TASK_QUEUE, --ui TEMPORAL_UI_URL.
type CLI struct {
	Temporal
	warehouse.Config
	// UIURL is the Temporal UI's address, for links to runs.
	UIURL string `env:"TEMPORAL_UI_URL"`
	// Terminal is what the CLI draws for.
	Terminal Terminal
}

// Terminal is what the CLI reads of the terminal conventions every
// terminal program follows, rather than settings of nbaflow: NO_COLOR set
// to anything but empty turns colours off (no-color.org, where an empty
// value means unset, so it is no error here), and so does TERM=dumb.
type Terminal struct {
	NoColour bool
}

// terminalOf reads the terminal conventions from vars.
func terminalOf(vars map[string]string) Terminal {
	return Terminal{NoColour: vars["NO_COLOR"] != "" || vars["TERM"] == "dumb"}
}

// defaultCLI is the CLI's configuration when no variable is set.
func defaultCLI() CLI {
	return CLI{Temporal: defaultTemporal(), Config: warehouse.DefaultConfig(), UIURL: temporalconn.DefaultUIURL}
}

// LoadWorker reads the worker's configuration from environ (as os.Environ
// returns it), the Temporal connection included, and validates it. Its
// error names each bad variable and its value.
func LoadWorker(environ []string) (Worker, error) {
	cfg := defaultWorker()
	err := load(environ, &cfg, &cfg.Temporal)
	return cfg, errors.Join(err, cfg.Validate())
}

// LoadCLI reads the CLI's configuration from environ (as os.Environ
// returns it), the Temporal connection included, and validates it. Its
// error names each bad variable and its value.
func LoadCLI(environ []string) (CLI, error) {
	cfg := defaultCLI()
	err := load(environ, &cfg, &cfg.Temporal)
	cfg.Terminal = terminalOf(env.ToMap(environ))
	return cfg, errors.Join(err, cfg.Validate())
}

// load reads environ into cfg, a pointer to a struct of env tags holding
// its defaults, which a variable that is unset leaves; and the Temporal
// connection into t. A variable set but empty is an error.
func load(environ []string, cfg any, t *Temporal) error {
	vars := env.ToMap(environ)
	var errs []error
	keys := envKeys(reflect.TypeOf(cfg).Elem())
	for _, key := range slices.Sorted(maps.Values(keys)) {
		if v, set := vars[key]; set && v == "" {
			errs = append(errs, fmt.Errorf("%s is set but empty: give it a value or unset it", key))
		}
	}
	if err := env.ParseWithOptions(cfg, env.Options{Environment: vars}); err != nil {
		errs = append(errs, explain(err, cfg, vars))
	}
	conn, err := temporalconn.ClientOptions(environ)
	t.conn = conn
	return errors.Join(append(errs, err)...)
}

// WorkerVariables and CLIVariables are the environment variables the
// worker and the CLI read besides the connection's (temporalconn.Variables
// and GRPCMetaPrefix), sorted.
func WorkerVariables() []string {
	return slices.Sorted(maps.Values(envKeys(reflect.TypeFor[Worker]())))
}

// CLIVariables: see WorkerVariables.
func CLIVariables() []string { return slices.Sorted(maps.Values(envKeys(reflect.TypeFor[CLI]()))) }

// ReservedTaskQueuePrefix starts the task queues Temporal keeps for
// itself.
const ReservedTaskQueuePrefix = "/_sys/"

// CheckTaskQueue reports whether q can name the task queue: not empty,
// without white space or control characters, not one of Temporal's own.
func CheckTaskQueue(q string) error {
	switch {
	case q == "":
		return errors.New("want a task queue name, such as " + workflows.DefaultTaskQueue)
	case strings.HasPrefix(q, ReservedTaskQueuePrefix):
		return errors.New("Temporal reserves the names starting with " + ReservedTaskQueuePrefix)
	}
	return temporalconn.CheckName(q)
}

// CheckUIURL reports whether u is an http(s) URL, the Temporal UI's.
func CheckUIURL(u string) error {
	if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return errors.New("want an http(s) URL, such as " + temporalconn.DefaultUIURL)
	}
	return nil
}

// Validate checks every setting of the CLI against its allowed values
// (the connection's are checked as they are read).
func (c CLI) Validate() error {
	var errs []error
	if err := CheckTaskQueue(c.TaskQueue); err != nil {
		errs = append(errs, fmt.Errorf("TASK_QUEUE=%q: %w", c.TaskQueue, err))
	}
	errs = append(errs, c.Config.Validate())
	if err := CheckUIURL(c.UIURL); err != nil {
		errs = append(errs, fmt.Errorf("TEMPORAL_UI_URL=%q: %w", c.UIURL, err))
	}
	return errors.Join(errs...)
}

// Validate checks every setting against its allowed values (the
// connection's are checked as they are read).
func (c Worker) Validate() error {
	var errs []error
	check := func(ok bool, name string, value any, want string) {
		if !ok {
			errs = append(errs, fmt.Errorf("%s=%v: %s", name, value, want))
		}
	}
	if err := CheckTaskQueue(c.TaskQueue); err != nil {
		errs = append(errs, fmt.Errorf("TASK_QUEUE=%q: %w", c.TaskQueue, err))
	}
	errs = append(errs, c.Config.Validate())
	check(c.PlayerChunkSize >= 1 && c.PlayerChunkSize <= MaxChunkSize, "PLAYER_CHUNK_SIZE", c.PlayerChunkSize, fmt.Sprintf("want 1 to %d", MaxChunkSize))
	check(c.MaxParallelChunks >= 1 && c.MaxParallelChunks <= MaxParallelChunksLimit, "MAX_PARALLEL_CHUNKS", c.MaxParallelChunks, fmt.Sprintf("want 1 to %d", MaxParallelChunksLimit))
	check(c.MaxConcurrentActivities >= 0, "MAX_CONCURRENT_ACTIVITIES", c.MaxConcurrentActivities, "want 0 (SDK default) or more")
	check(!c.MetricsEnabled() || validListenAddr(c.MetricsAddr), "METRICS_ADDR", c.MetricsAddr, `want host:port (":9090", "127.0.0.1:9090"), or "off"`)
	check(c.TripAttempt >= 1 && c.TripAttempt <= MaxTripAttempt, "CIRCUIT_BREAKER_TRIP_ATTEMPT", c.TripAttempt, fmt.Sprintf("want 1 to %d", MaxTripAttempt))
	check(c.Lockout > 0, "CIRCUIT_BREAKER_LOCKOUT", c.Lockout, "want a positive duration such as 24h or 30m")
	check(c.StagingMaxAge >= time.Hour, "STAGING_MAX_AGE", c.StagingMaxAge, "want 1h or more: a run in flight must never look abandoned")
	check(c.StagingSweepEvery > 0, "STAGING_SWEEP_EVERY", c.StagingSweepEvery, "want a positive duration such as 1h")
	check(c.ScheduleWatchEvery > 0, "SCHEDULE_WATCH_EVERY", c.ScheduleWatchEvery, "want a positive duration such as 1m")
	_, levelErr := c.SlogLevel()
	check(levelErr == nil, "LOG_LEVEL", c.Level, "want debug, info, warn or error")
	check(c.Format == "text" || c.Format == "json", "LOG_FORMAT", c.Format, "want text or json")
	return errors.Join(errs...)
}

// SlogLevel returns LOG_LEVEL as a slog level.
func (l Logging) SlogLevel() (slog.Level, error) {
	var level slog.Level
	err := level.UnmarshalText([]byte(l.Level))
	return level, err
}

// NewLogger returns the slog logger LOG_LEVEL and LOG_FORMAT describe,
// writing to stderr.
func (l Logging) NewLogger() *slog.Logger {
	level, _ := l.SlogLevel()
	opts := &slog.HandlerOptions{Level: level}
	if l.Format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// explain rewrites env's parse errors, which name Go fields, to name the
// environment variable and its value.
func explain(err error, cfg any, vars map[string]string) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return err
	}
	keys := envKeys(reflect.TypeOf(cfg).Elem())
	var errs []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			key := keys[pe.Name]
			errs = append(errs, fmt.Errorf("%s=%q: not a valid %s", key, vars[key], kindName(pe.Type)))
			continue
		}
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

// envKeys maps each field name of t (and its embedded structs) to its
// environment variable.
func envKeys(t reflect.Type) map[string]string {
	keys := map[string]string{}
	for f := range t.Fields() {
		if f.Type.Kind() == reflect.Struct && f.Anonymous {
			for name, key := range envKeys(f.Type) {
				keys[name] = key
			}
			continue
		}
		if key, _, _ := strings.Cut(f.Tag.Get("env"), ","); key != "" {
			keys[f.Name] = key
		}
	}
	return keys
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "boolean (true or false)"
	case reflect.Int, reflect.Int64:
		if t == reflect.TypeFor[time.Duration]() {
			return "duration (such as 24h, 30m or 90s)"
		}
		return "whole number"
	}
	return t.String()
}
