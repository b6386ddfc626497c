package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"

	"nbaflow/internal/warehouse"
)

// insertQuery is the INSERT of n rows of t, positional parameters in column
// order, row after row. With upsert, a row whose key exists replaces the
// stored one when they differ in any column, and leaves it alone (unwritten,
// not counted as a change) when they are identical.
func insertQuery(t *warehouse.Table, upsert bool, n int) warehouse.Query {
	cols := warehouse.ColumnNames(t.Columns())
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES %s", t.Name, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", "))
	if upsert && len(t.Key) > 0 {
		fmt.Fprintf(&b, " ON CONFLICT (%s) DO %s WHERE %s", strings.Join(t.Key, ", "), updateSet(t, nil), differs(t))
	}
	return warehouse.Query{Text: b.String()}
}

// differs is the condition, in an upsert of t, that the stored row differs
// from the excluded one in a column outside the key. IS NOT is SQLite's
// NULL-safe comparison, and the values compared are the stored forms: NaN and
// ±Inf are the same TEXT on both sides (values.go), so a NaN equals a NaN.
func differs(t *warehouse.Table) string {
	var conds []string
	for _, c := range t.Columns() {
		if !contains(t.Key, c.Name) {
			conds = append(conds, t.Name+"."+c.Name+" IS NOT excluded."+c.Name)
		}
	}
	return strings.Join(conds, " OR ")
}

// updateSet is "UPDATE SET c = excluded.c, ..." over the columns of t that are
// neither key columns nor in keep.
func updateSet(t *warehouse.Table, keep []string) string {
	var sets []string
	for _, c := range t.Columns() {
		if contains(t.Key, c.Name) || contains(keep, c.Name) {
			continue
		}
		sets = append(sets, c.Name+" = excluded."+c.Name)
	}
	return "UPDATE SET " + strings.Join(sets, ", ")
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// rowArgs returns the positional arguments of insertQuery for row.
func rowArgs(t *warehouse.Table, row reflect.Value, runID string) []warehouse.Arg {
	cols := t.Columns()
	a := make([]warehouse.Arg, len(cols))
	for i, c := range cols {
		a[i] = warehouse.Arg{Value: c.Value(row, runID)}
	}
	return a
}

// maxParams bounds the parameters of one statement (SQLite allows 32766).
const maxParams = 30000

// insertRows inserts rows (a slice value of t.Row) in tx, many rows per
// statement, through prepared statements kept across calls.
func (w *Warehouse) insertRows(ctx context.Context, tx *sql.Tx, t *warehouse.Table, rows reflect.Value, runID string, upsert bool) error {
	_, err := w.writeRows(ctx, tx, t, rows, runID, upsert)
	return err
}

// writeRows is insertRows returning the number of rows the statements
// changed: the rows inserted and, with upsert, the stored rows replaced.
func (w *Warehouse) writeRows(ctx context.Context, tx *sql.Tx, t *warehouse.Table, rows reflect.Value, runID string, upsert bool) (int64, error) {
	per := max(1, min(200, maxParams/len(t.Columns())))
	var changed int64
	for i := 0; i < rows.Len(); i += per {
		n := min(per, rows.Len()-i)
		q := insertQuery(t, upsert, n)
		stmt, err := w.prepared(ctx, q.Text)
		if err != nil {
			return changed, fmt.Errorf("insert into %s: %w", t.Name, err)
		}
		for j := range n {
			q.Args = append(q.Args, rowArgs(t, rows.Index(i+j), runID)...)
		}
		a, err := args(q)
		var res sql.Result
		if err == nil {
			res, err = tx.StmtContext(ctx, stmt).ExecContext(ctx, a...)
		}
		var k int64
		if err == nil {
			k, err = res.RowsAffected()
		}
		if err != nil {
			return changed, fmt.Errorf("insert into %s, rows %d-%d (from %s): %w", t.Name, i+1, i+n, warehouse.KeyOf(t, rows.Index(i)), err)
		}
		changed += k
	}
	return changed, nil
}

// prepared returns the prepared statement of text, preparing it once: a
// statement of many rows takes longer to parse than to run.
func (w *Warehouse) prepared(ctx context.Context, text string) (*sql.Stmt, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if stmt, ok := w.stmts[text]; ok {
		return stmt, nil
	}
	stmt, err := w.db.PrepareContext(ctx, text)
	if err != nil {
		return nil, err
	}
	w.stmts[text] = stmt
	return stmt, nil
}
