package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// openTemp opens a new warehouse in the test's folder, closed at its end.
func openTemp(t testing.TB) *Warehouse {
	t.Helper()
	w, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// ToOneFile is toOneFile, for the package's external tests.
var ToOneFile = toOneFile

// toOneFile moves the tables of the runs file back into the main file, as
// in a database made before the runs file (schema version 4 and older).
func toOneFile(t testing.TB, db *sql.DB) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "SELECT type, name, sql FROM runs.sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	var stmts []string
	for rows.Next() {
		var typ, name, text string
		if err := rows.Scan(&typ, &name, &text); err != nil {
			t.Fatal(err)
		}
		// The stored text names no schema: run here, it makes the
		// object in main.
		stmts = append(stmts, text)
		if typ == "table" {
			tables = append(tables, name)
			stmts = append(stmts, "INSERT INTO main."+name+" SELECT * FROM runs."+name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	for _, name := range tables {
		stmts = append(stmts, "DROP TABLE runs."+name)
	}
	for _, stmt := range stmts {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// TestMoveRedoneWhenMainChanges: when another connection writes the main
// file between the copy of the run tables and the drop of the originals,
// the drop does not happen, and the next attempt copies the new row too.
func TestMoveRedoneWhenMainChanges(t *testing.T) {
	ctx := context.Background()
	w := openTemp(t)
	toOneFile(t, w.db)
	if _, err := w.db.Exec("DELETE FROM schema_version WHERE version >= ?", runsFileVersion); err != nil {
		t.Fatal(err)
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var seen int64
	if err := inTxOf(ctx, conn, func(tx *sql.Tx) (err error) { _, seen, err = migrateAndCopy(ctx, tx); return err }); err != nil {
		t.Fatal(err)
	}
	const late = "INSERT INTO main.committed_runs (processor_name, data_date, run_id, planned_at, committed_at) VALUES ('p', '2025-01-15', 'late', 'x', 'y')"
	if _, err := w.db.Exec(late); err != nil {
		t.Fatal(err)
	}
	var moved bool
	if err := inTxOf(ctx, conn, func(tx *sql.Tx) (err error) { moved, err = dropCopiedTables(ctx, tx, seen); return err }); err != nil {
		t.Fatal(err)
	}
	if moved {
		t.Fatal("the originals were dropped although the main file changed after the copy")
	}
	if err := migrate(ctx, w.db); err != nil {
		t.Fatal(err)
	}
	var runs int
	if err := w.db.QueryRow("SELECT COUNT(*) FROM runs.committed_runs WHERE run_id = 'late'").Scan(&runs); err != nil {
		t.Fatal(err)
	}
	if runs != 1 {
		t.Errorf("the runs file has %d rows of the late run; want 1", runs)
	}
}
