package nba

import (
	"math"
	"math/big"
	"math/bits"
)

// roundTo rounds a to places decimals (0 to 18), half away from zero, on its
// exact value (docs/domain.md A.2.15): 41/160·100 = 25.625 is 25.63, where the
// float quotient 25.624999… gave 25.62. The result is the rounded decimal,
// exact as well.
func (a rat) roundTo(places int) rat {
	if a.small() {
		if q, ok := roundQuo(a.n, a.d, places); ok {
			return rat{n: q, d: pow10i[places]}
		}
	}
	if !a.valid() {
		return a
	}
	return roundBig(a.big(), places)
}

// roundQuo is n·10^places / d rounded half away from zero, with a 128-bit
// product so that it rarely needs big; ok is false when the quotient does not
// fit in int64.
func roundQuo(n, d int64, places int) (int64, bool) {
	hi, lo := bits.Mul64(uabs(n), uint64(pow10i[places]))
	ud := uint64(d)
	if hi >= ud {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, ud)
	if r >= ud-r { // 2r ≥ d: the exact value is at or past the half
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if n < 0 {
		return -int64(q), true
	}
	return int64(q), true
}

// roundBig is roundTo for a value held in big.Rat.
func roundBig(x *big.Rat, places int) rat {
	scale := new(big.Int).SetInt64(pow10i[places])
	num := new(big.Int).Mul(new(big.Int).Abs(x.Num()), scale)
	q, r := new(big.Int).QuoRem(num, x.Denom(), new(big.Int))
	if r.Lsh(r, 1).Cmp(x.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return ratBig(new(big.Rat).SetFrac(q, scale))
}

// sqrtTo is √a rounded to places decimals (0 to 9) half away from zero, for
// a ≥ 0: the sample standard deviations. √a·10^p + ½ is (s+1)/2 with
// s = √(4·10^2p·a), and ⌊(s+1)/2⌋ = ⌊(⌊s⌋+1)/2⌋, so an integer square root of
// ⌊4·10^2p·a⌋ decides it exactly, ties (√a ending in 5) included.
func (a rat) sqrtTo(places int) rat {
	if a.small() && a.n >= 0 {
		hi, lo := bits.Mul64(uint64(a.n), 4*uint64(pow10i[2*places]))
		if d := uint64(a.d); hi < d {
			x, _ := bits.Div64(hi, lo, d)
			return rat{n: int64((isqrt(x) + 1) / 2), d: pow10i[places]}
		}
	}
	if !a.valid() || a.big().Sign() < 0 {
		return rat{}
	}
	x := a.big()
	num := new(big.Int).Mul(x.Num(), new(big.Int).Lsh(big.NewInt(pow10i[2*places]), 2))
	s := num.Sqrt(num.Quo(num, x.Denom()))
	s.Rsh(s.Add(s, big.NewInt(1)), 1)
	return ratBig(new(big.Rat).SetFrac(s, big.NewInt(pow10i[places])))
}

// isqrt is ⌊√x⌋.
func isqrt(x uint64) uint64 {
	s := min(uint64(math.Sqrt(float64(x))), math.MaxUint32)
	for s*s > x {
		s--
	}
	for s < math.MaxUint32 && (s+1)*(s+1) <= x {
		s++
	}
	return s
}

// floor is ⌊a⌋, saturated to the int64 range.
func (a rat) floor() int64 {
	if a.small() {
		q := a.n / a.d
		if a.n%a.d != 0 && a.n < 0 {
			q--
		}
		return q
	}
	if !a.valid() {
		return 0
	}
	q := new(big.Int).Div(a.r.Num(), a.r.Denom()) // Euclidean: the floor for d > 0
	switch {
	case q.IsInt64():
		return q.Int64()
	case q.Sign() < 0:
		return math.MinInt64
	default:
		return math.MaxInt64
	}
}

// float is the float64 nearest a (the float a decimal literal of a would
// give); NaN when a is invalid. Exact zero is +0.
func (a rat) float() float64 {
	const exactInt = 1 << 53
	switch {
	case !a.valid():
		return math.NaN()
	case a.small() && a.n > -exactInt && a.n < exactInt && a.d < exactInt:
		return float64(a.n) / float64(a.d) // both exact, one correctly rounded division
	}
	f, _ := a.big().Float64()
	return f
}

// rounded is a rounded to places decimals as a float64 column value.
func (a rat) rounded(places int) float64 { return a.roundTo(places).float() }

// roundedPtr is rounded for a nullable column.
func (a rat) roundedPtr(places int) *float64 {
	v := a.rounded(places)
	return &v
}
