package nba

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cloud.google.com/go/civil"
)

// ContentHash is the canonical content hash of a row (docs/domain.md A.2.13): for every
// hashed column build "name:value", sort those strings, join them with "|",
// and keep the first 16 hex characters of their SHA-256. Values are written as
// Python's str() writes them (NULL for nil, 8.0 for a whole float, True and
// False), which reproduces the legacy shot-zone hash byte for byte (§5.6) and
// makes the hash independent of field order.
func ContentHash(row any) string {
	v := reflect.Indirect(reflect.ValueOf(row))
	plan := hashPlanOf(v.Type())
	buf := bufPool.Get().(*[]byte)
	b := (*buf)[:0]
	for i, c := range plan {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, c.prefix...)
		b = c.appendCanonical(b, v.Field(c.field))
	}
	sum := sha256.Sum256(b)
	*buf = b
	bufPool.Put(buf)
	return hex.EncodeToString(sum[:8])
}

// SourceHash is a fingerprint of the input rows a computation used (A.2.13):
// every column of every row, in order, in a binary canonical form, hashed
// with SHA-256 to 16 hex characters. It changes when any value of any row
// used changes, and is nil when there were no rows.
func SourceHash(rowSlices ...any) *string {
	buf := bufPool.Get().(*[]byte)
	b := (*buf)[:0]
	rows := 0
	for _, s := range rowSlices {
		switch rs := s.(type) {
		case []PlayerGame:
			for i := range rs {
				b = rs[i].appendBinary(b)
			}
			rows += len(rs)
		case []OddsProp:
			for i := range rs {
				b = rs[i].appendBinary(b)
			}
			rows += len(rs)
		default:
			v := reflect.ValueOf(s)
			for i := range v.Len() {
				b = appendBinaryRow(b, v.Index(i))
			}
			rows += v.Len()
		}
	}
	var out *string
	if rows > 0 {
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:8])
		out = &h
	}
	*buf = b
	bufPool.Put(buf)
	return out
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 8192); return &b }}

// hashColumn is one hashed column in hash order, with its "name:" prefix
// and how its values are written, decided once per row type.
type hashColumn struct {
	prefix   string
	field    int
	nullable bool
	kind     binaryKind // binString, binBool, binInt, binFloat, binDate, binTime; binList for []string
}

// binList is a []string column, written only in the canonical form.
const binList binaryKind = 255

var hashPlans sync.Map // reflect.Type -> []hashColumn

// hashPlanOf sorts a type's hashed columns once. Sorting "name:value"
// strings orders them by "name:" alone, since no two columns share a name.
func hashPlanOf(t reflect.Type) []hashColumn {
	if p, ok := hashPlans.Load(t); ok {
		return p.([]hashColumn)
	}
	var plan []hashColumn
	for _, c := range ColumnsOf(t) {
		if !c.Hashed {
			continue
		}
		hc := hashColumn{prefix: c.Name + ":", field: c.Field}
		ft := c.Type
		if ft.Kind() == reflect.Pointer {
			hc.nullable, ft = true, ft.Elem()
		}
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String {
			hc.kind = binList
		} else {
			hc.kind = kindOf(ft)
		}
		plan = append(plan, hc)
	}
	slices.SortFunc(plan, func(a, b hashColumn) int { return strings.Compare(a.prefix, b.prefix) })
	hashPlans.Store(t, plan)
	return plan
}

var (
	dateType = reflect.TypeFor[civil.Date]()
	timeType = reflect.TypeFor[time.Time]()
)

// appendCanonical writes a column's value as Python's str() would.
func (c hashColumn) appendCanonical(b []byte, v reflect.Value) []byte {
	if c.nullable {
		if v.IsNil() {
			return append(b, "NULL"...)
		}
		v = v.Elem()
	}
	switch c.kind {
	case binDate:
		d := civil.Date{Year: int(v.Field(0).Int()), Month: time.Month(v.Field(1).Int()), Day: int(v.Field(2).Int())}
		return append(b, d.String()...)
	case binTime:
		return v.Interface().(time.Time).UTC().AppendFormat(b, time.RFC3339Nano)
	case binString:
		return append(b, strings.TrimSpace(v.String())...)
	case binBool:
		if v.Bool() {
			return append(b, "True"...)
		}
		return append(b, "False"...)
	case binInt:
		return strconv.AppendInt(b, v.Int(), 10)
	case binFloat:
		return appendPythonFloat(b, v.Float())
	}
	if v.IsNil() {
		return append(b, "NULL"...)
	}
	b = append(b, '[')
	for i := range v.Len() {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '\'')
		b = append(b, v.Index(i).String()...)
		b = append(b, '\'')
	}
	return append(b, ']')
}

// appendBinaryRow writes every column of a row in a fixed binary form: a
// presence byte for nullable values, 8 bytes per number, length-prefixed
// strings. Fast, unambiguous, and never shown to anyone.
func appendBinaryRow(b []byte, row reflect.Value) []byte {
	for _, enc := range binaryPlanOf(row.Type()) {
		b = enc.append(b, row.Field(enc.field))
	}
	return b
}

type binaryColumn struct {
	field    int
	nullable bool
	kind     binaryKind
}

type binaryKind uint8

const (
	binString binaryKind = iota
	binBool
	binInt
	binFloat
	binDate
	binTime
)

var binaryPlans sync.Map // reflect.Type -> []binaryColumn

// binaryPlanOf decides once per row type how each column is written.
func binaryPlanOf(t reflect.Type) []binaryColumn {
	if p, ok := binaryPlans.Load(t); ok {
		return p.([]binaryColumn)
	}
	var plan []binaryColumn
	for _, c := range ColumnsOf(t) {
		bc := binaryColumn{field: c.Field}
		ft := c.Type
		if ft.Kind() == reflect.Pointer {
			bc.nullable, ft = true, ft.Elem()
		}
		bc.kind = kindOf(ft)
		plan = append(plan, bc)
	}
	binaryPlans.Store(t, plan)
	return plan
}

// kindOf is how a column of type t is written; it panics on a type no
// column may have, when the row type is first hashed.
func kindOf(t reflect.Type) binaryKind {
	switch {
	case t == dateType:
		return binDate
	case t == timeType:
		return binTime
	case t.Kind() == reflect.String:
		return binString
	case t.Kind() == reflect.Bool:
		return binBool
	case t.Kind() == reflect.Int64 || t.Kind() == reflect.Int:
		return binInt
	case t.Kind() == reflect.Float64:
		return binFloat
	}
	panic("nba: no hash form for column type " + t.String())
}

func (c binaryColumn) append(b []byte, v reflect.Value) []byte {
	if c.nullable {
		if v.IsNil() {
			return append(b, 0)
		}
		b, v = append(b, 1), v.Elem()
	}
	switch c.kind {
	case binString:
		return appendString(b, v.String())
	case binBool:
		return appendBool(b, v.Bool())
	case binInt:
		return binary.LittleEndian.AppendUint64(b, uint64(v.Int()))
	case binFloat:
		return appendFloat(b, v.Float())
	case binDate:
		return appendDate(b, v.Interface().(civil.Date))
	default:
		return appendTime(b, v.Interface().(time.Time))
	}
}

// PythonFloat formats x as Python's repr does: the shortest string that reads
// back as x, with ".0" on whole numbers and an exponent outside [1e-4, 1e16).
func PythonFloat(x float64) string { return string(appendPythonFloat(nil, x)) }

func appendPythonFloat(b []byte, x float64) []byte {
	switch {
	case math.IsNaN(x):
		return append(b, "nan"...)
	case math.IsInf(x, 1):
		return append(b, "inf"...)
	case math.IsInf(x, -1):
		return append(b, "-inf"...)
	}
	if a := math.Abs(x); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.AppendFloat(b, x, 'e', -1, 64)
	}
	start := len(b)
	b = strconv.AppendFloat(b, x, 'f', -1, 64)
	for _, c := range b[start:] {
		if c == '.' {
			return b
		}
	}
	return append(b, ".0"...)
}
