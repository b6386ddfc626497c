package sqlite

import (
	"context"
	"database/sql"
	"errors"
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

// runsFileVersion is the version that moved every table but the inputs to
// the runs file (runs_file.go). It is not in migrations: the move takes two
// transactions (migrate).
const runsFileVersion = 5

const schemaVersionDDL = `CREATE TABLE IF NOT EXISTS schema_version (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// migrate brings the database to the latest version in immediate
// transactions, so that processes opening the file together migrate it once.
// Moving the run tables to the runs file takes two: the first copies them
// (the main file stays the truth), the second drops the originals and
// records the version. A commit across the two files would be atomic for
// each file only, and a crash between the two halves could drop the
// originals before the copies were durable. When another connection wrote
// the main file between the two (PRAGMA data_version moved), the copy is
// made again.
func migrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer conn.Close()
	for range 5 {
		var version, seen int64
		err := inTxOf(ctx, conn, func(tx *sql.Tx) (err error) {
			version, seen, err = migrateAndCopy(ctx, tx)
			return err
		})
		if err != nil || version >= runsFileVersion {
			return err
		}
		var moved bool
		err = inTxOf(ctx, conn, func(tx *sql.Tx) (err error) {
			moved, err = dropCopiedTables(ctx, tx, seen)
			return err
		})
		if err != nil || moved {
			return err
		}
	}
	return errors.New("migration: the run tables kept changing while they were copied to the runs file; open the warehouse again")
}

// migrateAndCopy runs the migrations the database lacks and, before
// runsFileVersion, copies the run tables to the runs file (replacing an
// earlier, unfinished copy). It returns the version the database was at
// and the main file's data_version after the copy.
func migrateAndCopy(ctx context.Context, tx *sql.Tx) (version, seen int64, err error) {
	if _, err := tx.ExecContext(ctx, schemaVersionDDL); err != nil {
		return 0, 0, fmt.Errorf("create schema_version: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&version); err != nil {
		return 0, 0, fmt.Errorf("read schema_version: %w", err)
	}
	if version >= runsFileVersion {
		return version, 0, checkRunsFile(ctx, tx)
	}
	for _, m := range migrations {
		if int64(m.version) <= version {
			continue
		}
		if err := m.up(ctx, tx); err != nil {
			return 0, 0, fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
		if err := recordMigration(ctx, tx, m.version, m.name); err != nil {
			return 0, 0, err
		}
	}
	if err := copyRunTables(ctx, tx); err != nil {
		return 0, 0, fmt.Errorf("migration %d (%s): %w", runsFileVersion, runsFileMigration, err)
	}
	if seen, err = dataVersion(ctx, tx); err != nil {
		return 0, 0, err
	}
	return version, seen, nil
}

const runsFileMigration = "every table but the inputs in the runs file"

func recordMigration(ctx context.Context, tx *sql.Tx, version int, name string) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
		version, name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("record migration %d: %w", version, err)
	}
	return nil
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

// tableDDL returns the CREATE TABLE and CREATE INDEX statements of t, in
// the schema SQLite resolves its name to.
func tableDDL(t *warehouse.Table) []string { return tableDDLIn("", t) }

// tableDDLIn is tableDDL in the attached schema, main when empty.
func tableDDLIn(schema string, t *warehouse.Table) []string {
	prefix := ""
	if schema != "" {
		prefix = schema + "."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s%s (\n", prefix, t.Name)
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
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s%s_%s ON %s (%s)",
			prefix, t.Name, strings.Join(idx, "_"), t.Name, strings.Join(idx, ", ")))
	}
	return stmts
}

// checkSchema fails when a table of the registry is missing, is not in its
// file alone, or its columns differ from the database's.
func checkSchema(ctx context.Context, tx *sql.Tx) error {
	for _, t := range warehouse.Tables {
		if err := checkFileOf(ctx, tx, t); err != nil {
			return err
		}
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
