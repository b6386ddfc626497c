package config

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/warehouse"
)

func TestLoadWorkerDefaults(t *testing.T) {
	cfg, err := LoadWorker(nil)
	if err != nil {
		t.Fatal(err)
	}
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
	if cfg != want {
		t.Errorf("defaults\n got %+v\nwant %+v", cfg, want)
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
		{"", false},
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
		{[]string{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=p"}, 0},
		{[]string{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=p", "MAX_CONCURRENT_ACTIVITIES=50"}, 50},
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

// TestWorkerAndCLIReadTheWarehouseAlike: the worker (LoadWorker) and the
// CLI (warehouse.ConfigFromEnv) open the same warehouse from the same
// environment, defaults included.
func TestWorkerAndCLIReadTheWarehouseAlike(t *testing.T) {
	for _, env := range []map[string]string{
		{"WAREHOUSE": "bigquery", "BIGQUERY_PROJECT": "p"},
		{"WAREHOUSE": "bigquery", "BIGQUERY_PROJECT": "p", "BIGQUERY_LOCATION": "EU"},
		{},
	} {
		var environ []string
		for k, v := range env {
			environ = append(environ, k+"="+v)
		}
		worker, err := LoadWorker(environ)
		if err != nil {
			t.Fatal(err)
		}
		if cli := warehouse.ConfigFromEnv(func(k string) string { return env[k] }); cli != worker.Config {
			t.Errorf("%v: the worker opens %+v, the CLI %+v", env, worker.Config, cli)
		}
	}
}
