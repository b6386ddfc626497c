package warehouse

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// Kind is the warehouse type of a column, derived from the Go type of its
// field. Each backend maps a Kind to one SQL type.
type Kind int

// Column kinds.
const (
	KindString Kind = iota
	KindInt64
	KindFloat64
	KindBool
	KindDate
	KindTimestamp
	KindStringArray
	KindJSON
)

var kindNames = [...]string{"string", "int64", "float64", "bool", "date", "timestamp", "[]string", "json"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// JSON is a column holding a JSON document as text.
type JSON string

// Column is one column of a table: its name, its kind, whether it may be
// NULL, and the struct field of the row type that holds it. Field is -1 for
// the run_id column that staging tables add to their row type.
type Column struct {
	Name     string
	Kind     Kind
	Nullable bool
	Field    int
	// Hashed says the row's content hash (data_hash) covers the column.
	Hashed bool
}

var (
	dateType      = reflect.TypeFor[civil.Date]()
	timeType      = reflect.TypeFor[time.Time]()
	stringsType   = reflect.TypeFor[[]string]()
	jsonType      = reflect.TypeFor[JSON]()
	supportedType = map[reflect.Kind]Kind{
		reflect.String:  KindString,
		reflect.Int64:   KindInt64,
		reflect.Float64: KindFloat64,
		reflect.Bool:    KindBool,
	}
)

// columnsOf returns the columns of a row type, from its `col` tags
// (nba.ColumnsOf), with their kinds. A field of a type the warehouse cannot
// store panics: the registry is checked by the tests at start.
func columnsOf(t reflect.Type) []Column {
	var cols []Column
	for _, c := range nba.ColumnsOf(t) {
		k, nullable, err := kindOf(c.Type)
		if err != nil {
			panic(fmt.Sprintf("warehouse: column %s of %s: %v", c.Name, t, err))
		}
		cols = append(cols, Column{Name: c.Name, Kind: k, Nullable: nullable, Field: c.Field, Hashed: c.Hashed})
	}
	return cols
}

// kindOf maps a field type to a kind; pointers and string slices are
// nullable (a nil slice is stored as NULL where the backend can).
func kindOf(t reflect.Type) (k Kind, nullable bool, err error) {
	if t.Kind() == reflect.Pointer {
		k, _, err = kindOf(t.Elem())
		return k, true, err
	}
	switch t {
	case dateType:
		return KindDate, false, nil
	case timeType:
		return KindTimestamp, false, nil
	case stringsType:
		return KindStringArray, true, nil
	case jsonType:
		return KindJSON, false, nil
	}
	if k, ok := supportedType[t.Kind()]; ok {
		return k, false, nil
	}
	return 0, false, fmt.Errorf("unsupported Go type %s", t)
}

// Value returns the value of column c in row (a struct value) as one of
// string, int64, float64, bool, civil.Date, time.Time (UTC), []string or JSON,
// or nil for NULL. runID is the value of the run_id column of staging tables.
func (c Column) Value(row reflect.Value, runID string) any {
	if c.Field < 0 {
		return runID
	}
	f := row.Field(c.Field)
	switch f.Kind() {
	case reflect.Pointer:
		if f.IsNil() {
			return nil
		}
		f = f.Elem()
	case reflect.Slice:
		if f.IsNil() {
			return nil
		}
		return f.Interface().([]string)
	}
	switch c.Kind {
	case KindString:
		return f.String()
	case KindInt64:
		return f.Int()
	case KindFloat64:
		return f.Float()
	case KindBool:
		return f.Bool()
	case KindTimestamp:
		return f.Interface().(time.Time).UTC()
	default:
		return f.Interface()
	}
}

// Set stores v, a value of the kind of c as Value returns it (nil for NULL),
// into column c of row (an addressable struct value). NULL in a column that
// is not nullable is an error: a read fails rather than invent a zero.
func (c Column) Set(row reflect.Value, v any) error {
	if c.Field < 0 {
		return nil
	}
	f := row.Field(c.Field)
	if v == nil {
		if !c.Nullable {
			return fmt.Errorf("column %s: NULL in a NOT NULL column", c.Name)
		}
		f.SetZero()
		return nil
	}
	if f.Kind() == reflect.Pointer {
		p := reflect.New(f.Type().Elem())
		f.Set(p)
		f = p.Elem()
	}
	var ok bool
	switch x := v.(type) {
	case string:
		ok = setKind(f, reflect.String, func() { f.SetString(x) })
	case JSON:
		ok = setKind(f, reflect.String, func() { f.SetString(string(x)) })
	case int64:
		ok = setKind(f, reflect.Int64, func() { f.SetInt(x) })
	case float64:
		ok = setKind(f, reflect.Float64, func() { f.SetFloat(x) })
	case bool:
		ok = setKind(f, reflect.Bool, func() { f.SetBool(x) })
	case civil.Date:
		ok = setAs(f, x)
	case time.Time:
		ok = setAs(f, x)
	case []string:
		ok = setAs(f, x)
	}
	if !ok {
		return fmt.Errorf("column %s: cannot store %T in %s", c.Name, v, f.Type())
	}
	return nil
}

// setKind calls set when f is of kind k.
func setKind(f reflect.Value, k reflect.Kind, set func()) bool {
	if f.Kind() != k {
		return false
	}
	set()
	return true
}

// setAs stores x in f when f is of type T, without reflect.ValueOf(x).
func setAs[T any](f reflect.Value, x T) bool {
	p, ok := f.Addr().Interface().(*T)
	if ok {
		*p = x
	}
	return ok
}

// MarshalStrings writes a string list as JSON text, the form backends without
// arrays store it in.
func MarshalStrings(s []string) string {
	b, _ := json.Marshal(s) // a []string always marshals
	return string(b)
}

// UnmarshalStrings reads a string list written by MarshalStrings.
func UnmarshalStrings(s string) ([]string, error) {
	out := []string{}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("string list %q: %w", truncate(s, 80), err)
	}
	return out, nil
}

// truncate shortens s for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
