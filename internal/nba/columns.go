package nba

import (
	"reflect"
	"strings"
	"sync"
)

// Column is one warehouse column of a row type, read from its `col` tag.
// A field tagged `hash:"-"` is left out of the row's content hash.
type Column struct {
	Name   string
	Field  int // index of the struct field
	Type   reflect.Type
	Hashed bool
}

var columnCache sync.Map // reflect.Type -> []Column

// ColumnsOf returns the columns of a row struct type in field order. Row types
// of this package (inputs and outputs) describe their own columns, so the
// warehouse, the hash and the DDL check all read one definition.
func ColumnsOf(t reflect.Type) []Column {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if cols, ok := columnCache.Load(t); ok {
		return cols.([]Column)
	}
	var cols []Column
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("col"), ",")
		if name == "" || name == "-" {
			continue
		}
		cols = append(cols, Column{Name: name, Field: i, Type: f.Type, Hashed: f.Tag.Get("hash") != "-"})
	}
	columnCache.Store(t, cols)
	return cols
}

// Columns returns the columns of the row type of T.
func Columns[T any]() []Column {
	return ColumnsOf(reflect.TypeFor[T]())
}
