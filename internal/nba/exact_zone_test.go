package nba_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"nbaflow/internal/nba"
	"nbaflow/internal/nbaref"
)

// TestExactZoneRounding holds every rounded field of a shot-zone window
// (§4.7) to the big.Rat reference (docs/domain.md A.2.15): on random windows, and on windows
// built so that the paint rate, the paint percentage, the assisted rate and
// the paint attempts per game sit exactly on a tie (41 of 160 shots is
// 25.625 %, which float64 computes as 25.624999…).
func TestExactZoneRounding(t *testing.T) {
	stats := roundingStats{}
	for _, tie := range []bool{false, true} {
		r := rand.New(rand.NewPCG(15, map[bool]uint64{false: 20, true: 21}[tie]))
		for range exactRuns {
			games := randomZoneGames(r, 1+r.IntN(20))
			if tie {
				games = zoneTies(r)
			}
			checkZoneWindow(t, stats, games)
		}
	}
	stats.requireTies(t, 50, "paint_rate", "paint_pct", "paint_attempts_per_game", "assisted_rate")
}

// randomZoneGames draws n games: mostly whole counts, one game in 20 with
// decimal counts, one in 10 without zone data and one in 4 without assisted
// data.
func randomZoneGames(r *rand.Rand, n int) []nba.PlayerGame {
	games := make([]nba.PlayerGame, n)
	count := func(hi int) float64 {
		if r.IntN(20) == 0 {
			return randDecimal(r, 0, float64(hi), 1)
		}
		return float64(r.IntN(hi + 1))
	}
	for i := range games {
		pa, ma, ta := count(10), count(6), count(9)
		pm, mm, tm := float64(r.IntN(int(pa)+1)), float64(r.IntN(int(ma)+1)), float64(r.IntN(int(ta)+1))
		g := nba.PlayerGame{FGAttempts: pa + ma + ta, FGMakes: pm + mm + tm, ThreePtAttempts: ta, ThreePtMakes: tm,
			PaintAttempts: f64(pa), PaintMakes: f64(pm), MidRangeAttempts: f64(ma), MidRangeMakes: f64(mm)}
		if r.IntN(10) == 0 {
			g.PaintAttempts, g.MidRangeAttempts = nil, nil
		}
		if r.IntN(4) > 0 {
			ast := float64(r.IntN(int(g.FGMakes) + 1))
			g.AssistedFGMakes, g.UnassistedFGMakes = f64(ast), f64(g.FGMakes-ast)
		}
		games[i] = g
	}
	return games
}

// zoneSums are the sums of a window: zone attempts and makes, and the
// assisted makes of its field-goal makes.
type zoneSums struct{ pa, pm, ma, mm, ta, tm, ast, fgm int64 }

// zoneTies builds 4 or 8 games whose sums put one of the paint percentage
// (2000·PM/PA odd), the paint rate (2·10^4·PA/TOT odd) or the assisted rate
// (2·10^4·AST/FGM odd) exactly on a tie; the attempts per game are a tie
// whenever PA/Z ends in 5.
func zoneTies(r *rand.Rand) []nba.PlayerGame {
	var s zoneSums
	switch pairs := tiePairs(); r.IntN(3) {
	case 0: // percentage: a pair (makes, attempts) of paint
		p := pairs[r.IntN(len(pairs))]
		s.pa, s.pm = p[1], p[0]/10
		for i := int64(0); i <= s.pa && !oddQuotient(2000*s.pm, s.pa); i++ { // b = 2^k·o, k ≥ 5, has one
			s.pm = (s.pm + 1) % (s.pa + 1)
		}
		s.ma, s.ta = r.Int64N(7), r.Int64N(10)
	case 1: // rate: a pair (paint, total)
		p := pairs[r.IntN(len(pairs))]
		s.pa, s.ma = p[0], r.Int64N(p[1]-p[0]+1)
		s.ta = p[1] - s.pa - s.ma
	default: // assisted rate: a pair (assisted, makes)
		p := pairs[r.IntN(len(pairs))]
		s.ast, s.fgm = p[0], p[1]
		s.pa, s.ma, s.ta = s.fgm/3+r.Int64N(5), s.fgm/3+r.Int64N(5), s.fgm-2*(s.fgm/3)+r.Int64N(5)
	}
	s.fillMakes(r)
	return s.games(r, 4*(1+r.IntN(2)))
}

// tiePairs lists (a, b), 0 ≤ a ≤ b ≤ 250, for which a/b·100 rounded to two
// decimals is a tie: 2·10^4·a/b odd.
func tiePairs() [][2]int64 {
	var pairs [][2]int64
	for b := int64(1); b <= 250; b++ {
		for a := int64(0); a <= b; a++ {
			if oddQuotient(20000*a, b) {
				pairs = append(pairs, [2]int64{a, b})
			}
		}
	}
	return pairs
}

// fillMakes draws the makes the tie left open: zone makes up to the
// attempts, and assisted makes up to the field-goal makes (or, with the
// field-goal makes set, zone makes that add up to them).
func (s *zoneSums) fillMakes(r *rand.Rand) {
	if s.fgm > 0 {
		s.pm = min(s.pa, s.fgm)
		s.mm = min(s.ma, s.fgm-s.pm)
		s.tm = s.fgm - s.pm - s.mm
		return
	}
	if s.pm == 0 {
		s.pm = r.Int64N(s.pa + 1)
	}
	s.mm, s.tm = r.Int64N(s.ma+1), r.Int64N(s.ta+1)
	s.fgm = s.pm + s.mm + s.tm
	s.ast = r.Int64N(s.fgm + 1)
}

// games spreads the sums over z games.
func (s zoneSums) games(r *rand.Rand, z int) []nba.PlayerGame {
	parts := [][]float64{split(r, s.pa, z), split(r, s.pm, z), split(r, s.ma, z), split(r, s.mm, z), split(r, s.ta, z), split(r, s.tm, z), split(r, s.ast, z), split(r, s.fgm-s.ast, z)}
	games := make([]nba.PlayerGame, z)
	for i := range games {
		g := nba.PlayerGame{PaintAttempts: &parts[0][i], PaintMakes: &parts[1][i], MidRangeAttempts: &parts[2][i], MidRangeMakes: &parts[3][i],
			ThreePtAttempts: parts[4][i], ThreePtMakes: parts[5][i], AssistedFGMakes: &parts[6][i], UnassistedFGMakes: &parts[7][i]}
		g.FGAttempts = *g.PaintAttempts + *g.MidRangeAttempts + g.ThreePtAttempts
		g.FGMakes = *g.AssistedFGMakes + *g.UnassistedFGMakes
		games[i] = g
	}
	return games
}

// oddQuotient reports whether num/den is an odd integer: num/(2·den) is
// then an integer plus ½.
func oddQuotient(num, den int64) bool { return den > 0 && num%den == 0 && (num/den)%2 == 1 }

// split cuts a whole total into n random whole parts.
func split(r *rand.Rand, total int64, n int) []float64 {
	out := make([]float64, n)
	for ; total > 0; total-- {
		out[r.IntN(n)]++
	}
	return out
}

// checkZoneWindow compares ComputeZoneWindow with the reference.
func checkZoneWindow(t *testing.T, stats roundingStats, games []nba.PlayerGame) {
	t.Helper()
	w := nba.ComputeZoneWindow(games)
	var zone int64
	var pa, pm, ma, mm, ta, tm, fgm, ast, una []float64
	for _, g := range games {
		if g.AssistedFGMakes != nil && g.UnassistedFGMakes != nil {
			fgm, ast, una = append(fgm, g.FGMakes), append(ast, *g.AssistedFGMakes), append(una, *g.UnassistedFGMakes)
		}
		if g.FGAttempts > 0 && (g.PaintAttempts == nil || g.MidRangeAttempts == nil) {
			continue
		}
		zone++
		pa, pm, ma, mm = append(pa, orZero(g.PaintAttempts)), append(pm, orZero(g.PaintMakes)), append(ma, orZero(g.MidRangeAttempts)), append(mm, orZero(g.MidRangeMakes))
		ta, tm = append(ta, g.ThreePtAttempts), append(tm, g.ThreePtMakes)
	}
	sum := nbaref.Sum
	perGame := func(xs []float64) *big.Rat {
		if zone == 0 {
			return nil
		}
		return nbaref.Ratio(sum(xs...), nbaref.Int(zone), 1)
	}
	total := new(big.Rat).Add(sum(pa...), sum(ma...))
	total.Add(total, sum(ta...))
	for _, c := range []struct {
		name   string
		got    *float64
		want   *big.Rat
		places int
	}{
		{"paint_attempts_per_game", w.PaintPerGame, perGame(pa), 1},
		{"mid_range_attempts_per_game", w.MidRangePerGame, perGame(ma), 1},
		{"three_pt_attempts_per_game", w.ThreePtPerGame, perGame(ta), 1},
		{"paint_pct", w.PaintPct, zoneRatio(zone, sum(pm...), sum(pa...), 1), 3},
		{"mid_range_pct", w.MidRangePct, zoneRatio(zone, sum(mm...), sum(ma...), 1), 3},
		{"three_pt_pct", w.ThreePtPct, zoneRatio(zone, sum(tm...), sum(ta...), 1), 3},
		{"paint_rate", w.PaintRate, zoneRatio(zone, sum(pa...), total, 100), 2},
		{"mid_range_rate", w.MidRangeRate, zoneRatio(zone, sum(ma...), total, 100), 2},
		{"three_pt_rate", w.ThreePtRate, zoneRatio(zone, sum(ta...), total, 100), 2},
		{"assisted_rate", w.AssistedRate, zoneRatio(zone, sum(ast...), sum(fgm...), 100), 2},
		{"unassisted_rate", w.UnassistedRate, zoneRatio(zone, sum(una...), sum(fgm...), 100), 2},
	} {
		stats.check(t, c.name, c.got, c.want, c.places, games)
	}
	var wantShots *int64
	if zone > 0 && total.Sign() > 0 {
		v := nbaref.Floor(total)
		wantShots = &v
	}
	if (w.TotalShots == nil) != (wantShots == nil) || w.TotalShots != nil && *w.TotalShots != *wantShots {
		t.Fatalf("total_shots = %v, want %v for %+v", show(w.TotalShots), show(wantShots), games)
	}
}

// zoneRatio is num/den·scale, NULL without zone games or when den is 0.
func zoneRatio(zone int64, num, den *big.Rat, scale int64) *big.Rat {
	if zone == 0 {
		return nil
	}
	return nbaref.Ratio(num, den, scale)
}

func orZero(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
