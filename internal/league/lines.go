package league

import (
	"math"
	"math/rand/v2"
	"time"

	"nbaflow/internal/nba"
)

// lineBooks are the bookmakers whose game lines are recorded.
var lineBooks = [...]string{"draftkings", "fanduel", "betmgm"}

// Game line snapshots relative to tipoff, and the deliberate in-game one.
var lineSnapshots = [...]time.Duration{-24 * time.Hour, -6 * time.Hour, -time.Hour}

// inGameLineSnapshot is the live snapshot, an hour after tipoff.
const inGameLineSnapshot = time.Hour

// gameLineRows writes a game's spreads and totals: for each book and
// snapshot, both teams' spreads (+x and -x) and the over and under at one
// total. The market's numbers come from the teams' strength, so the favourite
// is usually the better team; they move by up to a point before tipoff. The
// live snapshot leans toward the actual result.
func gameLineRows(ds *nba.Dataset, gm game, ratings [numTeams]rating, homePts, awayPts int, r *rand.Rand) {
	h, a := ratings[gm.home], ratings[gm.away]
	expHome, expAway := expectedPoints(h, a, true), expectedPoints(a, h, false)
	spread := halfPoint(-(expHome - expAway) + 1.5*r.NormFloat64()) // the home team's spread
	total := halfPoint(expHome + expAway + 3*r.NormFloat64())
	spreadMove := 0.5 * float64(r.IntN(5)-2)
	totalMove := 0.5 * float64(r.IntN(5)-2)
	liveSpread := halfPoint((spread - float64(homePts-awayPts)) / 2)
	liveTotal := halfPoint((total + float64(homePts+awayPts)) / 2)

	row := func(book, market string, at time.Duration, outcome string, point float64) {
		ds.GameLines = append(ds.GameLines, nba.GameLineSnapshot{
			GameID: gm.id, GameDate: gm.date, Bookmaker: book, Market: market,
			SnapshotUTC: gm.start.Add(at), Outcome: outcome, Point: point,
		})
	}
	pair := func(book string, at time.Duration, s, t float64) {
		row(book, nba.MarketSpreads, at, franchises[gm.home].abbr, s)
		row(book, nba.MarketSpreads, at, franchises[gm.away].abbr, opposite(s))
		row(book, nba.MarketTotals, at, "over", t)
		row(book, nba.MarketTotals, at, "under", t)
	}
	for _, book := range lineBooks {
		s, t := spread, total
		if r.IntN(3) == 0 {
			s += 0.5 * float64(2*r.IntN(2)-1)
		}
		if r.IntN(3) == 0 {
			t += float64(r.IntN(3) - 1)
		}
		for k, at := range lineSnapshots {
			move := float64(k) / float64(len(lineSnapshots)-1)
			pair(book, at, halfPoint(s+spreadMove*move), halfPoint(t+totalMove*move))
		}
		pair(book, inGameLineSnapshot, liveSpread, liveTotal)
	}
}

// halfPoint rounds to the nearest half point, as lines are quoted.
func halfPoint(x float64) float64 {
	v := math.Round(2*x) / 2
	if v == 0 {
		return 0 // never a negative zero
	}
	return v
}

// opposite negates a line without producing a negative zero, so a pick'em
// reads 0 for both teams.
func opposite(x float64) float64 {
	if x == 0 {
		return 0
	}
	return -x
}
