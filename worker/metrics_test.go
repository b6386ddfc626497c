package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/activities"
	"nbaflow/internal/metrics"
	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// TestMetricsMoveDuringARealRun runs the worker (run, as main does) with
// metrics on a free port against the dev server and a seeded warehouse in
// which one player has a NaN in his history, scrapes /metrics before, during
// and after a daily run, and finds nbaflow's counters and timers and the
// SDK's metrics moved by what the run reports.
func TestMetricsMoveDuringARealRun(t *testing.T) {
	srv := server.Server(t)
	date := civil.Date{Year: 2025, Month: time.January, Day: 15}
	path := testenv.SeededPath(t)
	spoilOnePlayer(t, path, date)

	addr, queue := testenv.FreeAddr(t), testenv.TaskQueue(t)
	stop := make(chan any)
	exited := make(chan int, 1)
	go func() {
		exited <- run([]string{
			"TEMPORAL_ADDRESS=" + srv.FrontendHostPort(), "TASK_QUEUE=" + queue, "SQLITE_PATH=" + path,
			"METRICS_ADDR=" + addr, "LOG_LEVEL=error",
		}, os.Stderr, stop)
	}()
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			close(stop)
			<-exited
		}
	})
	url := "http://" + addr + metrics.Path
	before := waitForEndpoint(t, addr, exited)
	for _, name := range []string{activities.MetricPlayersProcessed, activities.MetricPlayersFailed, activities.MetricChunkDuration, activities.MetricCommitDuration} {
		if v := before.Value(name); v != 0 {
			t.Errorf("%s = %v before any run", name, v)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// One small chunk at a time, so the run lasts several report intervals
	// and a scrape in the middle sees it part done.
	serial := false
	wr, err := srv.Client().ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "metrics-" + queue, TaskQueue: queue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: date.String(), Parallel: &serial, ChunkSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var res workflows.DailyResult
	go func() { done <- wr.Get(ctx, &res) }()
	// Scrape while the run goes, to show the counters climbing.
	var during []float64
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("daily run: %v", err)
			}
			running = false
		case <-time.After(250 * time.Millisecond):
			during = append(during, testenv.Scrape(t, url).Value(activities.MetricPlayersProcessed))
		}
	}
	t.Logf("players processed, scraped during the run: %v", during)
	planned := 0
	for _, pr := range res.Processors {
		planned += pr.Planned
	}
	if !slices.ContainsFunc(during, func(v float64) bool { return v > 0 && v < float64(planned) }) {
		t.Errorf("no scrape during the run saw between 0 and %d players processed: %v", planned, during)
	}

	// Counters reach the registry at the next report interval (timers at
	// once): give them two.
	time.Sleep(2 * metrics.ReportInterval)
	after := testenv.Scrape(t, url)
	for _, pr := range res.Processors {
		proc := string(pr.Processor)
		moved := func(name string, match ...string) float64 {
			match = append([]string{activities.LabelProcessor, proc}, match...)
			return after.Value(name, match...) - before.Value(name, match...)
		}
		checks := []struct {
			name  string
			moved float64
			want  int
		}{
			{activities.MetricPlayersProcessed, moved(activities.MetricPlayersProcessed), pr.Planned},
			{activities.MetricPlayersFailed + "{category=DATA_ERROR}", moved(activities.MetricPlayersFailed, activities.LabelCategory, string(nba.DataError)), 1},
			{activities.MetricChunkDuration + " samples", moved(activities.MetricChunkDuration), pr.Chunks},
			{activities.MetricCommitDuration + " samples", moved(activities.MetricCommitDuration), 1},
			{activities.MetricRowsCommitted + "{change=inserted}", moved(activities.MetricRowsCommitted, activities.LabelChange, "inserted"), pr.Inserted},
		}
		for _, c := range checks {
			// At least: a chunk retried on a busy warehouse counts again.
			if c.moved < float64(c.want) {
				t.Errorf("%s %s moved by %v, want at least %d (result %+v)", proc, c.name, c.moved, c.want, pr)
			}
			t.Logf("%s %s: %v -> moved by %v", proc, c.name, c.want, c.moved)
		}
		if d := moved(activities.MetricRowsCommitted, activities.LabelChange, "deleted"); d != float64(pr.Deleted) {
			t.Errorf("%s %s{change=deleted} moved by %v, want %d", proc, activities.MetricRowsCommitted, d, pr.Deleted)
		}
	}
	for _, name := range []string{"temporal_activity_execution_latency_seconds", "temporal_workflow_completed_total", "temporal_request_total"} {
		if after.Value(name) <= before.Value(name) {
			t.Errorf("SDK metric %s did not move: %v -> %v", name, before.Value(name), after.Value(name))
		}
	}

	close(stop)
	stopped = true
	if code := <-exited; code != 0 {
		t.Errorf("worker exited %d", code)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Errorf("metrics still served on %s after the worker stopped", addr)
	}
}

// waitForEndpoint waits until the worker listens on addr, and scrapes it.
func waitForEndpoint(t *testing.T, addr string, exited <-chan int) testenv.Metrics {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case code := <-exited:
			t.Fatalf("worker exited %d before serving metrics", code)
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return testenv.Scrape(t, "http://"+addr+metrics.Path)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no metrics endpoint on %s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// spoilOnePlayer stores a NaN points value in the last game before date of
// a player who plays on date: a DATA_ERROR in both processors.
func spoilOnePlayer(t *testing.T, path string, date civil.Date) {
	t.Helper()
	ds := testenv.Dataset(t)
	bad := testenv.GamesBefore(ds, testenv.PlayersOn(ds, date)[0], date)[0]
	nan := math.NaN()
	bad.Points = &nan
	wh, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	if _, err := wh.LoadDataset(context.Background(), &nba.Dataset{PlayerGames: []nba.PlayerGame{bad}}); err != nil {
		t.Fatal(fmt.Errorf("spoil %s: %w", bad.PlayerLookup, err))
	}
}

// TestBusyMetricsPortStopsTheWorker: a worker that cannot serve its
// metrics would fail its healthcheck forever, so it must not start.
func TestBusyMetricsPortStopsTheWorker(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code := run([]string{
		"METRICS_ADDR=" + ln.Addr().String(), "SQLITE_PATH=" + filepath.Join(t.TempDir(), "warehouse.db"),
		"TEMPORAL_ADDRESS=127.0.0.1:1", "LOG_LEVEL=error",
	}, io.Discard, nil)
	if code != exitFailure {
		t.Errorf("exit %d with METRICS_ADDR busy, want %d", code, exitFailure)
	}
}
