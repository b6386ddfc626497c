package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"nbaflow/internal/config/configtest"
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

// TestEveryVariable runs the worker with each variable it reads set but
// empty, bad and good (configtest): the first two stop it with exit status
// 2 and a message naming the variable, before it opens or dials anything;
// a good value gets past the configuration, to a warehouse that cannot be
// opened or a metrics port that is taken (exit 1), so that no case dials.
func TestEveryVariable(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	past := []string{"SQLITE_PATH=" + filepath.Join(notADir, "w.db"), "METRICS_ADDR=" + busy.Addr().String(), "LOG_LEVEL=error"}
	for _, c := range configtest.Cases(t) {
		if !c.Worker {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			for _, tt := range []struct {
				what    string
				environ []string
				want    string
			}{
				{"empty", []string{c.Name + "="}, configtest.EmptyWant(c.Name)},
				{"bad", c.Environ(c.Bad), c.BadWant},
			} {
				var stderr bytes.Buffer
				if code := run(tt.environ, &stderr, nil); code != exitConfig || !strings.Contains(stderr.String(), "worker: invalid configuration:\n") ||
					!strings.Contains(stderr.String(), tt.want) {
					t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.what, code, stderr.String(), exitConfig, tt.want)
				}
			}
			var stderr bytes.Buffer
			if code := run(append(past, c.Environ(c.Good)...), &stderr, nil); code != exitFailure || stderr.Len() > 0 {
				t.Errorf("good %q: exit %d, stderr %q; want %d (past the configuration, the warehouse or the metrics port fails)", c.Good, code, stderr.String(), exitFailure)
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
	bin := buildWorker(t)
	for _, tt := range []struct {
		environ []string
		want    string
	}{
		{[]string{"PLAYER_CHUNK_SIZE=lots", "TEMPORAL_ADDRESS=127.0.0.1:1"}, `PLAYER_CHUNK_SIZE="lots"`},
		{[]string{"TEMPORAL_ADDRESS=notahost:abc"}, `TEMPORAL_ADDRESS="notahost:abc": want host:port`},
		{[]string{"TASK_QUEUE="}, "TASK_QUEUE is set but empty"},
	} {
		cmd := exec.Command(bin)
		cmd.Env = tt.environ
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitConfig {
			t.Errorf("%v: worker exited with %v, want status %d", tt.environ, err, exitConfig)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: stderr %q does not name the variable and value", tt.environ, stderr.String())
		}
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
