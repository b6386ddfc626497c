package nba

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestShortDecimal: the fast path reads a float as the same decimal strconv
// prints, and takes every decimal of up to 9 digits below 2^50 units.
func TestShortDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 30))
	for i := range 200_000 {
		digits := r.IntN(maxShortDigits + 1)
		x, _ := strconv.ParseFloat(strconv.FormatInt(r.Int64N(1<<50)-1<<49, 10)+"e-"+strconv.Itoa(digits), 64)
		if i%4 == 0 {
			x = math.Float64frombits(r.Uint64()) // anything, mostly not a short decimal
		}
		m, d, ok := shortDecimal(x)
		want, parsed := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
		switch {
		case ok && (!parsed || new(big.Rat).SetFrac64(m, d).Cmp(want) != 0):
			t.Fatalf("shortDecimal(%v) = %d/%d, strconv prints %s", x, m, d, strconv.FormatFloat(x, 'g', -1, 64))
		case !ok && i%4 != 0:
			t.Fatalf("shortDecimal(%v) left a %d-digit decimal to big", x, digits)
		}
	}
}

// TestRatMatchesBig runs the int64 arithmetic next to big.Rat on operands
// near the int64 limits, where it must either be exact or move to big.
func TestRatMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 31))
	operand := func() rat {
		n := r.Int64() >> r.IntN(63)
		if r.IntN(2) == 0 {
			n = -n
		}
		return rat{n: n, d: 1 + r.Int64N(math.MaxInt64)>>r.IntN(63)}
	}
	for range 20_000 {
		a, b := operand(), operand()
		for _, op := range []struct {
			name string
			got  rat
			want *big.Rat
		}{
			{"add", a.add(b), new(big.Rat).Add(a.big(), b.big())},
			{"sub", a.sub(b), new(big.Rat).Sub(a.big(), b.big())},
			{"mul", a.mul(b), new(big.Rat).Mul(a.big(), b.big())},
		} {
			if op.got.big().Cmp(op.want) != 0 {
				t.Fatalf("%s(%d/%d, %d/%d) = %v, want %v", op.name, a.n, a.d, b.n, b.d, op.got.big(), op.want)
			}
		}
		if !b.isZero() && a.quo(b).big().Cmp(new(big.Rat).Quo(a.big(), b.big())) != 0 {
			t.Fatalf("quo(%d/%d, %d/%d) = %v", a.n, a.d, b.n, b.d, a.quo(b).big())
		}
		p := r.IntN(7)
		if got, want := a.roundTo(p), roundBig(a.big(), p); got.big().Cmp(want.big()) != 0 {
			t.Fatalf("roundTo(%d/%d, %d) = %v, want %v", a.n, a.d, p, got.big(), want.big())
		}
		if a.n >= 0 {
			if got, want := a.sqrtTo(p%4), (rat{r: a.big()}).sqrtTo(p%4); got.big().Cmp(want.big()) != 0 {
				t.Fatalf("sqrtTo(%d/%d, %d) = %v, big gives %v", a.n, a.d, p%4, got.big(), want.big())
			}
		}
	}
}

// TestRatEdges pins the cases the random test may not reach.
func TestRatEdges(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"41/160·100 to 2", ratInt(4100).quoInt(160).rounded(2), 25.63},
		{"-41/160·100 to 2", ratInt(-4100).quoInt(160).rounded(2), -25.63},
		{"√(1/64) to 2 (a tie)", ratInt(1).quoInt(64).sqrtTo(2).float(), 0.13},
		{"√2 to 3", ratInt(2).sqrtTo(3).float(), 1.414},
		{"-0.04 to 1 is +0", ratOf(-0.04).rounded(1), 0},
		{"⌊-7/2⌋", float64(ratInt(-7).quoInt(2).floor()), -4},
		{"⌊7/2⌋", float64(ratInt(7).quoInt(2).floor()), 3},
		{"MaxInt64+1 to 0", ratInt(math.MaxInt64).add(ratInt(1)).rounded(0), 9223372036854775808},
		{"1/3 of a float, 6 places", ratOf(1.0 / 3).rounded(6), 0.333333},
		{"1e300 + 1", ratOf(1e300).add(ratInt(1)).float(), 1e300},
		{"NaN stays NaN", ratOf(math.NaN()).add(ratInt(1)).rounded(2), math.NaN()},
		{"x/0 is NaN", ratInt(1).quoInt(0).rounded(2), math.NaN()},
	}
	for _, tt := range tests {
		if tt.got != tt.want && !(math.IsNaN(tt.got) && math.IsNaN(tt.want)) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if math.Signbit(ratOf(-0.04).rounded(1)) {
		t.Error("a value that rounds to 0 must be +0, not -0")
	}
	for _, x := range []uint64{0, 1, 2, 3, 4, 15, 16, 1<<32 - 1, 1 << 32, 1<<64 - 1, (1<<32 - 1) * (1<<32 - 1), 1 << 62} {
		s := isqrt(x)
		if new(big.Int).SetUint64(s).Cmp(new(big.Int).Sqrt(new(big.Int).SetUint64(x))) != 0 {
			t.Errorf("isqrt(%d) = %d", x, s)
		}
	}
}
