package faults_test

import (
	"context"
	"testing"
	"time"

	"cloud.google.com/go/civil"

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
