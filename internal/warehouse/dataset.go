package warehouse

import (
	"fmt"
	"reflect"
	"strings"

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

// KeyOf returns the natural key of row (a struct value of t.Row) as text, for
// de-duplication and ordering. Tables without a key use every column.
func KeyOf(t *Table, row reflect.Value) string {
	var cols []Column
	if len(t.Key) > 0 {
		cols = t.MustColumns(t.Key...)
	} else {
		cols = t.Columns()
	}
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(0)
		}
		fmt.Fprint(&b, c.Value(row, ""))
	}
	return b.String()
}

// DedupByKey returns rows (a slice value of t.Row) keeping, for each key, the
// last row: a later row with the same key replaces an earlier one, as a load
// does. Order of first appearance is kept.
func DedupByKey(t *Table, rows reflect.Value) reflect.Value {
	if len(t.Key) == 0 {
		return rows
	}
	index := make(map[string]int, rows.Len())
	out := reflect.MakeSlice(rows.Type(), 0, rows.Len())
	for i := range rows.Len() {
		r := rows.Index(i)
		k := KeyOf(t, r)
		if j, ok := index[k]; ok {
			out.Index(j).Set(r)
			continue
		}
		index[k] = out.Len()
		out = reflect.Append(out, r)
	}
	return out
}
