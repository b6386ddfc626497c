package league

import (
	"math/rand/v2"
	"slices"
)

// fixture is one game of the season before it has a date.
type fixture struct {
	home, away int
	// ideal is where in the season (0 the opener, 1 the last day) this
	// meeting should fall, so that a pair's meetings are spread out instead
	// of bunched.
	ideal float64
}

// matchups returns the 1,230 games of the season by the NBA formula: two
// games against each team of the other conference, four against each
// division rival, four against six and three against four of the other ten
// conference teams. Every team plays 82 games, 41 at home.
func matchups(r *rand.Rand) []fixture {
	var hosts [numTeams][numTeams]int // hosts[a][b]: games a hosts against b
	for a := range numTeams {
		for b := range numTeams {
			if a == b {
				continue
			}
			switch {
			case franchises[a].division == franchises[b].division:
				hosts[a][b] = 2
			case franchises[a].conference == franchises[b].conference:
				hosts[a][b] = 2 // four games, unless made a three-game pair below
			default:
				hosts[a][b] = 1
			}
		}
	}
	// Three-game pairs: for each ordered pair of divisions (X, Y) of a
	// conference, team i of X meets Y[i+s] and Y[i+s+1] three times, hosting
	// the first twice and the second once. Each team thus gets four
	// three-game opponents, two with an extra home game and two without.
	for _, conf := range conferences() {
		for d := range 3 {
			x, y := conf[d], conf[(d+1)%3]
			s := r.IntN(5)
			for i, t := range x {
				more, fewer := y[(i+s)%5], y[(i+s+1)%5]
				hosts[more][t] = 1
				hosts[t][fewer] = 1
			}
		}
	}
	var out []fixture
	for a := range numTeams {
		for b := a + 1; b < numTeams; b++ {
			var homes []int
			for range hosts[a][b] {
				homes = append(homes, a)
			}
			for range hosts[b][a] {
				homes = append(homes, b)
			}
			r.Shuffle(len(homes), func(i, j int) { homes[i], homes[j] = homes[j], homes[i] })
			k := float64(len(homes))
			ideals := make([]float64, len(homes))
			for i := range ideals {
				ideals[i] = (float64(i) + 0.5 + 0.7*(r.Float64()-0.5)) / k
			}
			slices.Sort(ideals)
			for i, h := range homes {
				away := a
				if h == a {
					away = b
				}
				out = append(out, fixture{home: h, away: away, ideal: ideals[i]})
			}
		}
	}
	return out
}
