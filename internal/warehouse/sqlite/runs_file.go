package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"nbaflow/internal/warehouse"
)

// The warehouse is two SQLite files: the one Open names holds the input
// tables, and the runs file beside it (RunsPath) holds everything runs
// write: outputs, failures, attempts, run history and staging. Every
// connection attaches the runs file as the schema runsSchema, so SQL names
// the tables alone and one transaction may read both files.
//
// Why two files: in WAL mode a connection empties its page cache and unmaps
// the file whenever another connection has committed to that file since its
// last read. With outputs and staging in the same file, a backfill's
// commits and stagings did that to nearly every read of the season's box
// scores, which then faulted their pages back in; measured on the synthetic
// season, that cost the in-process floor a fifth of its time. Inputs change
// only on import, so their pages stay cached across runs.
//
// A transaction writes one file or the other, since a commit across two
// WAL files is atomic for each file, not for the pair: loads write the
// inputs, stagings and commits the runs file. The one exception is the
// first half of the migration that moved the tables (migrate), which is
// safe because the main file stays the truth until the second half.

// runsSchema is the name the runs file is attached under.
const runsSchema = "runs"

// RunsPath is the runs file of the warehouse at path: its outputs, run
// history and staging. It belongs with the warehouse file: copy, back up
// and remove them together.
func RunsPath(path string) string { return path + "-runs" }

// fileSettings are the settings of each of the two files, as PRAGMA name
// and value: the main file takes them from the data source name, the runs
// file when it is attached.
//
// wal_autocheckpoint (a connection's, for both files) lets the log grow to
// 32,000 pages (128 MiB) before the committing writer copies it into the
// file, instead of 1,000: staging rows are written and deleted again on
// the same pages, so a longer log copies each page once for many commits,
// and every checkpoint runs in a writer, whom the other writers wait for.
// Medians of the in-process season in paired runs: 15.7 s with 1,000
// pages against 13.9 with 8,000; in another run 14.2 with 8,000 against
// 13.2 with 32,000.
var fileSettings = [][2]string{
	{"journal_mode", "WAL"},
	{"synchronous", "NORMAL"},
	{"cache_size", "-65536"},
	{"mmap_size", "268435456"},
	{"wal_autocheckpoint", "32000"},
}

// inRunsFile reports whether t lives in the runs file: every table but the
// inputs.
func inRunsFile(t *warehouse.Table) bool { return t.Role != warehouse.RoleInput }

// runsConnector opens the driver's connections and attaches the runs file
// to each, with fileSettings, before database/sql hands it out.
type runsConnector struct {
	driver.Connector
	runs string // absolute path of the runs file
}

// Connect implements driver.Connector.
func (c runsConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, errors.New("the sqlite driver's connection cannot execute statements")
	}
	stmts := []string{"ATTACH DATABASE ? AS " + runsSchema}
	for _, s := range fileSettings {
		stmts = append(stmts, "PRAGMA "+runsSchema+"."+s[0]+" = "+s[1])
	}
	for i, stmt := range stmts {
		var args []driver.NamedValue
		if i == 0 {
			args = []driver.NamedValue{{Ordinal: 1, Value: c.runs}}
		}
		if _, err := ex.ExecContext(ctx, stmt, args); err != nil {
			conn.Close()
			return nil, fmt.Errorf("attach the runs file %s: %s: %w", c.runs, stmt, err)
		}
	}
	return conn, nil
}

// createFile creates the file at path, empty and with perm, unless it
// exists: SQLite would create it 0644. An existing file keeps its mode.
func createFile(path string, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
	switch {
	case err == nil:
		return f.Close()
	case errors.Is(err, fs.ErrExist):
		return nil
	}
	return err
}

// copyRunTables makes each run table's copy in the runs file, with its
// indexes and the rows of the original.
func copyRunTables(ctx context.Context, tx *sql.Tx) error {
	for _, t := range warehouse.Tables {
		if !inRunsFile(t) {
			continue
		}
		stmts := append([]string{"DROP TABLE IF EXISTS " + runsSchema + "." + t.Name}, tableDDLIn(runsSchema, t)...)
		cols := strings.Join(warehouse.ColumnNames(t.Columns()), ", ")
		stmts = append(stmts, fmt.Sprintf("INSERT INTO %s.%s (%s) SELECT %s FROM main.%s", runsSchema, t.Name, cols, cols, t.Name))
		for _, stmt := range stmts {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
		}
	}
	return nil
}

// dropCopiedTables drops the run tables of the main file and records
// runsFileVersion, unless another connection has written the main file
// since the copy (its data_version is no longer seen): then it reports
// false and changes nothing.
func dropCopiedTables(ctx context.Context, tx *sql.Tx, seen int64) (bool, error) {
	now, err := dataVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if now != seen {
		return false, nil
	}
	for _, t := range warehouse.Tables {
		if !inRunsFile(t) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "DROP TABLE main."+t.Name); err != nil {
			return false, fmt.Errorf("migration %d: drop main.%s: %w", runsFileVersion, t.Name, err)
		}
	}
	if err := recordMigration(ctx, tx, runsFileVersion, runsFileMigration); err != nil {
		return false, err
	}
	return true, checkSchema(ctx, tx)
}

// checkRunsFile fails when the runs file of a moved database has no
// tables: it was lost or replaced, and with it the outputs and run history.
// Opening would otherwise start an empty one beside the inputs.
func checkRunsFile(ctx context.Context, tx *sql.Tx) error {
	var tables int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+runsSchema+".sqlite_master WHERE type = 'table'").Scan(&tables); err != nil {
		return fmt.Errorf("read the runs file: %w", err)
	}
	if tables == 0 {
		return errors.New("the runs file beside the warehouse is missing or empty: it holds the outputs, run history and staging, " +
			"and belongs with the warehouse file (restore both from one backup, or remove both to start anew)")
	}
	return checkSchema(ctx, tx)
}

// checkFileOf fails unless t is in exactly one file, the one it belongs in
// (runs_file.go): SQL names tables alone, and a copy in the main file
// would hide the runs file's.
func checkFileOf(ctx context.Context, tx *sql.Tx, t *warehouse.Table) error {
	want := "main"
	if inRunsFile(t) {
		want = runsSchema
	}
	in, err := stringsOf(tx.QueryContext(ctx, "SELECT schema FROM pragma_table_list WHERE name = ? AND schema IN ('main', ?) ORDER BY schema", t.Name, runsSchema))
	if err != nil {
		return fmt.Errorf("find table %s: %w", t.Name, err)
	}
	if len(in) != 1 || in[0] != want {
		return fmt.Errorf("table %s is in %v, want it in %s alone", t.Name, in, want)
	}
	return nil
}
