package warehouse

import (
	"fmt"
	"strings"
)

// BadValueError is a stored value that cannot be read into its column: a
// timestamp that does not parse, a number in a date column. It is bad
// data, not a fault: reading it again reads the same, so it is never worth
// a retry, and it names the row so that someone can fix it.
type BadValueError struct {
	Table  string
	Key    string // the row's key, as game_id="20180110_ATL_DEN"
	Column string
	Value  string
	Err    error
}

func (e *BadValueError) Error() string {
	return fmt.Sprintf("table %s, row %s, column %s: cannot read %q: %v", e.Table, e.Key, e.Column, e.Value, e.Err)
}

func (e *BadValueError) Unwrap() error { return e.Err }

// NewBadValueError describes the value of column bad in a row of t read
// as raw, the values of cols in order. The key names the row by the key
// columns among cols (every column read when t has no key or the query
// read none of it).
func NewBadValueError(t *Table, cols []Column, raw []any, bad Column, value any, err error) *BadValueError {
	var key []string
	for i, c := range cols {
		if contains(t.Key, c.Name) {
			key = append(key, fmt.Sprintf("%s=%q", c.Name, text(raw[i])))
		}
	}
	if len(key) == 0 {
		for i, c := range cols {
			if c.Name != bad.Name {
				key = append(key, fmt.Sprintf("%s=%q", c.Name, text(raw[i])))
			}
		}
	}
	return &BadValueError{Table: t.Name, Key: strings.Join(key, ", "), Column: bad.Name, Value: text(value), Err: err}
}

// text writes a value as a driver or client returned it.
func text(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
