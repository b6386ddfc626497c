package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/internal/warehouse/warehousetest"
)

// rewind makes the database at path one of schema version v < 5: the run
// tables in the main file and no record of the later migrations.
func rewind(t *testing.T, w *sqlite.Warehouse, v int) {
	t.Helper()
	sqlite.ToOneFile(t, w.DB())
	if _, err := w.DB().Exec("DELETE FROM schema_version WHERE version > ?", v); err != nil {
		t.Fatal(err)
	}
}

// TestRunTablesMoveToTheRunsFile opens a database of version 4, every
// table in one file, with committed outputs and run history: after the
// move they are in the runs file, row for row, and no longer in the main
// file; the inputs stay where they were.
func TestRunTablesMoveToTheRunsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v4.db")
	w := openFile(t, path)
	commitOne(t, w, "r-one")
	before := dumpRunTables(t, w.DB())
	rewind(t, w, 4)
	if got := schemasOf(t, w.DB(), "processor_run_history"); got != "main" {
		t.Fatalf("rewound run history is in %q; want main", got)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	w = openFile(t, path)
	if got := dumpRunTables(t, w.DB()); got != before {
		t.Errorf("after the move the run tables hold\n%s\nwant\n%s", got, before)
	}
	for table, want := range map[string]string{"processor_run_history": "runs", string(nba.UPGC): "runs",
		"staging_" + string(nba.UPGC): "runs", "player_game_summary": "main", "schema_version": "main"} {
		if got := schemasOf(t, w.DB(), table); got != want {
			t.Errorf("%s is in %q; want %q", table, got, want)
		}
	}
	wantOnlyRun(t, w, "r-one")
}

// TestUnfinishedMoveIsRedone: a copy left in the runs file by a move that
// did not finish (the main file still at version 4, its tables the truth)
// is replaced by a fresh copy, not kept beside newer rows.
func TestUnfinishedMoveIsRedone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	w := openFile(t, path)
	commitOne(t, w, "r-one")
	rewind(t, w, 4)
	// The unfinished copy: a stale row in the runs file's run history.
	if _, err := w.DB().Exec("CREATE TABLE runs.processor_run_history AS SELECT * FROM main.processor_run_history"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB().Exec("UPDATE runs.processor_run_history SET run_id = 'stale'"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w = openFile(t, path)
	wantOnlyRun(t, w, "r-one")
}

// TestLostRunsFile: a warehouse whose runs file is gone does not open (it
// would start empty outputs and history beside the inputs), and says which
// file is missing.
func TestLostRunsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	w := openFile(t, path)
	commitOne(t, w, "r-one")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(sqlite.RunsPath(path)); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "runs file") {
		t.Fatalf("Open without the runs file: %v; want an error naming the runs file", err)
	}
}

// commitOne stages and commits one context row under run.
func commitOne(t *testing.T, w *sqlite.Warehouse, run string) {
	t.Helper()
	ctx := context.Background()
	if err := w.Stage(ctx, warehousetest.ContextBatch(run, mid, []string{"aaaone"}, 1, at(8))); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(ctx, warehousetest.PlannedCommit(run, nba.UPGC, mid, at(1))); err != nil {
		t.Fatal(err)
	}
}

// wantOnlyRun fails unless run is the one run in mid's run history.
func wantOnlyRun(t *testing.T, w *sqlite.Warehouse, run string) {
	t.Helper()
	hist, err := w.RunHistory(context.Background(), mid)
	if err != nil || len(hist) != 1 || hist[0].RunID != run {
		t.Errorf("run history: %+v, %v; want %s's commit alone", hist, err, run)
	}
}

// schemasOf returns the schemas that hold a table named name, joined.
func schemasOf(t *testing.T, db *sql.DB, name string) string {
	t.Helper()
	var in sql.NullString
	if err := db.QueryRow("SELECT group_concat(schema) FROM pragma_table_list WHERE name = ? AND schema IN ('main', 'runs')", name).Scan(&in); err != nil {
		t.Fatal(err)
	}
	return in.String
}

// dumpRunTables renders the rows of the run history and the context
// outputs, to compare before and after a move.
func dumpRunTables(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT * FROM processor_run_history ORDER BY run_id",
		"SELECT * FROM committed_runs ORDER BY processor_name, data_date",
		"SELECT * FROM " + string(nba.UPGC) + " ORDER BY game_date, player_lookup",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			n++
			for i, v := range vals {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				b.WriteString(cols[i] + "=" + fmt.Sprint(v) + " ")
			}
			b.WriteString("\n")
		}
		rows.Close()
		if n == 0 {
			t.Fatalf("%s: no rows; the comparison needs some", q)
		}
	}
	return b.String()
}
