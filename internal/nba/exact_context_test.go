package nba_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/nbaref"
)

// TestExactHistoryRounding holds the rounded fatigue and form outputs
// (§3.7.1, §3.7.2) to the big.Rat reference (docs/domain.md A.2.15), on random histories and
// on histories whose means sit exactly on a tie.
func TestExactHistoryRounding(t *testing.T) {
	target := day(t, "2025-01-20")
	stats := roundingStats{}
	for _, tie := range []bool{false, true} {
		r := rand.New(rand.NewPCG(15, map[bool]uint64{false: 1, true: 2}[tie]))
		for range exactRuns {
			h := exactHistory(t, r, target, tie)
			checkFatigue(t, stats, target, h)
			checkForm(t, stats, h)
		}
	}
	stats.requireTies(t, 50, "avg_minutes_per_game_last_7", "avg_usage_rate_last_7_games", "points_avg_last_10")
}

// exactHistory draws a newest-first history before target. With tie, the
// last 7 days hold 2, 4 or 6 games whose minutes and usage rates average
// exactly to a hundredth ending in 5, and the 4 or 8 games' points to a
// quarter.
func exactHistory(t *testing.T, r *rand.Rand, target civil.Date, tie bool) []nba.PlayerGame {
	t.Helper()
	week, older := r.IntN(7), r.IntN(8)
	if tie {
		week = 2 * (1 + r.IntN(3))
		older = map[int]int{2: 2 + 4*r.IntN(2), 4: 4 * r.IntN(2), 6: 2}[week]
	}
	days := append(r.Perm(6)[:week], r.Perm(14)[:older]...)
	h := make([]nba.PlayerGame, 0, week+older)
	for i, back := range days {
		if i >= week {
			back += 7
		}
		points := float64(r.IntN(45))
		g := box(t, "p", "LAL", target.AddDays(-1-back).String(), points, randDecimal(r, 0, 48, 1))
		g.UsageRate = f64(randDecimal(r, 8, 40, 1))
		if !tie && r.IntN(6) == 0 {
			g.UsageRate, g.Points = nil, nil
		}
		h = append(h, g)
	}
	sortNewestFirst(h)
	if tie {
		makeHistoryTies(r, h, week)
	}
	return h
}

// makeHistoryTies rewrites the minutes and usage of the week's games (the
// first n of h) so that each mean is k.k5 exactly, and the last game's points
// so that the mean points is a quarter.
func makeHistoryTies(r *rand.Rand, h []nba.PlayerGame, n int) {
	minutes := tieSplit(r, n, int64(n)*(200+int64(r.IntN(180)))+int64(n/2), 40, 1)
	usage := tieSplit(r, n, int64(n)*(150+int64(r.IntN(100)))+int64(n/2), 40, 1)
	for i := range n {
		h[i].MinutesPlayed, h[i].UsageRate = minutes[i], f64(usage[i])
	}
	var sum float64
	for _, g := range h[:len(h)-1] {
		sum += *g.Points
	}
	last, quarter := *h[len(h)-1].Points, 1 // 4 games: an odd sum is a mean ending in .25 or .75
	if len(h) == 8 {
		quarter = 2 // 8 games: a sum of 2 mod 4
	}
	for int(sum+last)%(2*quarter) != quarter {
		last++
	}
	h[len(h)-1].Points = f64(last)
}

func sortNewestFirst(h []nba.PlayerGame) {
	for i := range h {
		for j := i + 1; j < len(h); j++ {
			if h[j].GameDate.After(h[i].GameDate) {
				h[i], h[j] = h[j], h[i]
			}
		}
	}
}

// checkFatigue compares ComputeFatigue with the reference.
func checkFatigue(t *testing.T, stats roundingStats, target civil.Date, h []nba.PlayerGame) {
	t.Helper()
	f := nba.ComputeFatigue(target, h)
	var week, fortnight []float64
	var usage []*float64
	for _, g := range h {
		if target.DaysSince(g.GameDate) < 7 {
			week, usage = append(week, g.MinutesPlayed), append(usage, g.UsageRate)
		}
		if target.DaysSince(g.GameDate) < 14 {
			fortnight = append(fortnight, g.MinutesPlayed)
		}
	}
	avg := nbaref.Mean(nbaref.Decs(week))
	if avg != nil && nbaref.RoundRat(avg, 1).Sign() == 0 {
		avg = nil // 0.0 is NULL
	}
	stats.check(t, "avg_minutes_per_game_last_7", f.AvgMinutesPerGameLast7, avg, 1, week)
	stats.check(t, "avg_usage_rate_last_7_games", f.AvgUsageRateLast7Games, nbaref.Mean(decs(usage...)), 1, usage)
	for _, m := range []struct {
		name  string
		got   int64
		games []float64
	}{{"minutes_in_last_7_days", f.MinutesInLast7Days, week}, {"minutes_in_last_14_days", f.MinutesInLast14Days, fortnight}} {
		if want := nbaref.Floor(nbaref.RoundRat(nbaref.Sum(m.games...), 6)); m.got != want {
			t.Fatalf("%s = %d, want %d for %v", m.name, m.got, want, m.games)
		}
	}
}

// checkForm compares the points averages of ComputeForm with the reference.
func checkForm(t *testing.T, stats roundingStats, h []nba.PlayerGame) {
	t.Helper()
	f := nba.ComputeForm(h, nil)
	var played []*float64
	for _, g := range h {
		if g.Points != nil {
			played = append(played, g.Points)
		}
	}
	l5, l10 := played[:min(5, len(played))], played[:min(10, len(played))]
	stats.check(t, "points_avg_last_5", f.PointsAvgLast5, nbaref.Mean(decs(l5...)), 1, l5)
	stats.check(t, "points_avg_last_10", f.PointsAvgLast10, nbaref.Mean(decs(l10...)), 1, l10)
}

// TestExactMarketRounding holds the game lines (A.3: medians of the books)
// and the prop lines (A.2.5) to the reference, lines with two decimals
// included, and medians and lines that sit exactly on a tie.
func TestExactMarketRounding(t *testing.T) {
	tip := at(t, "2025-01-20T00:30:00Z")
	stats := roundingStats{}
	for _, tie := range []bool{false, true} {
		r := rand.New(rand.NewPCG(15, map[bool]uint64{false: 3, true: 4}[tie]))
		for range exactRuns {
			checkGameLines(t, stats, tip, exactLines(r, tip, tie))
			checkProps(t, stats, tip, exactLine(r, tie), exactLine(r, tie), r.IntN(2) == 0)
		}
	}
	// The movements are differences of two lines already rounded to one
	// decimal: exact with one decimal, they cannot sit on a tie.
	stats.requireTies(t, 50, "game_spread", "opening_spread", "game_total", "opening_total",
		"current_points_line", "opening_points_line")
}

// exactLines draws spreads (team LAL) and totals from up to 4 books at 1 to 3
// pre-tipoff snapshots and one after tipoff. With tie, two books at each
// snapshot are a tenth apart, so that their median ends in 5.
func exactLines(r *rand.Rand, tip time.Time, tie bool) []nba.GameLineSnapshot {
	var rows []nba.GameLineSnapshot
	books := []string{"draftkings", "fanduel", "betmgm", "caesars"}
	for s := range 1 + r.IntN(3) {
		snap := tip.Add(-time.Duration(s+1) * time.Hour)
		n := 1 + r.IntN(4)
		spread, total := randDecimal(r, -15, 15, 1), randDecimal(r, 190, 250, 1)
		if tie {
			n = 2
		}
		for b := range n {
			sp, tot := spread, total
			if tie {
				sp, tot = decimal(int64(math.Round(spread*10))+int64(b), 1), decimal(int64(math.Round(total*10))+int64(b), 1)
			} else if b > 0 {
				sp, tot = randDecimal(r, -15, 15, 1), randDecimal(r, 190, 250, 2)
			}
			rows = append(rows,
				nba.GameLineSnapshot{Bookmaker: books[b], Market: nba.MarketSpreads, SnapshotUTC: snap, Outcome: "LAL", Point: sp},
				nba.GameLineSnapshot{Bookmaker: books[b], Market: nba.MarketTotals, SnapshotUTC: snap, Outcome: "over", Point: tot})
		}
	}
	return append(rows, nba.GameLineSnapshot{Bookmaker: "late", Market: nba.MarketSpreads, SnapshotUTC: tip, Outcome: "LAL", Point: 99})
}

// checkGameLines compares ComputeGameLines with medians taken exactly.
func checkGameLines(t *testing.T, stats roundingStats, tip time.Time, rows []nba.GameLineSnapshot) {
	t.Helper()
	gl := nba.ComputeGameLines("LAL", tip, rows)
	for _, m := range []struct {
		market                 string
		cur, open, move        *float64
		curName, openName, mov string
	}{
		{nba.MarketSpreads, gl.Spread, gl.OpeningSpread, gl.SpreadMovement, "game_spread", "opening_spread", "spread_movement"},
		{nba.MarketTotals, gl.Total, gl.OpeningTotal, gl.TotalMovement, "game_total", "opening_total", "total_movement"},
	} {
		cur, open := exactMedian(rows, m.market, tip, true), exactMedian(rows, m.market, tip, false)
		stats.check(t, m.curName, m.cur, cur, 1, rows)
		stats.check(t, m.openName, m.open, open, 1, rows)
		move := new(big.Rat).Sub(nbaref.RoundRat(cur, 1), nbaref.RoundRat(open, 1))
		stats.check(t, m.mov, m.move, move, 1, rows)
	}
}

// exactMedian is the exact median of a market's points at its latest (or
// earliest) pre-tipoff snapshot.
func exactMedian(rows []nba.GameLineSnapshot, market string, tip time.Time, latest bool) *big.Rat {
	var when time.Time
	for _, l := range rows {
		if l.Market == market && l.SnapshotUTC.Before(tip) &&
			(when.IsZero() || latest && l.SnapshotUTC.After(when) || !latest && l.SnapshotUTC.Before(when)) {
			when = l.SnapshotUTC
		}
	}
	var points []*big.Rat
	for _, l := range rows {
		if l.Market == market && l.SnapshotUTC.Equal(when) {
			points = append(points, nbaref.Dec(l.Point))
		}
	}
	for i := range points {
		for j := i + 1; j < len(points); j++ {
			if points[j].Cmp(points[i]) < 0 {
				points[i], points[j] = points[j], points[i]
			}
		}
	}
	n := len(points)
	if n%2 == 1 {
		return points[n/2]
	}
	return nbaref.Mean(points[n/2-1 : n/2+1])
}

// exactLine draws a points line with two decimals; with tie its second
// decimal is 5.
func exactLine(r *rand.Rand, tie bool) float64 {
	m := 500 + r.Int64N(3000)
	if tie {
		m = m/10*10 + 5
	}
	return decimal(m, 2)
}

// checkProps compares the current and opening lines and the movement, from
// the Odds API or (bettingPros) from a BettingPros offer.
func checkProps(t *testing.T, stats roundingStats, tip time.Time, cur, open float64, bettingPros bool) {
	t.Helper()
	var pl nba.PropLines
	if bettingPros {
		pl = nba.ComputePropLines(tip, nil, []nba.BettingProsProp{{Bookmaker: "DraftKings", MarketType: "points", BetSide: "over",
			PointsLine: cur, OpeningLine: &open, IsActive: true, BookmakerLastUpdate: tip.Add(-time.Hour)}})
	} else {
		pl = nba.ComputePropLines(tip, []nba.OddsProp{
			{Bookmaker: "draftkings", SnapshotUTC: tip.Add(-time.Hour), PointsLine: cur},
			{Bookmaker: "draftkings", SnapshotUTC: tip.Add(-5 * time.Hour), PointsLine: open},
		}, nil)
	}
	lines := []float64{cur, open}
	stats.check(t, "current_points_line", pl.Current, nbaref.Dec(cur), 1, lines)
	stats.check(t, "opening_points_line", pl.Opening, nbaref.Dec(open), 1, lines)
	move := new(big.Rat).Sub(nbaref.RoundRat(nbaref.Dec(cur), 1), nbaref.RoundRat(nbaref.Dec(open), 1))
	stats.check(t, "line_movement", pl.Movement, move, 1, lines)
}

// TestExactCompleteness checks every completeness percentage a window of up
// to 300 games can have against the exact ratio (ties such as 1/16 = 6.25 %
// included).
func TestExactCompleteness(t *testing.T) {
	stats := roundingStats{}
	for expected := 1; expected <= 300; expected++ {
		for actual := 0; actual <= expected; actual++ {
			c := nba.NewCompleteness(expected, actual, nba.DefaultProductionReadyPct)
			ref := nbaref.Ratio(nbaref.Int(int64(actual)), nbaref.Int(int64(expected)), 100)
			stats.check(t, "completeness_pct", &c.Pct, ref, 1, [2]int{actual, expected})
		}
	}
	stats.requireTies(t, 50, "completeness_pct")
}
