package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"nbaflow/internal/devserver"
	"nbaflow/internal/testenv"
)

var server devserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	server.Stop()
	testenv.Cleanup()
	os.Exit(code)
}

func TestInvalidConfigurationExitsTwo(t *testing.T) {
	tests := []struct {
		env  string
		want string
	}{
		{"PLAYER_CHUNK_SIZE=abc", `PLAYER_CHUNK_SIZE="abc"`},
		{"MAX_PARALLEL_CHUNKS=0", "MAX_PARALLEL_CHUNKS=0"},
		{"ENABLE_PLAYER_PARALLELIZATION=perhaps", `ENABLE_PLAYER_PARALLELIZATION="perhaps"`},
		{"WAREHOUSE=oracle", `WAREHOUSE="oracle"`},
		{"LOG_FORMAT=yaml", "LOG_FORMAT=yaml"},
		{"METRICS_ADDR=9090", "METRICS_ADDR=9090"},
		{"CIRCUIT_BREAKER_LOCKOUT=soon", `CIRCUIT_BREAKER_LOCKOUT="soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run([]string{tt.env}, &stderr, nil); code != exitConfig {
				t.Errorf("exit %d, want %d", code, exitConfig)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q does not name %s", stderr.String(), tt.want)
			}
		})
	}
}

// buildWorker builds this command into a temporary directory.
func buildWorker(t *testing.T) string {
	t.Helper()
	return testenv.BuildCommand(t, ".", "worker")
}

func TestBinaryRejectsABadEnvironment(t *testing.T) {
	cmd := exec.Command(buildWorker(t))
	cmd.Env = []string{"PLAYER_CHUNK_SIZE=lots", "TEMPORAL_ADDRESS=127.0.0.1:1"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitConfig {
		t.Fatalf("worker exited with %v, want status %d", err, exitConfig)
	}
	if !strings.Contains(stderr.String(), `PLAYER_CHUNK_SIZE="lots"`) {
		t.Errorf("stderr %q does not name the variable and value", stderr.String())
	}
}

// TestBinaryServesAndStopsOnSIGTERM runs the built worker against the dev
// server and an empty warehouse: it serves a daily run (a date without games)
// with JSON logs, then stops cleanly on SIGTERM.
func TestBinaryServesAndStopsOnSIGTERM(t *testing.T) {
	srv := server.Server(t)
	w := startWorker(t, buildWorker(t), []string{
		"TEMPORAL_ADDRESS=" + srv.FrontendHostPort(),
		"TASK_QUEUE=worker-binary-test",
		"SQLITE_PATH=" + filepath.Join(t.TempDir(), "warehouse.db"),
		"LOG_FORMAT=json",
		"METRICS_ADDR=127.0.0.1:0", // a free port: tests must not take 9090
	})
	w.serveDateWithoutGames(t, srv, "worker-binary-test")
	log := w.stop(t)
	lines := 0
	for sc := bufio.NewScanner(strings.NewReader(log)); sc.Scan(); lines++ {
		var entry map[string]any
		if err := json.Unmarshal(sc.Bytes(), &entry); err != nil {
			t.Errorf("log line is not JSON: %q", sc.Text())
		}
	}
	if lines == 0 {
		t.Error("the worker logged nothing")
	}
}
