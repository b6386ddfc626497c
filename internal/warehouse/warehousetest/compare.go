package warehousetest

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
)

// canon writes a value as comparable text: pointers dereferenced (nil as
// NULL), NaN and ±Inf by name, times in UTC, and a nil slice like an empty one
// (a BigQuery ARRAY cannot be NULL).
func canon(v reflect.Value) string {
	var b strings.Builder
	writeCanon(&b, v)
	return b.String()
}

func writeCanon(b *strings.Builder, v reflect.Value) {
	switch x := v.Interface().(type) {
	case time.Time:
		b.WriteString(x.UTC().Format(time.RFC3339Nano))
		return
	case civil.Date:
		b.WriteString(x.String())
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("NULL")
			return
		}
		writeCanon(b, v.Elem())
	case reflect.Float64:
		if f := v.Float(); math.IsNaN(f) {
			b.WriteString("NaN")
		} else {
			b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
		}
	case reflect.Slice:
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCanon(b, v.Index(i))
		}
		b.WriteByte(']')
	case reflect.Struct:
		b.WriteByte('{')
		for i := range v.NumField() {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(b, "%s:", v.Type().Field(i).Name)
			writeCanon(b, v.Field(i))
		}
		b.WriteByte('}')
	default:
		fmt.Fprint(b, v.Interface())
	}
}

// canonRows returns the canonical text of each element of a slice value.
func canonRows(rows reflect.Value) []string {
	out := make([]string, rows.Len())
	for i := range out {
		out[i] = canon(rows.Index(i))
	}
	return out
}

// AssertSameRows fails unless got and want (slices of one row type) hold
// the same rows, in any order.
func AssertSameRows(t *testing.T, what string, got, want any) {
	t.Helper()
	g, w := canonRows(reflect.ValueOf(got)), canonRows(reflect.ValueOf(want))
	slices.Sort(g)
	slices.Sort(w)
	if slices.Equal(g, w) {
		return
	}
	extra, missing := difference(g, w), difference(w, g)
	t.Errorf("%s: got %d rows, want %d; %d unexpected, %d missing%s%s", what, len(g), len(w), len(extra), len(missing),
		sample("unexpected", extra), sample("missing", missing))
}

// assertSameInputs compares every slice field of two input structs
// (nba.ContextInputs, nba.ShotZoneInputs, nba.PlanInputs) and their dates.
func assertSameInputs(t *testing.T, what string, got, want any) {
	t.Helper()
	g, w := reflect.Indirect(reflect.ValueOf(got)), reflect.Indirect(reflect.ValueOf(want))
	for i := range g.NumField() {
		name := what + "." + g.Type().Field(i).Name
		if g.Field(i).Kind() == reflect.Slice {
			AssertSameRows(t, name, g.Field(i).Interface(), w.Field(i).Interface())
		} else if canon(g.Field(i)) != canon(w.Field(i)) {
			t.Errorf("%s = %s, want %s", name, canon(g.Field(i)), canon(w.Field(i)))
		}
	}
}

// difference returns the elements of a (sorted) not matched in b (sorted), with multiplicity.
func difference(a, b []string) []string {
	var out []string
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			j++
			continue
		}
		out = append(out, x)
	}
	return out
}

func sample(label string, rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	s := "\n  " + label + ": " + rows[0]
	if len(rows) > 1 {
		s += fmt.Sprintf(" (and %d more)", len(rows)-1)
	}
	return s
}
