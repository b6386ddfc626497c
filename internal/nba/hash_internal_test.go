package nba

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"cloud.google.com/go/civil"
)

// TestFastBinaryFormsMatch: the hand-written binary forms write exactly what
// the reflective form writes, so a column added to a row type without being
// added to its fast form fails here.
func TestFastBinaryFormsMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		g := PlayerGame{}
		p := OddsProp{}
		fill(r, reflect.ValueOf(&g).Elem())
		fill(r, reflect.ValueOf(&p).Elem())
		if want, got := appendBinaryRow(nil, reflect.ValueOf(g)), g.appendBinary(nil); !bytes.Equal(want, got) {
			t.Fatalf("PlayerGame fast form differs for %+v", g)
		}
		if want, got := appendBinaryRow(nil, reflect.ValueOf(p)), p.appendBinary(nil); !bytes.Equal(want, got) {
			t.Fatalf("OddsProp fast form differs for %+v", p)
		}
	}
}

// fill sets every field of a struct to a random value, nil half the time
// for pointers.
func fill(r *rand.Rand, v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case f.Type() == reflect.TypeFor[civil.Date]():
			f.Set(reflect.ValueOf(civil.Date{Year: 2000 + r.IntN(30), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}))
		case f.Type() == reflect.TypeFor[time.Time]():
			f.Set(reflect.ValueOf(time.Unix(r.Int64N(2e9), 0)))
		case f.Kind() == reflect.String:
			f.SetString(string(rune('a' + r.IntN(26))))
		case f.Kind() == reflect.Bool:
			f.SetBool(r.IntN(2) == 0)
		case f.Kind() == reflect.Float64:
			f.SetFloat(r.Float64() * 100)
		case f.Kind() == reflect.Pointer && r.IntN(2) == 0:
			x := r.Float64()
			f.Set(reflect.ValueOf(&x))
		}
	}
}
