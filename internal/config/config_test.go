package config

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/warehouse"
)

func TestLoadWorkerDefaults(t *testing.T) {
	cfg, err := LoadWorker(nil)
	if err != nil {
		t.Fatal(err)
	}
	if conn := cfg.ClientOptions(); conn.HostPort != "localhost:7233" || conn.Namespace != "default" || conn.ConnectionOptions.TLS != nil {
		t.Errorf("connection %s %s TLS %v, want plaintext to localhost:7233, namespace default", conn.HostPort, conn.Namespace, conn.ConnectionOptions.TLS != nil)
	}
	cfg.conn = client.Options{}
	want := Worker{
		Temporal:                    Temporal{TaskQueue: "nba-analytics"},
		Config:                      warehouse.Config{Backend: "sqlite", SQLitePath: ".data/warehouse.db", BigQueryLocation: "US"},
		Logging:                     Logging{Level: "info", Format: "text"},
		PlayerChunkSize:             25,
		MaxParallelChunks:           8,
		EnablePlayerParallelization: true,
		MetricsAddr:                 "127.0.0.1:9090",
		Breaker:                     Breaker{TripAttempt: 3, Lockout: 24 * time.Hour},
		Sweep:                       Sweep{StagingMaxAge: 24 * time.Hour, StagingSweepEvery: time.Hour, ScheduleWatchEvery: time.Minute},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("defaults\n got %+v\nwant %+v", cfg, want)
	}
}

func TestLoadCLIDefaults(t *testing.T) {
	cfg, err := LoadCLI(nil)
	if err != nil {
		t.Fatal(err)
	}
	if conn := cfg.ClientOptions(); conn.HostPort != "localhost:7233" || conn.Namespace != "default" || conn.ConnectionOptions.TLS != nil {
		t.Errorf("connection %s %s TLS %v, want plaintext to localhost:7233, namespace default", conn.HostPort, conn.Namespace, conn.ConnectionOptions.TLS != nil)
	}
	cfg.conn = client.Options{}
	want := CLI{
		Temporal: Temporal{TaskQueue: "nba-analytics"},
		Config:   warehouse.Config{Backend: "sqlite", SQLitePath: ".data/warehouse.db", BigQueryLocation: "US"},
		UIURL:    "http://localhost:8233",
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("defaults\n got %+v\nwant %+v", cfg, want)
	}
}

func TestLoadCLIReadsEveryVariable(t *testing.T) {
	cfg, err := LoadCLI([]string{
		"TASK_QUEUE=nba-backfill", "TEMPORAL_UI_URL=https://temporal-ui.internal",
		"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=props-prod", "BIGQUERY_LOCATION=EU", "BIGQUERY_ENDPOINT=http://127.0.0.1:9050/bigquery/v2/",
		"TEMPORAL_ADDRESS=temporal.internal:7233", "TEMPORAL_NAMESPACE=nba",
	})
	if err != nil {
		t.Fatal(err)
	}
	conn := cfg.ClientOptions()
	if cfg.TaskQueue != "nba-backfill" || cfg.UIURL != "https://temporal-ui.internal" ||
		cfg.Backend != "bigquery" || cfg.BigQueryProject != "props-prod" || cfg.BigQueryLocation != "EU" ||
		cfg.BigQueryEndpoint != "http://127.0.0.1:9050/bigquery/v2/" ||
		conn.HostPort != "temporal.internal:7233" || conn.Namespace != "nba" {
		t.Errorf("got %+v, connection %s %s", cfg, conn.HostPort, conn.Namespace)
	}
}

func TestLoadWorkerReadsEveryVariable(t *testing.T) {
	cfg, err := LoadWorker([]string{
		"TASK_QUEUE=nba-backfill",
		"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=props-prod", "BIGQUERY_LOCATION=EU",
		"PLAYER_CHUNK_SIZE=1", "MAX_PARALLEL_CHUNKS=50", "ENABLE_PLAYER_PARALLELIZATION=false",
		"MAX_CONCURRENT_ACTIVITIES=20", "LOG_LEVEL=debug", "LOG_FORMAT=json",
		"METRICS_ADDR=:9191", "CIRCUIT_BREAKER_TRIP_ATTEMPT=5", "CIRCUIT_BREAKER_LOCKOUT=90s",
		"STAGING_MAX_AGE=48h", "STAGING_SWEEP_EVERY=10m",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TaskQueue != "nba-backfill" ||
		cfg.Backend != "bigquery" || cfg.BigQueryProject != "props-prod" || cfg.BigQueryLocation != "EU" ||
		cfg.PlayerChunkSize != 1 || cfg.MaxParallelChunks != 50 || cfg.EnablePlayerParallelization ||
		cfg.MaxConcurrentActivities != 20 || cfg.Level != "debug" || cfg.Format != "json" ||
		cfg.MetricsAddr != ":9191" || cfg.TripAttempt != 5 || cfg.Lockout != 90*time.Second ||
		cfg.StagingMaxAge != 48*time.Hour || cfg.StagingSweepEvery != 10*time.Minute {
		t.Errorf("got %+v", cfg)
	}
}

func TestLoadWorkerNamesTheBadVariableAndValue(t *testing.T) {
	tests := []struct {
		env  string
		want string
	}{
		{"PLAYER_CHUNK_SIZE=abc", `PLAYER_CHUNK_SIZE="abc": not a valid whole number`},
		{"PLAYER_CHUNK_SIZE=0", "PLAYER_CHUNK_SIZE=0: want 1 to 1000"},
		{"STAGING_MAX_AGE=10m", "STAGING_MAX_AGE=10m0s: want 1h or more"},
		{"MAX_PARALLEL_CHUNKS=-3", "MAX_PARALLEL_CHUNKS=-3: want 1 to 200"},
		{"MAX_PARALLEL_CHUNKS=5000", "MAX_PARALLEL_CHUNKS=5000: want 1 to 200"},
		{"ENABLE_PLAYER_PARALLELIZATION=maybe", `ENABLE_PLAYER_PARALLELIZATION="maybe": not a valid boolean`},
		{"MAX_CONCURRENT_ACTIVITIES=-1", "MAX_CONCURRENT_ACTIVITIES=-1: want 0"},
		{"WAREHOUSE=postgres", `WAREHOUSE="postgres"`},
		{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT"},
		{"LOG_LEVEL=loud", "LOG_LEVEL=loud: want debug, info, warn or error"},
		{"LOG_FORMAT=xml", "LOG_FORMAT=xml: want text or json"},
		{"METRICS_ADDR=9090", "METRICS_ADDR=9090: want host:port"},
		{"METRICS_ADDR=localhost:http", "METRICS_ADDR=localhost:http: want host:port"},
		{"METRICS_ADDR=:70000", "METRICS_ADDR=:70000: want host:port"},
		{"METRICS_ADDR=on", "METRICS_ADDR=on: want host:port"},
		{"CIRCUIT_BREAKER_TRIP_ATTEMPT=0", "CIRCUIT_BREAKER_TRIP_ATTEMPT=0: want 1 to 100"},
		{"CIRCUIT_BREAKER_TRIP_ATTEMPT=three", `CIRCUIT_BREAKER_TRIP_ATTEMPT="three": not a valid whole number`},
		{"CIRCUIT_BREAKER_LOCKOUT=1 day", `CIRCUIT_BREAKER_LOCKOUT="1 day": not a valid duration`},
		{"CIRCUIT_BREAKER_LOCKOUT=0s", "CIRCUIT_BREAKER_LOCKOUT=0s: want a positive duration"},
		{"CIRCUIT_BREAKER_LOCKOUT=-1h", "CIRCUIT_BREAKER_LOCKOUT=-1h0m0s: want a positive duration"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			_, err := LoadWorker([]string{tt.env})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestMetricsEnabled(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"off", false},
		{":9090", true},
		{"127.0.0.1:0", true},
		{"[::1]:9090", true},
	}
	for _, tt := range tests {
		cfg, err := LoadWorker([]string{"METRICS_ADDR=" + tt.addr})
		if err != nil {
			t.Fatalf("METRICS_ADDR=%q: %v", tt.addr, err)
		}
		if got := cfg.MetricsEnabled(); got != tt.want {
			t.Errorf("METRICS_ADDR=%q: enabled %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestActivitySlots(t *testing.T) {
	cpus := runtime.GOMAXPROCS(0)
	tests := []struct {
		env  []string
		want int
	}{
		{nil, SQLiteSlotsPerCPU * cpus},
		{[]string{"MAX_CONCURRENT_ACTIVITIES=3"}, 3},
		{[]string{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=props-prod"}, 0},
		{[]string{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=props-prod", "MAX_CONCURRENT_ACTIVITIES=50"}, 50},
	}
	for _, tt := range tests {
		cfg, err := LoadWorker(tt.env)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.ActivitySlots(); got != tt.want {
			t.Errorf("%v: %d slots, want %d", tt.env, got, tt.want)
		}
	}
}

// TestWorkerAndCLIReadAlike: the worker (LoadWorker) and the CLI
// (LoadCLI) open the same warehouse, poll and start on the same task queue
// and reach the same Temporal from the same environment, defaults
// included.
func TestWorkerAndCLIReadAlike(t *testing.T) {
	for _, environ := range [][]string{
		{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=props-prod"},
		{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=props-prod", "BIGQUERY_LOCATION=EU"},
		{"SQLITE_PATH=/var/lib/nbaflow/w.db", "TASK_QUEUE=nba-test", "TEMPORAL_ADDRESS=temporal:7233", "TEMPORAL_NAMESPACE=nba"},
		{},
	} {
		worker, err := LoadWorker(environ)
		if err != nil {
			t.Fatal(err)
		}
		cli, err := LoadCLI(environ)
		if err != nil {
			t.Fatal(err)
		}
		if cli.Config != worker.Config || cli.TaskQueue != worker.TaskQueue {
			t.Errorf("%v: the worker opens %+v on %s, the CLI %+v on %s", environ, worker.Config, worker.TaskQueue, cli.Config, cli.TaskQueue)
		}
		w, c := worker.ClientOptions(), cli.ClientOptions()
		if w.HostPort != c.HostPort || w.Namespace != c.Namespace {
			t.Errorf("%v: the worker reaches %s/%s, the CLI %s/%s", environ, w.HostPort, w.Namespace, c.HostPort, c.Namespace)
		}
	}
}

// TestTerminalConventions: NO_COLOR with a value and TERM=dumb turn the
// CLI's colours off; an empty NO_COLOR is unset (no-color.org), not an error.
func TestTerminalConventions(t *testing.T) {
	tests := []struct {
		environ  []string
		noColour bool
	}{
		{nil, false},
		{[]string{"NO_COLOR=1"}, true},
		{[]string{"NO_COLOR="}, false},
		{[]string{"TERM=dumb"}, true},
		{[]string{"TERM=xterm-256color"}, false},
	}
	for _, tt := range tests {
		cfg, err := LoadCLI(tt.environ)
		if err != nil {
			t.Errorf("LoadCLI(%q): %v", tt.environ, err)
			continue
		}
		if cfg.Terminal.NoColour != tt.noColour {
			t.Errorf("LoadCLI(%q).Terminal.NoColour = %v, want %v", tt.environ, cfg.Terminal.NoColour, tt.noColour)
		}
	}
}
