package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"nbaflow/internal/warehouse"
)

// Dialect writes the SQLite flavour of the shared queries. A list parameter
// is one JSON array, expanded by json_each, so the text of a query never
// depends on the number of values.
type Dialect struct{}

// Table implements warehouse.Dialect.
func (Dialect) Table(t *warehouse.Table) string { return t.Name }

// InList implements warehouse.Dialect.
func (Dialect) InList(expr, param string) string {
	return expr + " IN (SELECT value FROM json_each(@" + param + "))"
}

// maxFloat is math.MaxFloat64 as SQL text: a REAL +Inf compares above it.
const maxFloat = "1.7976931348623157e308"

// NonNegative implements warehouse.Dialect. A REAL column may hold the TEXT
// 'NaN', 'Inf' or '-Inf' (values.go); SQLite orders any TEXT above every
// number, so the upper bound refuses them with +Inf, and no type test is
// needed on the rows this runs on: a chunk's gamebook rows outside its
// windows.
func (Dialect) NonNegative(expr string) string {
	return "(" + expr + " BETWEEN 0 AND " + maxFloat + ")"
}

// Positive implements warehouse.Dialect: a number above 0, or the TEXT
// 'Inf' that stands for +Inf.
func (Dialect) Positive(expr string) string {
	return "(CASE WHEN typeof(" + expr + ") IN ('integer', 'real') THEN " + expr + " > 0 ELSE " + expr + " = '" + textInf + "' END)"
}

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// args encodes the arguments of q for database/sql.
func args(q warehouse.Query) ([]any, error) {
	out := make([]any, len(q.Args))
	for i, a := range q.Args {
		v, err := encode(a.Value)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", a.Name, err)
		}
		if a.Name != "" {
			v = sql.Named(a.Name, v)
		}
		out[i] = v
	}
	return out, nil
}

// reader implements warehouse.Reader on q, or, when w is set, on w's
// prepared statements (reads outside a transaction run the same few texts
// again and again).
type reader struct {
	q queryer
	w *Warehouse
}

// Select implements warehouse.Reader.
func (r reader) Select(ctx context.Context, sel warehouse.Select, dst any) error {
	rows, err := r.query(ctx, sel.Query)
	if err != nil {
		return err
	}
	defer rows.Close()
	out := reflect.ValueOf(dst).Elem()
	raw := make([]any, len(sel.Columns))
	ptrs := make([]any, len(raw))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		n := out.Len()
		out.Grow(1)
		out.SetLen(n + 1)
		row := out.Index(n) // decoded in place: no copy of the row
		for i, c := range sel.Columns {
			if err := store(c, row, raw[i]); err != nil {
				return warehouse.NewBadValueError(sel.Table, sel.Columns, raw, c, raw[i], err)
			}
		}
	}
	return rows.Err()
}

// query runs q on r's transaction or r.w's prepared statement.
func (r reader) query(ctx context.Context, q warehouse.Query) (*sql.Rows, error) {
	a, err := args(q)
	if err != nil {
		return nil, err
	}
	if r.w == nil {
		return r.q.QueryContext(ctx, q.Text, a...)
	}
	stmt, err := r.w.prepared(ctx, q.Text)
	if err != nil {
		return nil, err
	}
	return stmt.QueryContext(ctx, a...)
}

// scalar runs q and scans its single row into dst.
func scalar(ctx context.Context, qr queryer, q warehouse.Query, dst ...any) error {
	a, err := args(q)
	if err != nil {
		return err
	}
	rows, err := qr.QueryContext(ctx, q.Text, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("no row from %.60q", q.Text)
	}
	if err := rows.Scan(dst...); err != nil {
		return err
	}
	return rows.Close()
}

// exec runs q and returns the number of rows it changed.
func exec(ctx context.Context, qr queryer, q warehouse.Query) (int64, error) {
	a, err := args(q)
	if err != nil {
		return 0, err
	}
	res, err := qr.ExecContext(ctx, q.Text, a...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
