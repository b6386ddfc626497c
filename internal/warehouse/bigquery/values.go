package bigquery

import (
	"fmt"
	"reflect"
	"strconv"
	"time"

	bq "cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"

	"nbaflow/internal/warehouse"
)

// sqlTypes are the GoogleSQL types of the column kinds. Numbers are FLOAT64
// (not NUMERIC) so that NaN and ±Inf reach the domain as they were loaded.
var sqlTypes = map[warehouse.Kind]string{
	warehouse.KindString:      "STRING",
	warehouse.KindInt64:       "INT64",
	warehouse.KindFloat64:     "FLOAT64",
	warehouse.KindBool:        "BOOL",
	warehouse.KindDate:        "DATE",
	warehouse.KindTimestamp:   "TIMESTAMP",
	warehouse.KindStringArray: "ARRAY<STRING>",
	warehouse.KindJSON:        "JSON",
}

// standardType is the parameter type of a column kind.
func standardType(k warehouse.Kind) *bq.StandardSQLDataType {
	if k == warehouse.KindStringArray {
		return &bq.StandardSQLDataType{ArrayElementType: &bq.StandardSQLDataType{TypeKind: "STRING"}}
	}
	return &bq.StandardSQLDataType{TypeKind: sqlTypes[k]}
}

// formatFloat writes a float parameter; NaN and ±Inf as BigQuery reads them.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// toValue returns the BigQuery value of a column value (warehouse.Column.Value).
func toValue(v any) bq.Value {
	switch x := v.(type) {
	case warehouse.JSON:
		return string(x)
	case []string:
		out := make([]bq.Value, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	}
	return v
}

// RowValues maps a row of t (a struct value of t.Row) to its column values,
// as the client's inserter and loader take them.
func RowValues(t *warehouse.Table, row reflect.Value, runID string) map[string]bq.Value {
	m := make(map[string]bq.Value, len(t.Columns()))
	for _, c := range t.Columns() {
		m[c.Name] = toValue(c.Value(row, runID))
	}
	return m
}

// decode converts a value the client read from a column of kind k to the Go
// value warehouse.Column.Set expects.
func decode(k warehouse.Kind, v bq.Value) (any, error) {
	if v == nil {
		if k == warehouse.KindStringArray {
			return []string{}, nil
		}
		return nil, nil
	}
	ok := true
	switch k {
	case warehouse.KindString:
		_, ok = v.(string)
	case warehouse.KindJSON:
		s, isString := v.(string)
		return warehouse.JSON(s), checkType(isString, k, v)
	case warehouse.KindInt64:
		_, ok = v.(int64)
	case warehouse.KindFloat64:
		_, ok = v.(float64)
	case warehouse.KindBool:
		_, ok = v.(bool)
	case warehouse.KindDate:
		_, ok = v.(civil.Date)
	case warehouse.KindTimestamp:
		t, isTime := v.(time.Time)
		return t.UTC(), checkType(isTime, k, v)
	case warehouse.KindStringArray:
		return decodeStrings(v)
	}
	return v, checkType(ok, k, v)
}

func checkType(ok bool, k warehouse.Kind, v bq.Value) error {
	if ok {
		return nil
	}
	return fmt.Errorf("read %T %v for a %s column", v, v, k)
}

func decodeStrings(v bq.Value) (any, error) {
	vals, ok := v.([]bq.Value)
	if !ok {
		return nil, checkType(false, warehouse.KindStringArray, v)
	}
	out := make([]string, len(vals))
	for i, e := range vals {
		if out[i], ok = e.(string); !ok {
			return nil, checkType(false, warehouse.KindString, e)
		}
	}
	return out, nil
}

// DecodeRow fills a new row of t.Row from the values of cols, in order.
func DecodeRow(t *warehouse.Table, cols []warehouse.Column, vals []bq.Value) (reflect.Value, error) {
	row := reflect.New(t.Row).Elem()
	if len(vals) != len(cols) {
		return row, fmt.Errorf("read %d values for %d columns", len(vals), len(cols))
	}
	for i, c := range cols {
		v, err := decode(c.Kind, vals[i])
		if err == nil {
			err = c.Set(row, v)
		}
		if err != nil {
			raw := make([]any, len(vals))
			for j, v := range vals {
				raw[j] = v
			}
			return row, warehouse.NewBadValueError(t, cols, raw, c, vals[i], err)
		}
	}
	return row, nil
}
