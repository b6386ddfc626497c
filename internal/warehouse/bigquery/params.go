package bigquery

import (
	"fmt"
	"reflect"
	"time"

	bq "cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"

	"nbaflow/internal/warehouse"
)

// parameters converts the arguments of q to query parameters. Every
// argument of a BigQuery query is named.
func parameters(q warehouse.Query) ([]bq.QueryParameter, error) {
	out := make([]bq.QueryParameter, len(q.Args))
	for i, a := range q.Args {
		if a.Name == "" {
			return nil, fmt.Errorf("bigquery: positional parameter %d in %.60q", i, q.Text)
		}
		v, err := paramValue(a.Value)
		if err != nil {
			return nil, fmt.Errorf("bigquery: parameter %s: %w", a.Name, err)
		}
		out[i] = bq.QueryParameter{Name: a.Name, Value: v}
	}
	return out, nil
}

func paramValue(v any) (any, error) {
	switch x := v.(type) {
	case string, int64, bool, civil.Date, []string, *bq.QueryParameterValue:
		return x, nil
	case time.Time:
		return x.UTC(), nil
	case float64:
		return &bq.QueryParameterValue{Type: *standardType(warehouse.KindFloat64), Value: formatFloat(x)}, nil
	case warehouse.JSON:
		return &bq.QueryParameterValue{Type: *standardType(warehouse.KindJSON), Value: string(x)}, nil
	}
	return nil, fmt.Errorf("no parameter form for %T", v)
}

// rowsParam returns rows (a non-empty slice value of t.Row) as one
// ARRAY<STRUCT<...>> parameter with the columns of t, so that a statement
// can insert or merge them with SELECT ... FROM UNNEST(@rows).
func rowsParam(t *warehouse.Table, rows reflect.Value, runID string) *bq.QueryParameterValue {
	cols := t.Columns()
	fields := make([]*bq.StandardSQLField, len(cols))
	for i, c := range cols {
		fields[i] = &bq.StandardSQLField{Name: c.Name, Type: standardType(c.Kind)}
	}
	elem := &bq.StandardSQLDataType{StructType: &bq.StandardSQLStructType{Fields: fields}}
	p := &bq.QueryParameterValue{Type: bq.StandardSQLDataType{ArrayElementType: elem}}
	for i := range rows.Len() {
		sv := make(map[string]bq.QueryParameterValue, len(cols))
		for _, c := range cols {
			sv[c.Name] = fieldValue(c, c.Value(rows.Index(i), runID))
		}
		p.ArrayValue = append(p.ArrayValue, bq.QueryParameterValue{StructValue: sv})
	}
	return p
}

// fieldValue is the parameter value of one column value.
func fieldValue(c warehouse.Column, v any) bq.QueryParameterValue {
	switch x := v.(type) {
	case nil:
		if c.Kind == warehouse.KindStringArray {
			return bq.QueryParameterValue{Value: []string{}} // an ARRAY is never NULL
		}
		return bq.QueryParameterValue{Value: bq.NullString{}} // NULL of the field's type
	case float64:
		return bq.QueryParameterValue{Value: formatFloat(x)}
	case warehouse.JSON:
		return bq.QueryParameterValue{Value: string(x)}
	case time.Time:
		return bq.QueryParameterValue{Value: x.UTC()}
	case []string:
		if len(x) == 0 {
			return bq.QueryParameterValue{Value: []string{}}
		}
		arr := make([]bq.QueryParameterValue, len(x))
		for i, s := range x {
			arr[i] = bq.QueryParameterValue{Value: s}
		}
		return bq.QueryParameterValue{ArrayValue: arr}
	}
	return bq.QueryParameterValue{Value: v}
}

// columnParam is the parameter of one column value, typed by its column so
// that a NULL has a type too.
func columnParam(c warehouse.Column, v any) *bq.QueryParameterValue {
	p := fieldValue(c, v)
	p.Type = *standardType(c.Kind)
	return &p
}
