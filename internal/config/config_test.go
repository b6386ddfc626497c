package config

import (
	"runtime"
	"strings"
	"testing"

	"nbaflow/internal/warehouse"
)

func TestLoadWorkerDefaults(t *testing.T) {
	cfg, err := LoadWorker(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Worker{
		Temporal:                    Temporal{Address: "localhost:7233", Namespace: "default", TaskQueue: "nba-analytics"},
		Config:                      warehouse.Config{Backend: "sqlite", SQLitePath: ".data/warehouse.db", BigQueryLocation: "US"},
		Logging:                     Logging{Level: "info", Format: "text"},
		PlayerChunkSize:             25,
		MaxParallelChunks:           8,
		EnablePlayerParallelization: true,
	}
	if cfg != want {
		t.Errorf("defaults\n got %+v\nwant %+v", cfg, want)
	}
}

func TestLoadWorkerReadsEveryVariable(t *testing.T) {
	cfg, err := LoadWorker([]string{
		"TEMPORAL_ADDRESS=temporal:7233", "TEMPORAL_NAMESPACE=nba", "TASK_QUEUE=nba-backfill",
		"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=props-prod", "BIGQUERY_LOCATION=EU",
		"PLAYER_CHUNK_SIZE=1", "MAX_PARALLEL_CHUNKS=50", "ENABLE_PLAYER_PARALLELIZATION=false",
		"MAX_CONCURRENT_ACTIVITIES=20", "LOG_LEVEL=debug", "LOG_FORMAT=json",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Address != "temporal:7233" || cfg.Namespace != "nba" || cfg.TaskQueue != "nba-backfill" ||
		cfg.Backend != "bigquery" || cfg.BigQueryProject != "props-prod" || cfg.BigQueryLocation != "EU" ||
		cfg.PlayerChunkSize != 1 || cfg.MaxParallelChunks != 50 || cfg.EnablePlayerParallelization ||
		cfg.MaxConcurrentActivities != 20 || cfg.Level != "debug" || cfg.Format != "json" {
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
		{"MAX_PARALLEL_CHUNKS=-3", "MAX_PARALLEL_CHUNKS=-3: want 1 to 200"},
		{"MAX_PARALLEL_CHUNKS=5000", "MAX_PARALLEL_CHUNKS=5000: want 1 to 200"},
		{"ENABLE_PLAYER_PARALLELIZATION=maybe", `ENABLE_PLAYER_PARALLELIZATION="maybe": not a valid boolean`},
		{"MAX_CONCURRENT_ACTIVITIES=-1", "MAX_CONCURRENT_ACTIVITIES=-1: want 0"},
		{"WAREHOUSE=postgres", `WAREHOUSE="postgres"`},
		{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT"},
		{"LOG_LEVEL=loud", "LOG_LEVEL=loud: want debug, info, warn or error"},
		{"LOG_FORMAT=xml", "LOG_FORMAT=xml: want text or json"},
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
