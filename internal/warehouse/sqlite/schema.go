package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"nbaflow/internal/warehouse"
)

// migration is one step of the schema. Migrations run in order, each once,
// inside the transaction that records it in schema_version.
type migration struct {
	version int
	name    string
	up      func(ctx context.Context, tx *sql.Tx) error
}

// migrations is the ordered history of the schema. Append, never edit: a
// database at version n runs the steps after n. A change of the registry
// (a new column) needs a new migration; open fails when the database and the
// registry disagree.
var migrations = []migration{
	{1, "tables and indexes of the registry", createTables},
	{2, "fencing: committed_runs, and deleted, planned_at, superseded_by in processor_run_history", addFencing},
	{3, "indexes of the windowed reads: schedule by team and season, box scores by date covering the qualifying test", createIndexes},
	{4, "indexes of the refused rows and of the shot-zone checks by player", createRefusedIndexes},
}

const schemaVersionDDL = `CREATE TABLE IF NOT EXISTS schema_version (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// migrate brings the database to the latest version in one immediate
// transaction, so that processes opening the file together migrate it once.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a rollback after commit is a no-op
	if _, err := tx.ExecContext(ctx, schemaVersionDDL); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema_version: %w", err)
	}
	for _, m := range migrations {
		if m.version <= current {
			continue
		}
		if err := m.up(ctx, tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
			m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("record migration %d: %w", m.version, err)
		}
	}
	if err := checkSchema(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

func createTables(ctx context.Context, tx *sql.Tx) error {
	for _, t := range warehouse.Tables {
		for _, stmt := range tableDDL(t) {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
		}
	}
	return nil
}

// createIndexes creates the registry's indexes that a database lacks: the
// ones added to warehouse.Tables after the database was made (migration 1
// creates them all on a new database, where this is a no-op).
func createIndexes(ctx context.Context, tx *sql.Tx) error {
	for _, t := range warehouse.Tables {
		for _, stmt := range tableDDL(t)[1:] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
		}
	}
	return nil
}

// createRefusedIndexes creates the indexes through which the windowed
// reads find a season's refused rows (indexed_reads.go).
func createRefusedIndexes(ctx context.Context, tx *sql.Tx) error {
	for _, stmt := range refusedIndexDDL() {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%.60s: %w", stmt, err)
		}
	}
	return nil
}

// addFencing brings a version-1 database to fencing. Migration 1 creates the
// tables of the current registry, so on a new database the columns and the
// table already exist and only missing ones are added. Runs committed
// before fencing have no plan time: their start stands in for it, and the
// latest of each (processor, date) becomes its committed run.
func addFencing(ctx context.Context, tx *sql.Tx) error {
	have, err := tableColumns(ctx, tx, warehouse.RunHistory.Name)
	if err != nil {
		return err
	}
	for _, add := range []struct{ column, decl string }{
		{"deleted", "INTEGER NOT NULL DEFAULT 0"},
		{"planned_at", "TEXT NOT NULL DEFAULT ''"},
		{"superseded_by", "TEXT"},
	} {
		if slices.Contains(have, add.column) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "ALTER TABLE "+warehouse.RunHistory.Name+" ADD COLUMN "+add.column+" "+add.decl); err != nil {
			return fmt.Errorf("add %s.%s: %w", warehouse.RunHistory.Name, add.column, err)
		}
	}
	stmts := append(tableDDL(warehouse.CommittedRuns),
		"UPDATE processor_run_history SET planned_at = started_at WHERE planned_at = ''",
		`INSERT INTO committed_runs (processor_name, data_date, run_id, planned_at, committed_at)
		SELECT processor_name, data_date, run_id, planned_at, finished_at FROM (
			SELECT *, ROW_NUMBER() OVER (PARTITION BY processor_name, data_date ORDER BY planned_at DESC, run_id DESC) AS newest
			FROM processor_run_history WHERE status <> 'superseded')
		WHERE newest = 1 ON CONFLICT DO NOTHING`)
	for _, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// sqlType is the declared type of a column kind. REAL columns may also hold
// the TEXT 'NaN', 'Inf' and '-Inf' (see values.go), so tables are not STRICT.
func sqlType(k warehouse.Kind) string {
	switch k {
	case warehouse.KindInt64, warehouse.KindBool:
		return "INTEGER"
	case warehouse.KindFloat64:
		return "REAL"
	}
	return "TEXT"
}

// tableDDL returns the CREATE TABLE and CREATE INDEX statements of t.
func tableDDL(t *warehouse.Table) []string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", t.Name)
	for i, c := range t.Columns() {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "\t%s %s", c.Name, sqlType(c.Kind))
		if !c.Nullable {
			b.WriteString(" NOT NULL")
		}
	}
	if len(t.Key) > 0 {
		fmt.Fprintf(&b, ",\n\tPRIMARY KEY (%s)", strings.Join(t.Key, ", "))
	}
	b.WriteString("\n)")
	stmts := []string{b.String()}
	for _, idx := range t.Indexes {
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s_%s ON %s (%s)",
			t.Name, strings.Join(idx, "_"), t.Name, strings.Join(idx, ", ")))
	}
	return stmts
}

// checkSchema fails when a table of the registry is missing or its columns
// differ from the database's.
func checkSchema(ctx context.Context, tx *sql.Tx) error {
	for _, t := range warehouse.Tables {
		have, err := tableColumns(ctx, tx, t.Name)
		if err != nil {
			return err
		}
		want := warehouse.ColumnNames(t.Columns())
		if !slices.Equal(have, want) {
			return fmt.Errorf("table %s has columns %v, the registry %v: add a migration (or remove the local database)", t.Name, have, want)
		}
	}
	return nil
}

func tableColumns(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("columns of %s: %w", table, err)
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}
