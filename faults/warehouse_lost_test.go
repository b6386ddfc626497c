//go:build longfaults

package faults_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"nbaflow/activities"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// TestWarehouseUnavailableForGood locks the warehouse in the middle of a
// daily run, after chunks have staged rows, for longer than the chunks'
// retry policy lasts. The run fails with an error that names the step and
// the cause, commits nothing (no rows, failures, attempts or run history
// for the date) and discards what it had staged once the warehouse takes
// writes again.
func TestWarehouseUnavailableForGood(t *testing.T) {
	s := newStack(t, 2)
	// Small chunks, two at a time per processor, so the lock lands with
	// both processors mid-way.
	run := s.startDaily(t, "unavailable-"+s.queue, workflows.DailyInput{GameDate: lockDate.String(), ChunkSize: 10, MaxParallelChunks: 2})
	waitForProgress(t, s, run.GetID(), func(p workflows.DailyProgress) bool {
		return len(p.Processors) == 2 && p.Processors[0].ChunksDone >= 2 && p.Processors[1].ChunksDone >= 2
	})
	release := lockWarehouse(t, s.path)
	lockedAt := time.Now()
	runID := run.GetID() + "/" + run.GetRunID()
	staged := 0
	for _, table := range []*warehouse.Table{warehouse.StagedContexts, warehouse.StagedZones, warehouse.StagedFailures} {
		staged += countRows(t, s.wh, table.Name, "run_id = ?", runID)
	}
	if staged == 0 {
		t.Fatal("nothing staged when the lock was taken")
	}

	// The warehouse stays locked until the run has given up on its chunks
	// and asks to discard its staging: only then does it come back.
	waitForActivity(t, s, run.GetID(), activities.DiscardRunName, 5*time.Minute)
	release()
	unavailable := time.Since(lockedAt)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := run.Get(ctx, nil)
	var app *temporal.ApplicationError
	if !errors.As(err, &app) || app.Type() != workflows.ErrProcessorFailed || !strings.Contains(app.Message(), "database is locked") {
		t.Fatalf("run ended with %v, want a %s error that says the database is locked", err, workflows.ErrProcessorFailed)
	}
	failedAfter := time.Since(lockedAt)

	ctxR := context.Background()
	if rows, _ := s.wh.PlayerContexts(ctxR, lockDate); len(rows) != 0 {
		t.Errorf("%d UPGC rows committed", len(rows))
	}
	if rows, _ := s.wh.ShotZoneProfiles(ctxR, lockDate); len(rows) != 0 {
		t.Errorf("%d PSZA rows committed", len(rows))
	}
	if f, _ := s.wh.EntityFailures(ctxR, lockDate); len(f) != 0 {
		t.Errorf("%d failures committed", len(f))
	}
	if h, _ := s.wh.RunHistory(ctxR, lockDate); len(h) != 0 {
		t.Errorf("run history %+v, want no commit", h)
	}
	if n := countRows(t, s.wh, warehouse.Attempts.Name, ""); n != 0 {
		t.Errorf("%d reprocess attempts committed", n)
	}
	assertNoStaging(t, s.wh)
	t.Logf("warehouse unavailable for %v after %d rows were staged: the run failed %v after the lock with %q; nothing committed, staging discarded",
		unavailable.Round(100*time.Millisecond), staged, failedAfter.Round(100*time.Millisecond), app.Message())
}

// waitForActivity polls until the workflow has a pending activity of the
// given type.
func waitForActivity(t *testing.T, s *stack, id, activity string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		desc, err := s.c.DescribeWorkflowExecution(context.Background(), id, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range desc.GetPendingActivities() {
			if a.GetActivityType().GetName() == activity {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never ran %s (status %v)", id, activity, desc.GetWorkflowExecutionInfo().GetStatus())
		}
		time.Sleep(200 * time.Millisecond)
	}
}
