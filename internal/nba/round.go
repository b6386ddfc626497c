package nba

import (
	"math"
	"strconv"
	"strings"
)

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}

// Round rounds x to places decimals, half away from zero, on the decimal value
// of x (docs/domain.md A.2.15): Round(25.25, 1) is 25.3 although the binary value of 25.25·10
// is below 252.5 on some inputs. NaN and Inf are returned unchanged.
//
// Round is for a float64 that stands for a decimal: an input, a literal, a
// generated value. A computed quotient is not one (41/160·100 is 25.624999…
// in float64, 25.625 exactly): the formulas of this package compute their
// outputs exactly (rat) and round those instead. The haversine distance,
// which has no exact rational value, is the one output rounded with Round.
func Round(x float64, places int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || places < 0 || places >= len(pow10) {
		return x
	}
	p := pow10[places]
	y := math.Abs(x) * p
	if y < 1<<52 {
		if frac := y - math.Floor(y); math.Abs(frac-0.5) > 1e-6 {
			return math.Copysign(math.Floor(y+0.5)/p, x)
		}
	}
	return roundDecimal(x, places)
}

// roundDecimal rounds the shortest decimal representation of x, which is the
// decimal value the user sees, instead of its binary approximation.
func roundDecimal(x float64, places int) float64 {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64) // d.ddddde±XX
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	digits := strings.Replace(mant, ".", "", 1)
	drop := len(digits) - 1 - exp - places // digits to remove on the right
	if drop <= 0 {
		return x
	}
	if drop > len(digits) {
		return math.Copysign(0, x)
	}
	m, _ := strconv.ParseUint(digits, 10, 64)
	div := uint64(1)
	for range drop {
		div *= 10
	}
	q, r := m/div, m%div
	if 2*r >= div {
		q++
	}
	return math.Copysign(float64(q)/pow10[places], x)
}
