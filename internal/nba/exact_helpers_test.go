package nba_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"nbaflow/internal/nbaref"
)

// exactRuns is how many random cases each rounding property draws, in each
// of its two modes (plain random inputs, and inputs built to sit on ties).
const exactRuns = 400

// roundingStats counts, per output, the values a property compared and how
// many of them sat exactly on a tie (a last kept digit followed by exactly
// 5), the case a float computation gets wrong.
type roundingStats map[string]*struct{ values, ties int }

// check compares one rounded output with the big.Rat reference: both NULL,
// or the same float64. A tie in the reference is counted.
func (s roundingStats) check(t *testing.T, name string, got *float64, ref *big.Rat, places int, inputs any) {
	t.Helper()
	want := nbaref.Round(ref, places)
	if (got == nil) != (want == nil) || (got != nil && *got != *want) {
		t.Fatalf("%s = %v, want %v (exact %v) for %+v", name, show(got), show(want), ratText(ref), inputs)
	}
	c := s[name]
	if c == nil {
		c = &struct{ values, ties int }{}
		s[name] = c
	}
	c.values++
	if ref != nil && isTie(ref, places) {
		c.ties++
	}
}

// checkSqrt is check for a rounded square root (a standard deviation),
// var being the exact variance; a tie is a root that ends exactly in 5.
func (s roundingStats) checkSqrt(t *testing.T, name string, got *float64, variance *big.Rat, places int, inputs any) {
	t.Helper()
	want := nbaref.SqrtRound(variance, places)
	if (got == nil) != (want == nil) || (got != nil && *got != *want) {
		t.Fatalf("%s = %v, want %v (variance %v) for %+v", name, show(got), show(want), ratText(variance), inputs)
	}
	c := s[name]
	if c == nil {
		c = &struct{ values, ties int }{}
		s[name] = c
	}
	c.values++
	if variance != nil && isSquareTie(variance, places) {
		c.ties++
	}
}

// requireTies fails unless every output in names met at least min ties: a
// tie-building generator that stopped building ties would test nothing.
func (s roundingStats) requireTies(t *testing.T, min int, names ...string) {
	t.Helper()
	for _, n := range names {
		c := s[n]
		if c == nil || c.ties < min {
			t.Errorf("%s: %v ties, want at least %d", n, c, min)
		}
	}
	for n, c := range s {
		t.Logf("%-36s %5d values, %4d exact ties", n, c.values, c.ties)
	}
}

// isTie reports whether r·10^places is exactly an integer plus ½.
func isTie(r *big.Rat, places int) bool {
	x := new(big.Rat).Mul(r, nbaref.Int(int64(math.Pow10(places))))
	return x.Denom().Cmp(big.NewInt(2)) == 0
}

// isSquareTie reports whether √v·10^places is exactly an integer plus ½,
// that is 4·v·10^2p is the square of an odd integer.
func isSquareTie(v *big.Rat, places int) bool {
	x := new(big.Rat).Mul(v, nbaref.Int(4*int64(math.Pow10(2*places))))
	if !x.IsInt() {
		return false
	}
	s := new(big.Int).Sqrt(x.Num())
	return new(big.Int).Mul(s, s).Cmp(x.Num()) == 0 && s.Bit(0) == 1
}

func ratText(r *big.Rat) string {
	if r == nil {
		return "NULL"
	}
	return r.FloatString(12)
}

// decimal is the float64 of the decimal m·10^-digits, as the warehouse
// would hold it.
func decimal(m int64, digits int) float64 {
	v, err := strconv.ParseFloat(fmt.Sprintf("%de-%d", m, digits), 64)
	if err != nil {
		panic(err)
	}
	return v
}

// randDecimal draws a decimal in [lo, hi] with the given fractional digits;
// one draw in 20 is awkward instead: a third (a float with 16 digits, which
// leaves int64) or a value with 4 decimals.
func randDecimal(r *rand.Rand, lo, hi float64, digits int) float64 {
	switch r.IntN(20) {
	case 0:
		return math.Floor(lo) + float64(r.IntN(int(hi-lo)*3+1))/3
	case 1:
		digits = 4
	}
	scale := math.Pow10(digits)
	return decimal(int64(lo*scale)+r.Int64N(int64((hi-lo)*scale)+1), digits)
}

// tieSplit draws n decimals with the given fractional digits, each within
// spread/2 of total/n, whose sum is exactly total (in units of 10^-digits);
// the last one takes the remainder.
func tieSplit(r *rand.Rand, n int, total, spread int64, digits int) []float64 {
	out := make([]float64, n)
	left, lo := total, total/int64(n)-spread/2
	for i := range n - 1 {
		v := lo + r.Int64N(spread)
		out[i], left = decimal(v, digits), left-v
	}
	out[n-1] = decimal(max(left, 0), digits)
	return out
}

// decs is nbaref.Decs for optional values, NULLs left out.
func decs(xs ...*float64) []*big.Rat {
	var out []*big.Rat
	for _, x := range xs {
		if x != nil {
			out = append(out, nbaref.Dec(*x))
		}
	}
	return out
}
