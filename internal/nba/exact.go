package nba

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// rat is an exact rational number n/d (d > 0): the value a rounded output is
// computed from before it is rounded (docs/domain.md A.2.15). It stays in
// int64 while numerator and denominator fit, which costs a few integer
// operations and no allocation, and moves to big.Rat when an operation would
// overflow, so that no value is ever approximate. The zero rat is invalid
// (the result of a NaN input or a division by zero); it stays invalid through
// every operation and reads back as NaN.
type rat struct {
	n, d int64    // d > 0 exactly when the value is held here
	r    *big.Rat // the value once it left int64 (n and d are then 0); never mutated
}

// pow10i are the powers of ten that fit in int64.
var pow10i = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// maxShortDigits is how many decimals shortDecimal tries before it leaves a
// value to big.Rat; the warehouse's inputs have one or none.
const maxShortDigits = 9

// ratInt is the integer i.
func ratInt(i int64) rat { return rat{n: i, d: 1} }

// ratOf is the exact value of an input as the decimal it is stored as: the
// shortest decimal that reads back as x, the digits strconv prints (35.6 is
// 356/10, not the binary value of the float). A NaN or an infinity gives the
// invalid rat.
func ratOf(x float64) rat {
	if i := int64(x); float64(i) == x && i != math.MaxInt64 { // a count (MaxInt64 would be a saturated 2^63)
		return rat{n: i, d: 1}
	}
	return ratOfDecimal(x)
}

// ratOfDecimal is ratOf for a value with decimals, or one beyond int64.
func ratOfDecimal(x float64) rat {
	if m, d, ok := shortDecimal(x); ok {
		return rat{n: m, d: d}
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok {
		return rat{}
	}
	return rat{r: r}
}

// shortDecimal returns the shortest decimal m/10^e that reads back as x, for
// e up to maxShortDigits and |m| < 2^50; ok is false otherwise. Below
// 2^50·10^-e the spacing of floats is under a quarter of 10^-e, so at most one
// e-digit decimal reads back as x, and math.Round(x·10^e) finds it; the first
// e that works is the shortest (TestShortDecimal compares with strconv).
func shortDecimal(x float64) (m, d int64, ok bool) {
	const limit = 1 << 50
	for e := 0; e <= maxShortDigits; e++ {
		y := math.Round(x * pow10[e])
		if !(math.Abs(y) < limit) { // also NaN and Inf
			return 0, 0, false
		}
		if y/pow10[e] == x {
			return int64(y), pow10i[e], true
		}
	}
	return 0, 0, false
}

// valid reports whether a is a number.
func (a rat) valid() bool { return a.r != nil || a.d != 0 }

// small reports whether a is held in int64.
func (a rat) small() bool { return a.d > 0 }

// isZero reports whether a is exactly 0.
func (a rat) isZero() bool {
	if a.r != nil {
		return a.r.Sign() == 0
	}
	return a.d != 0 && a.n == 0
}

// sign is -1, 0 or +1 as a is negative, zero or positive (0 when invalid).
func (a rat) sign() int {
	switch {
	case a.r != nil:
		return a.r.Sign()
	case a.n < 0:
		return -1
	case a.n > 0:
		return 1
	}
	return 0
}

// big returns a as a big.Rat the caller must not modify.
func (a rat) big() *big.Rat {
	if a.r != nil {
		return a.r
	}
	return new(big.Rat).SetFrac64(a.n, a.d)
}

// ratBig wraps a big result, back in int64 when it fits.
func ratBig(r *big.Rat) rat {
	if r.Num().IsInt64() && r.Denom().IsInt64() {
		return rat{n: r.Num().Int64(), d: r.Denom().Int64()}
	}
	return rat{r: r}
}

// add returns a + b. Decimals of the same precision add in one checked
// instruction; the rest is addMixed.
func (a rat) add(b rat) rat {
	if s := a.n + b.n; a.d == b.d && a.d > 0 && (s > a.n) == (b.n > 0) {
		return rat{n: s, d: a.d}
	}
	return a.addMixed(b)
}

// addMixed is add for different denominators, an overflow, or big values.
func (a rat) addMixed(b rat) rat {
	if a.small() && b.small() {
		if s, ok := addSmall(a, b); ok {
			return s
		}
	}
	if !a.valid() || !b.valid() {
		return rat{}
	}
	return ratBig(new(big.Rat).Add(a.big(), b.big()))
}

// addSmall adds two int64 rationals, on the larger denominator when one
// divides the other (decimals of different precision), else on the product.
func addSmall(a, b rat) (rat, bool) {
	if a.d == b.d {
		n, ok := add64(a.n, b.n)
		return rat{n: n, d: a.d}, ok
	}
	if a.d > b.d {
		a, b = b, a
	}
	if b.d%a.d == 0 {
		an, ok1 := mul64(a.n, b.d/a.d)
		n, ok2 := add64(an, b.n)
		return rat{n: n, d: b.d}, ok1 && ok2
	}
	an, ok1 := mul64(a.n, b.d)
	bn, ok2 := mul64(b.n, a.d)
	n, ok3 := add64(an, bn)
	d, ok4 := mul64(a.d, b.d)
	return rat{n: n, d: d}, ok1 && ok2 && ok3 && ok4
}

// neg returns -a.
func (a rat) neg() rat {
	switch {
	case a.small() && a.n != math.MinInt64:
		return rat{n: -a.n, d: a.d}
	case !a.valid():
		return a
	}
	return ratBig(new(big.Rat).Neg(a.big()))
}

// sub returns a - b.
func (a rat) sub(b rat) rat { return a.add(b.neg()) }

// mul returns a · b.
func (a rat) mul(b rat) rat {
	if a.small() && b.small() {
		n, ok1 := mul64(a.n, b.n)
		d, ok2 := mul64(a.d, b.d)
		if ok1 && ok2 {
			return rat{n: n, d: d}
		}
	}
	if !a.valid() || !b.valid() {
		return rat{}
	}
	return ratBig(new(big.Rat).Mul(a.big(), b.big()))
}

// quo returns a / b, invalid when b is 0.
func (a rat) quo(b rat) rat {
	if !a.valid() || !b.valid() || b.isZero() {
		return rat{}
	}
	if a.small() && b.small() {
		n, ok1 := mul64(a.n, b.d)
		d, ok2 := mul64(a.d, b.n)
		if ok1 && ok2 { // mul64 never gives MinInt64: both negate
			if d < 0 {
				n, d = -n, -d
			}
			return rat{n: n, d: d}
		}
	}
	return ratBig(new(big.Rat).Quo(a.big(), b.big()))
}

// quoInt returns a / k: the mean of a sum of k values.
func (a rat) quoInt(k int) rat { return a.quo(ratInt(int64(k))) }

// add64 is a + b and whether it did not overflow.
func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (a^s)&(b^s) >= 0
}

// mul64 is a · b and whether it did not overflow (MinInt64 counts as an
// overflow, so that every result can be negated).
func mul64(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uabs(a), uabs(b))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if (a < 0) != (b < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

// uabs is |a| as an unsigned number (2^63 for MinInt64).
func uabs(a int64) uint64 {
	if a < 0 {
		return -uint64(a)
	}
	return uint64(a)
}

// addInput adds an input to a in place: a whole number to a whole sum in a
// few instructions (the counts of a box score, summed per game in the hot
// loops), anything else through ratOf and add.
func (a *rat) addInput(x float64) {
	if i := int64(x); float64(i) == x && i != math.MaxInt64 && a.d == 1 {
		if s := a.n + i; (s > a.n) == (i > 0) {
			a.n = s
			return
		}
	}
	a.addDecimal(x)
}

// addDecimal is addInput's general case, out of line.
func (a *rat) addDecimal(x float64) { *a = a.add(ratOf(x)) }
