package sqlite

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/warehouse"
)

// How values are stored: civil.Date as TEXT YYYY-MM-DD, time.Time as TEXT
// RFC 3339 in UTC, bool as INTEGER 0/1, []string as JSON text, NULL for nil.
// SQLite stores a NaN bound as REAL as NULL, so the non-finite floats are
// stored as the TEXT 'NaN', 'Inf' and '-Inf' in their REAL column, and read
// back as NaN and ±Inf: the domain must see bad data to reject it.
const (
	textNaN    = "NaN"
	textInf    = "Inf"
	textNegInf = "-Inf"
)

// encode returns the driver value of v, a value as warehouse.Column.Value
// returns it or a query argument.
func encode(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, int64:
		return x, nil
	case int:
		return int64(x), nil
	case warehouse.JSON:
		return string(x), nil
	case float64:
		switch {
		case math.IsNaN(x):
			return textNaN, nil
		case math.IsInf(x, 1):
			return textInf, nil
		case math.IsInf(x, -1):
			return textNegInf, nil
		}
		return x, nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case civil.Date:
		return x.String(), nil
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano), nil
	case []string:
		return warehouse.MarshalStrings(x), nil
	}
	return nil, fmt.Errorf("sqlite: cannot store a %T", v)
}

// store sets column c of row from raw, a value scanned from that column,
// without boxing the decoded value: reads decode tens of thousands of values.
func store(c warehouse.Column, row reflect.Value, raw any) error {
	if c.Field < 0 {
		return nil
	}
	if b, ok := raw.([]byte); ok {
		raw = string(b)
	}
	if raw == nil {
		return c.Set(row, nil)
	}
	f := row.Field(c.Field)
	if f.Kind() == reflect.Pointer {
		p := reflect.New(f.Type().Elem())
		f.Set(p)
		f = p.Elem()
	}
	s, isText := raw.(string)
	n, isInt := raw.(int64)
	var err error
	switch {
	case c.Kind == warehouse.KindFloat64 && f.Kind() == reflect.Float64:
		var x float64
		if x, err = decodeFloat(raw); err == nil {
			f.SetFloat(x)
		}
		return err
	case c.Kind == warehouse.KindInt64 && isInt && f.Kind() == reflect.Int64:
		f.SetInt(n)
	case c.Kind == warehouse.KindBool && isInt && (n == 0 || n == 1) && f.Kind() == reflect.Bool:
		f.SetBool(n == 1)
	case (c.Kind == warehouse.KindString || c.Kind == warehouse.KindJSON) && isText && f.Kind() == reflect.String:
		f.SetString(s)
	case c.Kind == warehouse.KindDate && isText:
		var d civil.Date
		if d, err = parseDate(s); err == nil && !setAs(f, d) {
			err = mismatch(raw, c)
		}
	case c.Kind == warehouse.KindTimestamp && isText:
		var t time.Time
		if t, err = time.Parse(time.RFC3339Nano, s); err == nil && !setAs(f, t.UTC()) {
			err = mismatch(raw, c)
		}
	case c.Kind == warehouse.KindStringArray && isText:
		var list []string
		if list, err = warehouse.UnmarshalStrings(s); err == nil && !setAs(f, list) {
			err = mismatch(raw, c)
		}
	default:
		err = mismatch(raw, c)
	}
	return err
}

func mismatch(raw any, c warehouse.Column) error {
	return fmt.Errorf("stored %T %v is not a %s", raw, raw, c.Kind)
}

// setAs stores x in f when f is of type T.
func setAs[T any](f reflect.Value, x T) bool {
	p, ok := f.Addr().Interface().(*T)
	if ok {
		*p = x
	}
	return ok
}

// decodeFloat reads a REAL column: a number, or the text of NaN or ±Inf.
func decodeFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case string:
		switch x {
		case textNaN:
			return math.NaN(), nil
		case textInf:
			return math.Inf(1), nil
		case textNegInf:
			return math.Inf(-1), nil
		}
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return f, nil
		}
	}
	return 0, fmt.Errorf("stored %T %v is not a float64", v, v)
}

// parseDate reads YYYY-MM-DD, the only form dates are stored in, without
// the cost of time.Parse.
func parseDate(s string) (civil.Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return civil.ParseDate(s)
	}
	n := func(b string) int {
		v := 0
		for i := range len(b) {
			c := b[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	d := civil.Date{Year: n(s[:4]), Month: time.Month(n(s[5:7])), Day: n(s[8:])}
	if !d.IsValid() {
		return civil.ParseDate(s) // reports the error
	}
	return d, nil
}
