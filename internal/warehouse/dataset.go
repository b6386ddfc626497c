package warehouse

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// InputTables are the tables LoadDataset writes, in the order of the fields
// of nba.Dataset.
var InputTables = []*Table{Schedule, PlayerGames, Gamebook, TeamGames, OddsProps, BettingProsProps, GameLines, Rosters, Injuries, Players, Arenas}

// DatasetRows returns the field of ds holding the rows of t, a slice value
// that can be set.
func DatasetRows(ds *nba.Dataset, t *Table) reflect.Value {
	v := reflect.ValueOf(ds).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Slice && f.Type().Elem() == t.Row {
			return f
		}
	}
	panic(fmt.Sprintf("warehouse: nba.Dataset has no rows of table %s", t.Name))
}

// KeyOf returns the natural key of row (a struct value of t.Row) as text
// naming its columns, as in game_id="D1", player_lookup="x", to name a row
// in a message: two rows have the same text exactly when they have the same
// key. Tables without a key use every column.
func KeyOf(t *Table, row reflect.Value) string {
	cols := keyColumns(t)
	b := make([]byte, 0, 24*len(cols))
	for i, c := range cols {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, c.Name...)
		b = append(b, '=')
		b = appendKeyValue(b, c.Value(row, ""))
	}
	return string(b)
}

// keyColumns are the columns of t's key, every column for a table without one.
func keyColumns(t *Table) []Column {
	if len(t.Key) == 0 {
		return t.Columns()
	}
	return t.MustColumns(t.Key...)
}

// appendKeyValue writes a column value of a key: strings quoted, so that no
// value can pass for a separator, the other kinds in their canonical form.
func appendKeyValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "NULL"...)
	case string:
		return strconv.AppendQuote(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case civil.Date:
		return append(b, x.String()...)
	case time.Time:
		return x.AppendFormat(b, time.RFC3339Nano)
	}
	return fmt.Append(b, v)
}

// KeySet finds the rows of a table that repeat a key, row after row. A table
// without a key never repeats one: its rows are appended.
type KeySet struct {
	table *Table
	cols  []Column
	buf   []byte
	seen  map[string]int
}

// NewKeySet returns an empty key set of t, sized for n rows.
func NewKeySet(t *Table, n int) *KeySet {
	s := &KeySet{table: t, seen: make(map[string]int, n)}
	if len(t.Key) > 0 {
		s.cols = t.MustColumns(t.Key...)
	}
	return s
}

// Add records the key of row, whose position (an index, a line) is at. When
// an earlier row had the same key, it returns the key as KeyOf writes it and
// that row's position, and repeated is true.
func (s *KeySet) Add(row reflect.Value, at int) (key string, first int, repeated bool) {
	if len(s.cols) == 0 {
		return "", 0, false
	}
	// A compact binary form, not KeyOf's text: a load checks every row of a
	// season, and the text is needed only for the rare repeat.
	s.buf = s.buf[:0]
	for _, c := range s.cols {
		s.buf = appendKeyField(s.buf, c, row)
	}
	if first, repeated = s.seen[string(s.buf)]; repeated {
		return KeyOf(s.table, row), first, true
	}
	s.seen[string(s.buf)] = at
	return "", 0, false
}

// appendKeyField writes column c of row so that two values of the column
// give the same bytes exactly when they are the same key value: strings
// length-prefixed, instants as seconds and nanoseconds (a key compares
// instants, whatever their zone), others as their KeyOf text, length-prefixed.
func appendKeyField(b []byte, c Column, row reflect.Value) []byte {
	f := row.Field(c.Field)
	switch f.Kind() {
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(f.Len()))
		return append(b, f.String()...)
	case reflect.Int64:
		return binary.AppendVarint(b, f.Int())
	}
	if f.CanAddr() { // as the rows of a slice are: no copy boxed
		switch p := f.Addr().Interface().(type) {
		case *time.Time:
			return binary.AppendVarint(binary.AppendVarint(b, p.Unix()), int64(p.Nanosecond()))
		case *civil.Date:
			return binary.AppendVarint(binary.AppendVarint(binary.AppendVarint(b, int64(p.Year)), int64(p.Month)), int64(p.Day))
		}
	}
	text := appendKeyValue(nil, c.Value(row, ""))
	b = binary.AppendUvarint(b, uint64(len(text)))
	return append(b, text...)
}

// CheckKeys returns an error naming the table, the key and the rows (1-based
// positions in the dataset) of every table of ds that repeats a key: a load
// must not let one row of the dataset silently replace another, so such a
// dataset is refused whole.
func CheckKeys(ds *nba.Dataset) error {
	var errs []error
	for _, t := range InputTables {
		rows := DatasetRows(ds, t)
		keys := NewKeySet(t, rows.Len())
		var first string
		repeats := 0
		for i := range rows.Len() {
			key, at, repeated := keys.Add(rows.Index(i), i+1)
			if !repeated {
				continue
			}
			if repeats == 0 {
				first = fmt.Sprintf("key %s at rows %d and %d", key, at, i+1)
			}
			repeats++
		}
		switch {
		case repeats == 1:
			errs = append(errs, fmt.Errorf("table %s repeats %s", t.Name, first))
		case repeats > 1:
			errs = append(errs, fmt.Errorf("table %s repeats %s, and %d more rows repeat a key", t.Name, first, repeats-1))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("dataset refused, nothing loaded: %w", err)
	}
	return nil
}
