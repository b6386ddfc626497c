package workflows_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/nba"
	"nbaflow/internal/nbaworker"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// TestIntegrationTerminatedRunStagingIsSwept terminates a daily run in the
// middle of its chunks, which skips its discard: its staging stays until a
// worker's sweep takes it.
func TestIntegrationTerminatedRunStagingIsSwept(t *testing.T) {
	s := newStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	serial := false
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "terminated-" + integrationDate, TaskQueue: s.taskQueue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: integrationDate, Parallel: &serial, ChunkSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	for {
		staged, err := s.wh.StagedRuns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(staged) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.c.TerminateWorkflow(ctx, run.GetID(), run.GetRunID(), "operator gave up"); err != nil {
		t.Fatal(err)
	}
	staged, err := s.wh.StagedRuns(ctx)
	if err != nil || len(staged) != 1 || !strings.HasPrefix(staged[0].RunID, run.GetID()+"/") {
		t.Fatalf("staging after the termination: %+v, %v; want the terminated run's", staged, err)
	}
	// Sweeps as a worker runs them, again and again, with the terminated
	// run's rows old enough: a chunk the worker had begun before the
	// termination may still stage after the first sweep (seen once in CI,
	// 10 s after it), and the next sweep takes that too.
	sweepCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		nbaworker.SweepStaging(sweepCtx, s.wh, 100*time.Millisecond, -time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	}()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if staged, _ = s.wh.StagedRuns(ctx); len(staged) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("staging still there after the sweep: %+v", staged)
		}
	}
	stop()
	<-done
}

// deadWarehouse refuses every read a plan needs, as a warehouse whose
// credentials were revoked does.
type deadWarehouse struct{ warehouse.Warehouse }

func (deadWarehouse) SeasonStart(context.Context, int) (civil.Date, bool, error) {
	return civil.Date{}, false, fmt.Errorf("%w: Access Denied: permission bigquery.jobs.create denied", warehouse.ErrRejected)
}

// TestIntegrationBackfillStopsAgainstADeadWarehouse backfills a month
// against a warehouse that refuses every plan: after StopAfterFailures
// dates in a row fail alike it starts no more, and says why.
func TestIntegrationBackfillStopsAgainstADeadWarehouse(t *testing.T) {
	s := &stack{c: server.Client(t), wh: testenv.Seeded(t), taskQueue: testenv.TaskQueue(t)}
	testenv.StartWorker(t, s.c, s.taskQueue, deadWarehouse{s.wh})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "dead-warehouse-backfill", TaskQueue: s.taskQueue},
		workflows.BackfillWorkflowName, workflows.BackfillInput{StartDate: "2025-01-01", EndDate: "2025-01-31",
			StopAfterFailures: 3, MaxParallelDates: 2, Processors: []string{string(nba.UPGC)}})
	if err != nil {
		t.Fatal(err)
	}
	var res workflows.BackfillResult
	if err := run.Get(ctx, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != workflows.StatusStopped || res.DatesFailed < 3 || res.DatesFailed > 4 || res.DatesNotStarted < 20 ||
		!strings.Contains(res.StoppedReason, "3 dates in a row failed with WAREHOUSE_REJECTED") {
		t.Errorf("backfill %+v, want stopped after 3 dates failed with WAREHOUSE_REJECTED", res)
	}
	t.Logf("stopped: %s; %d failed, %d not started", res.StoppedReason, res.DatesFailed, res.DatesNotStarted)
}
