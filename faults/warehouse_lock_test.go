package faults_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/temporal"

	"nbaflow/activities"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// lockDate is the date the warehouse-lock tests compute.
var lockDate = civil.Date{Year: 2025, Month: time.January, Day: 15}

// lockWarehouse takes SQLite's write lock on the warehouse file from the
// test process (BEGIN EXCLUSIVE on a connection of its own) and returns
// the function that releases it. In WAL mode readers go on; every writer
// waits for its busy timeout and then fails with SQLITE_BUSY, which the
// activities return as a retryable error.
func lockWarehouse(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	wh, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := wh.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatalf("lock the warehouse: %v", err)
	}
	released := false
	release = func() {
		if released {
			return
		}
		released = true
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Errorf("release the warehouse lock: %v", err)
		}
		conn.Close()
		wh.Close()
	}
	t.Cleanup(release)
	return release
}

// TestWarehouseLockedThenReleased holds the warehouse's write lock for
// longer than the busy timeout while a daily run stages its chunks: the
// writes fail with SQLITE_BUSY, the chunk activities are retried, and
// once the lock is released the run completes with every row an
// undisturbed run writes.
func TestWarehouseLockedThenReleased(t *testing.T) {
	in := workflows.DailyInput{GameDate: lockDate.String()}
	ref := referenceDaily(t, lockDate, in)

	s := newStack(t, 2)
	release := lockWarehouse(t, s.path)
	const lockFor = sqlite.BusyTimeout + 5*time.Second
	begun := time.Now()
	run := s.startDaily(t, "locked-"+s.queue, in)
	time.Sleep(lockFor)
	release()
	res := wait[workflows.DailyResult](t, run, 3*time.Minute)
	elapsed := time.Since(begun)

	if res.Status != workflows.StatusSuccess && res.Status != workflows.StatusPartial {
		t.Errorf("result %+v, want the date computed", res)
	}
	assertSameOutcomes(t, ref.outcomes, readOutcomes(t, s.wh, []civil.Date{lockDate}))
	assertOneCommitEach(t, s.wh, []civil.Date{lockDate})

	retried := 0
	for id, o := range activityOutcomes(t, s.c, run.GetID(), run.GetRunID()) {
		if o.failed {
			t.Errorf("activity %s failed: %+v", id, o)
		}
		if o.attempt > 1 {
			retried++
		}
	}
	busy := 0
	for _, w := range s.workers {
		busy += w.countLog("SQLITE_BUSY")
	}
	if retried == 0 || busy == 0 {
		t.Errorf("%d activities retried and %d SQLITE_BUSY errors logged: the lock did not bite", retried, busy)
	}
	t.Logf("warehouse locked for %v (busy timeout %v): %d activities retried after %d SQLITE_BUSY errors; the run took %v, %v undisturbed",
		lockFor, sqlite.BusyTimeout, retried, busy, elapsed.Round(100*time.Millisecond), ref.elapsed.Round(100*time.Millisecond))
}

// TestWarehouseUnavailableForGood locks the warehouse in the middle of a
// daily run, after chunks have staged rows, for longer than the chunks'
// retry policy lasts. The run fails with an error that names the step and
// the cause, commits nothing (no rows, failures, attempts or run history
// for the date) and discards what it had staged once the warehouse takes
// writes again.
func TestWarehouseUnavailableForGood(t *testing.T) {
	long(t)
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
