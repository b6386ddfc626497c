package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/metrics"
	"nbaflow/internal/nbaworker"
	"nbaflow/internal/operator"
	"nbaflow/internal/testenv"
	"nbaflow/workflows"
)

// TestScheduleHealthGauges: a night the nba-daily Schedule skipped shows in
// the worker's gauges. The Schedule here is an old one, overlap SKIP, whose
// first night hangs (no worker polls its queue): the second is skipped.
func TestScheduleHealthGauges(t *testing.T) {
	srv := server.Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	handle, err := srv.Client().ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: operator.ScheduleID, Spec: client.ScheduleSpec{}, Paused: true, Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Action: &client.ScheduleWorkflowAction{ID: "hung-night", Workflow: workflows.DailyWorkflowName,
			Args: []any{workflows.DailyInput{}}, TaskQueue: "nobody-polls-" + testenv.TaskQueue(t)},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { handle.Delete(context.Background()) })
	for range 2 {
		if err := handle.Trigger(ctx, client.ScheduleTriggerOptions{}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1100 * time.Millisecond) // a scheduled run is named to the second
	}

	addr := testenv.FreeAddr(t)
	stop, exited := make(chan any), make(chan int, 1)
	go func() {
		exited <- run([]string{"TEMPORAL_ADDRESS=" + srv.FrontendHostPort(), "TASK_QUEUE=" + testenv.TaskQueue(t),
			"SQLITE_PATH=" + filepath.Join(t.TempDir(), "w.db"), "METRICS_ADDR=" + addr, "LOG_LEVEL=error",
			"SCHEDULE_WATCH_EVERY=100ms"}, os.Stderr, stop)
	}()
	defer func() { close(stop); <-exited }()
	waitForEndpoint(t, addr, exited)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		m := testenv.Scrape(t, "http://"+addr+metrics.Path)
		if m.Value(nbaworker.MetricScheduleSkipped) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %v, want the skipped night counted", nbaworker.MetricScheduleSkipped, m.Value(nbaworker.MetricScheduleSkipped))
		}
	}
}
