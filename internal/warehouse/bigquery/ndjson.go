package bigquery

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	bq "cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"

	"nbaflow/internal/warehouse"
)

// fieldTypes are the load-schema types of the column kinds.
var fieldTypes = map[warehouse.Kind]bq.FieldType{
	warehouse.KindString:      bq.StringFieldType,
	warehouse.KindInt64:       bq.IntegerFieldType,
	warehouse.KindFloat64:     bq.FloatFieldType,
	warehouse.KindBool:        bq.BooleanFieldType,
	warehouse.KindDate:        bq.DateFieldType,
	warehouse.KindTimestamp:   bq.TimestampFieldType,
	warehouse.KindStringArray: bq.StringFieldType,
	warehouse.KindJSON:        bq.JSONFieldType,
}

// loadSchema is the schema of t as a load job declares it: the same columns,
// types and nullability as its DDL.
func loadSchema(t *warehouse.Table) bq.Schema {
	cols := t.Columns()
	s := make(bq.Schema, len(cols))
	for i, c := range cols {
		s[i] = &bq.FieldSchema{Name: c.Name, Type: fieldTypes[c.Kind],
			Required: !c.Nullable && c.Kind != warehouse.KindStringArray, Repeated: c.Kind == warehouse.KindStringArray}
	}
	return s
}

// timestampLayout writes a TIMESTAMP as a load reads it: a date with dashes,
// a time with colons, microseconds, and the zone.
const timestampLayout = "2006-01-02 15:04:05.000000 UTC"

// ndjson writes rows (a slice value of t.Row) as newline-delimited JSON, one
// object per row with a member per column, for a load job. A value JSON
// cannot hold (NaN, ±Inf) is an error: staged rows are the domain's output,
// which never holds one.
func ndjson(t *warehouse.Table, rows reflect.Value, runID string) (string, error) {
	var b strings.Builder
	cols := t.Columns()
	obj := make(map[string]any, len(cols))
	for i := range rows.Len() {
		row := rows.Index(i)
		for _, c := range cols {
			v, err := jsonValue(c.Value(row, runID))
			if err != nil {
				return "", fmt.Errorf("row %d (%s), column %s: %w", i+1, warehouse.KeyOf(t, row), c.Name, err)
			}
			obj[c.Name] = v
		}
		line, err := json.Marshal(obj)
		if err != nil {
			return "", fmt.Errorf("row %d (%s): %w", i+1, warehouse.KeyOf(t, row), err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// jsonValue is a column value (warehouse.Column.Value) as a load reads it.
func jsonValue(v any) (any, error) {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%v has no JSON form", x)
		}
	case civil.Date:
		return x.String(), nil
	case time.Time:
		return x.UTC().Format(timestampLayout), nil
	case warehouse.JSON:
		return json.RawMessage(x), nil
	}
	return v, nil
}
