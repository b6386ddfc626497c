package nba

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseMinutes reads minutes played written as "MM:SS" or as decimal
// minutes. Empty text is "no data" (nil). Anything else that is not a
// finite, non-negative duration is an error: the legacy parser turned it
// into 0.0, a plausible value (docs/domain.md A.2.1).
func ParseMinutes(s string) (*float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var m float64
	if mm, ss, ok := strings.Cut(s, ":"); ok {
		whole, err1 := strconv.Atoi(mm)
		sec, err2 := strconv.Atoi(ss)
		if err1 != nil || err2 != nil || whole < 0 || sec < 0 || sec >= 60 {
			return nil, fmt.Errorf("minutes %q: want MM:SS", s)
		}
		m = float64(whole) + float64(sec)/60
	} else {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("minutes %q: want MM:SS or decimal minutes", s)
		}
		m = v
	}
	return &m, nil
}
