// Package nbaref computes the rounded outputs of internal/nba with math/big:
// slow, written for the reader, and exact, so that tests can hold the fast
// int64 arithmetic of internal/nba to it (docs/domain.md A.2.15). It follows
// the rule of A.2.15 literally: an input float64 stands for the shortest
// decimal that reads back as it (what strconv prints), every formula is
// evaluated on those decimals as a big.Rat, and the result is rounded half
// away from zero by big.Rat.FloatString. Only tests import it.
package nbaref

import (
	"math/big"
	"strconv"
)

// Dec is the exact value of an input: the decimal it is stored as.
func Dec(x float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok {
		panic("nbaref: not a finite number: " + strconv.FormatFloat(x, 'g', -1, 64))
	}
	return r
}

// Int is the integer i.
func Int(i int64) *big.Rat { return new(big.Rat).SetInt64(i) }

// Sum is the exact sum of the inputs' decimals.
func Sum(xs ...float64) *big.Rat {
	s := new(big.Rat)
	for _, x := range xs {
		s.Add(s, Dec(x))
	}
	return s
}

// Mean is the exact mean of values; nil when there are none.
func Mean(values []*big.Rat) *big.Rat {
	if len(values) == 0 {
		return nil
	}
	s := new(big.Rat)
	for _, v := range values {
		s.Add(s, v)
	}
	return s.Quo(s, Int(int64(len(values))))
}

// Decs are the exact values of inputs.
func Decs(xs []float64) []*big.Rat {
	out := make([]*big.Rat, len(xs))
	for i, x := range xs {
		out[i] = Dec(x)
	}
	return out
}

// Variance is the exact sample variance Σ(x−mean)²/(n−1); nil with fewer
// than two values.
func Variance(values []*big.Rat) *big.Rat {
	if len(values) < 2 {
		return nil
	}
	m := Mean(values)
	ss := new(big.Rat)
	for _, v := range values {
		d := new(big.Rat).Sub(v, m)
		ss.Add(ss, d.Mul(d, d))
	}
	return ss.Quo(ss, Int(int64(len(values)-1)))
}

// Ratio is num/den·scale exactly; nil when den is 0.
func Ratio(num, den *big.Rat, scale int64) *big.Rat {
	if den.Sign() == 0 {
		return nil
	}
	r := new(big.Rat).Quo(num, den)
	return r.Mul(r, Int(scale))
}

// RoundRat is r rounded half away from zero to places decimals, exactly.
func RoundRat(r *big.Rat, places int) *big.Rat {
	out, _ := new(big.Rat).SetString(r.FloatString(places))
	return out
}

// Round is r rounded half away from zero to places decimals, as the float64
// the decimal reads as; nil for a nil r (a NULL stays NULL).
func Round(r *big.Rat, places int) *float64 {
	if r == nil {
		return nil
	}
	f, err := strconv.ParseFloat(r.FloatString(places), 64)
	if err != nil {
		panic(err)
	}
	return &f
}

// SqrtRound is √r rounded half away from zero to places decimals; nil for a
// nil r. With m = ⌊√r·10^p⌋, the result is m+1 units when
// (m+½)² ≤ r·10^2p, else m: a tie (√r ending exactly in 5) goes up.
func SqrtRound(r *big.Rat, places int) *float64 {
	if r == nil {
		return nil
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Mul(scale, scale)))
	m := new(big.Int).Sqrt(new(big.Int).Quo(scaled.Num(), scaled.Denom()))
	half := new(big.Rat).Add(new(big.Rat).SetInt(m), big.NewRat(1, 2))
	if half.Mul(half, half).Cmp(scaled) <= 0 {
		m.Add(m, big.NewInt(1))
	}
	return Round(new(big.Rat).SetFrac(m, scale), places)
}

// Floor is ⌊r⌋.
func Floor(r *big.Rat) int64 {
	return new(big.Int).Div(r.Num(), r.Denom()).Int64()
}
