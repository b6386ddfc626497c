package warehouse

import (
	"context"
	"fmt"
	"strings"
)

// Query is one SQL statement and its parameters. Every value reaches the
// database as a parameter: Text holds only SQL written here and names from
// the table registry, never a value.
type Query struct {
	Text string
	Args []Arg
}

// Arg is one parameter of a query. Name is referenced as @Name in the text;
// an empty Name is a positional parameter (?). Value is a Go value as
// Column.Value returns it (string, int64, float64, bool, civil.Date,
// time.Time, []string, JSON) or nil; each backend encodes it.
type Arg struct {
	Name  string
	Value any
}

// Named returns a named parameter.
func Named(name string, v any) Arg { return Arg{Name: name, Value: v} }

// Select is a read query and how to read its result: the table whose row
// type receives the rows, and the columns the query returns, in order.
type Select struct {
	Query
	Table   *Table
	Columns []Column
}

// Dialect is what differs between the SQL of the backends.
type Dialect interface {
	// Table returns the name of t as a query writes it.
	Table(t *Table) string
	// InList returns a condition true when expr is an element of the
	// list parameter @param.
	InList(expr, param string) string
	// NonNegative returns a condition true exactly when expr, a float64
	// column, holds a finite number >= 0: what nba's row checks ask of a
	// count or minutes (nba.GamebookEntry.Validate). NaN and ±Inf fail it; it may be
	// NULL only when expr is NULL, which callers test first.
	NonNegative(expr string) string
	// Positive returns a condition true exactly when expr, a float64
	// column, holds a number > 0 as Go compares float64 values: +Inf
	// passes, NaN does not (nba.IsQualifyingGame).
	Positive(expr string) string
}

// Reader runs a read query and appends its rows to dst, a pointer to a slice
// of sel.Table's row type. Columns of the row type that the query does not
// return keep their zero value.
type Reader interface {
	Select(ctx context.Context, sel Select, dst any) error
}

// selectFrom builds "SELECT cols FROM t WHERE where ORDER BY order" for the
// given columns (all of t's when cols is nil). order defaults to t's key.
func selectFrom(d Dialect, t *Table, cols []Column, where string, order []string, args ...Arg) Select {
	if cols == nil {
		cols = t.Columns()
	}
	if order == nil {
		order = t.Key
	}
	var b strings.Builder
	fmt.Fprintf(&b, "SELECT %s FROM %s", strings.Join(ColumnNames(cols), ", "), d.Table(t))
	if where != "" {
		b.WriteString(" WHERE ")
		b.WriteString(where)
	}
	if len(order) > 0 {
		b.WriteString(" ORDER BY ")
		b.WriteString(strings.Join(order, ", "))
	}
	return Select{Query: Query{Text: b.String(), Args: args}, Table: t, Columns: cols}
}

// selectInto runs sel and returns its rows.
func selectInto[T any](ctx context.Context, r Reader, sel Select) ([]T, error) {
	var rows []T
	if err := r.Select(ctx, sel, &rows); err != nil {
		return nil, err
	}
	return rows, nil
}
