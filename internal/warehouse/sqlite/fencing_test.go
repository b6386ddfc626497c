package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/warehousetest"
)

var mid = warehousetest.Mid

func at(hour int) time.Time { return time.Date(mid.Year, mid.Month, mid.Day, hour, 0, 0, 0, time.UTC) }

// stagedRows counts what the staging tables hold for a run.
func stagedRows(t *testing.T, path, runID string) int {
	t.Helper()
	w := openFile(t, path)
	total := 0
	for _, tb := range warehouse.Tables {
		if tb.Role != warehouse.RoleStaging {
			continue
		}
		var n int
		if err := w.DB().QueryRow("SELECT COUNT(*) FROM "+tb.Name+" WHERE run_id = ?", runID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		total += n
	}
	return total
}

// TestSupersededCommitDiscardsItsStaging: an older run that commits after a
// newer one leaves nothing behind in staging.
func TestSupersededCommitDiscardsItsStaging(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	w := openFile(t, path)
	ctx := context.Background()
	for _, run := range []string{"old", "new"} {
		b := warehousetest.ContextBatch(run, mid, []string{"aaaone", "aaatwo"}, 10, at(8))
		b.Failures = []nba.Failure{warehousetest.Failure(nba.UPGC, "bbbone", nba.DataError)}
		b.Attempts = []nba.ReprocessAttempt{warehousetest.Attempt(nba.UPGC, "bbbone", mid, 1)}
		if err := w.Stage(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Commit(ctx, warehousetest.PlannedCommit("new", nba.UPGC, mid, at(4))); err != nil {
		t.Fatal(err)
	}
	res, err := w.Commit(ctx, warehousetest.PlannedCommit("old", nba.UPGC, mid, at(3)))
	if err != nil || !res.Superseded {
		t.Fatalf("Commit of the older run = %+v, %v; want superseded", res, err)
	}
	if n := stagedRows(t, path, "old"); n != 0 {
		t.Errorf("the superseded run left %d staged rows", n)
	}
}

// TestMigrationToFencing opens a database of schema version 1, whose run
// history has no plan times and which has no committed_runs: the runs
// already committed keep their history, the latest of each (processor,
// date) becomes its committed run, and fencing works from there.
func TestMigrationToFencing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	w := openFile(t, path)
	ctx := context.Background()
	for i, run := range []string{"r-late", "r-early"} {
		req := warehousetest.PlannedCommit(run, nba.UPGC, mid, at(1))
		req.StartedAt = at(10 - 4*i) // r-late started at 10:00, r-early at 06:00
		if err := w.Stage(ctx, warehousetest.ContextBatch(run, mid, []string{"aaaone"}, float64(i), at(8))); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Commit(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	rewind(t, w, 1)
	for _, stmt := range []string{
		"UPDATE processor_run_history SET status = 'success', superseded_by = NULL", // version 1 knew no superseded runs
		"DROP TABLE committed_runs",
		"ALTER TABLE processor_run_history DROP COLUMN superseded_by",
		"ALTER TABLE processor_run_history DROP COLUMN planned_at",
		"ALTER TABLE processor_run_history DROP COLUMN deleted",
	} {
		if _, err := w.DB().Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	w = openFile(t, path)
	hist, err := w.RunHistory(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hist {
		if !h.PlannedAt.Equal(h.StartedAt) {
			t.Errorf("run %s: planned_at %v after the migration, want its start %v", h.RunID, h.PlannedAt, h.StartedAt)
		}
	}
	// r-late (started 10:00) holds the date: a run planned at 09:00 is older.
	res, err := w.Commit(ctx, warehousetest.PlannedCommit("r-nine", nba.UPGC, mid, at(9)))
	if err != nil || !res.Superseded || res.SupersededBy != "r-late" {
		t.Errorf("Commit of a run planned at 09:00 = %+v, %v; want superseded by r-late", res, err)
	}
}

// TestSweepStaging: the staging of runs whose newest row is older than the
// cutoff goes, whatever tables it is in; a run staging now stays.
func TestSweepStaging(t *testing.T) {
	w := openFile(t, filepath.Join(t.TempDir(), "w.db"))
	ctx := context.Background()
	stale, alive := warehousetest.ContextBatch("dead", mid, []string{"aaaone", "aaatwo"}, 10, at(1)), warehousetest.ContextBatch("alive", mid, []string{"aaaone"}, 10, at(20))
	stale.Attempts = []nba.ReprocessAttempt{warehousetest.Attempt(nba.UPGC, "bbbone", mid, 1)} // attempted at 11:00
	for _, b := range []warehouse.StageBatch{stale, alive} {
		if err := w.Stage(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := w.StagedRuns(ctx)
	if err != nil || len(runs) != 2 || runs[1].RunID != "dead" || runs[1].Rows != 3 || !runs[1].Newest.Equal(at(11)) {
		t.Fatalf("StagedRuns = %+v, %v; want alive and dead, dead with 3 rows, the newest staged at 11:00", runs, err)
	}
	swept, err := w.SweepStaging(ctx, at(12))
	if err != nil || len(swept) != 1 || swept[0].RunID != "dead" {
		t.Fatalf("SweepStaging = %+v, %v; want dead swept", swept, err)
	}
	if runs, _ := w.StagedRuns(ctx); len(runs) != 1 || runs[0].RunID != "alive" {
		t.Errorf("after the sweep, staged runs %+v, want alive alone", runs)
	}
}
