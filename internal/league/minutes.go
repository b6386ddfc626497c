package league

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Minutes are counted in tenths, the precision of minutes_played, so that a
// team's minutes add up exactly: 240.0 in regulation, 25.0 more per overtime.
const (
	regulationTenths = 48 * 5 * 10
	overtimeTenths   = 5 * 5 * 10
	maxMinutes       = 44.0
	// garbageTimeOdds is the chance that a deep-bench player gets minutes
	// instead of a coach's decision DNP.
	garbageTimeOdds = 0.3
)

// rotation decides who plays in a game and for how long, in tenths of a
// minute per roster slot. The first five available players start and the
// next four or five come off the bench, each near his usual minutes; the
// deep bench mostly sits out (DNP) and otherwise gets garbage time. A reserve
// promoted into the starting five by injuries plays starter's minutes.
func rotation(players []*player, inactive func(slot int) bool, r *rand.Rand) []int {
	raw := make([]float64, len(players))
	deep := make([]bool, len(players))
	bench := 4 + r.IntN(2)
	rank := 0
	for s, p := range players {
		if inactive(s) {
			continue
		}
		switch {
		case rank < 5:
			base := p.minutes
			if base < 26 {
				base = 26 + 3*r.Float64()
			}
			raw[s] = base + 2.5*r.NormFloat64()
		case rank < 5+bench:
			base := p.minutes
			if base < 12 {
				base = 12 + 5*r.Float64()
			}
			raw[s] = max(6, base+3*r.NormFloat64())
		default:
			deep[s] = true
			if r.Float64() < garbageTimeOdds {
				raw[s] = 2 + 7*r.Float64()
			}
		}
		rank++
	}
	// Scale the rotation to fill 240 minutes, capping heavy loads and
	// handing their excess to the others.
	capped := slices.Clone(deep)
	for range len(players) {
		fixed, free := 0.0, 0.0
		for s := range raw {
			if capped[s] {
				fixed += raw[s]
			} else {
				free += raw[s]
			}
		}
		scale := (regulationTenths/10 - fixed) / free
		again := false
		for s := range raw {
			if capped[s] {
				continue
			}
			if raw[s]*scale > maxMinutes {
				raw[s], capped[s], again = maxMinutes, true, true
			}
		}
		if !again {
			for s := range raw {
				if !capped[s] {
					raw[s] *= scale
				}
			}
			break
		}
	}
	return apportion(raw, regulationTenths)
}

// apportion turns shares into whole tenths that add up to exactly total, by
// largest remainder.
func apportion(shares []float64, total int) []int {
	sum := 0.0
	for _, x := range shares {
		sum += x
	}
	out := make([]int, len(shares))
	type rest struct {
		i    int
		frac float64
	}
	var rests []rest
	given := 0
	for i, x := range shares {
		v := x / sum * float64(total)
		out[i] = int(math.Floor(v))
		given += out[i]
		if x > 0 {
			rests = append(rests, rest{i, v - float64(out[i])})
		}
	}
	slices.SortStableFunc(rests, func(a, b rest) int { return cmp.Compare(b.frac, a.frac) })
	for k := 0; k < total-given; k++ {
		out[rests[k%len(rests)].i]++
	}
	return out
}
