package nba

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/civil"
)

// ContentHash is the canonical content hash of a row (A.2.13): for every
// hashed column build "name:value", sort those strings, join them with "|",
// and keep the first 16 hex characters of their SHA-256. Values are written as
// Python's str() writes them (NULL for nil, 8.0 for a whole float, True and
// False), which reproduces the legacy shot-zone hash byte for byte (§5.6) and
// makes the hash independent of field order.
func ContentHash(row any) string {
	v := reflect.Indirect(reflect.ValueOf(row))
	cols := ColumnsOf(v.Type())
	parts := make([]string, 0, len(cols))
	var b strings.Builder
	for _, c := range cols {
		if !c.Hashed {
			continue
		}
		b.Reset()
		b.WriteString(c.Name)
		b.WriteByte(':')
		writeCanonical(&b, v.Field(c.Field))
		parts = append(parts, b.String())
	}
	slices.Sort(parts)
	return HashStrings(parts)
}

// HashStrings joins parts with "|" and returns the first 16 hex characters of
// the SHA-256 of the result. Source hashes of input rows use it too.
func HashStrings(parts []string) string {
	h := sha256.New()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{'|'})
		}
		h.Write([]byte(p))
	}
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:8])
}

var (
	dateType = reflect.TypeFor[civil.Date]()
	timeType = reflect.TypeFor[time.Time]()
)

func writeCanonical(b *strings.Builder, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			b.WriteString("NULL")
			return
		}
		v = v.Elem()
	}
	switch {
	case v.Type() == dateType:
		b.WriteString(v.Interface().(civil.Date).String())
		return
	case v.Type() == timeType:
		b.WriteString(v.Interface().(time.Time).UTC().Format(time.RFC3339Nano))
		return
	}
	switch v.Kind() {
	case reflect.String:
		b.WriteString(strings.TrimSpace(v.String()))
	case reflect.Bool:
		if v.Bool() {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		b.WriteString(PythonFloat(v.Float()))
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("NULL")
			return
		}
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('\'')
			b.WriteString(v.Index(i).String())
			b.WriteByte('\'')
		}
		b.WriteByte(']')
	default:
		panic("nba: no canonical form for column type " + v.Type().String())
	}
}

// PythonFloat formats x as Python's repr does: the shortest string that reads
// back as x, with ".0" on whole numbers and an exponent outside [1e-4, 1e16).
func PythonFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	if a := math.Abs(x); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(x, 'e', -1, 64)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsRune(s, '.') {
		s += ".0"
	}
	return s
}

// SourceHash is the content hash of the input rows a computation used
// (A.2.13): every row of every slice is hashed by ContentHash, in order, and
// the results combined. It is nil when there were no rows.
func SourceHash(slices ...any) *string {
	var parts []string
	for _, rows := range slices {
		v := reflect.ValueOf(rows)
		for i := range v.Len() {
			parts = append(parts, ContentHash(v.Index(i).Addr().Interface()))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	h := HashStrings(parts)
	return &h
}
