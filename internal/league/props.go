package league

import (
	"math"
	"math/rand/v2"
	"time"

	"nbaflow/internal/nba"
)

// oddsBooks are the Odds API bookmakers (lowercase keys), in the pipeline's
// priority order, with the chance that a book posts no line for a player.
var oddsBooks = [...]struct {
	key  string
	miss float64
}{{"draftkings", 0.05}, {"fanduel", 0.05}, {"betmgm", 0.15}}

// BettingPros bookmakers are mixed case; the consensus is the median book.
const (
	prosDraftKings = "DraftKings"
	prosFanDuel    = "FanDuel"
	prosConsensus  = "BettingPros Consensus"
	marketPoints   = "points"
)

// Snapshot times relative to tipoff. The in-game snapshot is deliberate: a
// live line after tipoff that point-in-time readers must ignore.
var propSnapshots = [...]time.Duration{-24 * time.Hour, -6 * time.Hour, -time.Hour}

const (
	inGamePropSnapshot = 45 * time.Minute
	// lateScratchSnapshots: a player ruled out on game day is pulled from the
	// boards after the 5 pm report, so his last snapshot is the -6 h one.
	lateScratchSnapshots = 2
	// noOddsFeed is the chance that the Odds API has no line for a player at
	// all, which sends readers to BettingPros.
	noOddsFeed = 0.03
	// minPropLine is the lowest line books post before tipoff.
	minPropLine = 2.5
	// pointsPerUsageMinute turns a player's minutes and usage into points,
	// his expected scoring before he has a history.
	pointsPerUsageMinute = 0.40
)

// propCandidate is a player the books post a points line for.
type propCandidate struct {
	p       *player
	history []int // points in his earlier games this season, oldest first
	scratch bool  // ruled out on game day: pulled before tipoff
	points  int   // points scored in this game, for the live line
}

// propRows writes the points props of one team's rotation players for a
// game: Odds API snapshots from three books at 24, 6 and 1 hours before
// tipoff plus a live one after tipoff, and BettingPros over and under offers.
// Lines sit at x.5 near the player's recent scoring and move by a point or
// so before tipoff.
func propRows(ds *nba.Dataset, gm game, cands []propCandidate, r *rand.Rand) {
	for _, c := range cands {
		base := expectedScoring(c.p, c.history)
		open := math.Floor(base) + 0.5
		move := float64(r.IntN(3) - 1) // -1, 0 or +1: the market's move
		early := r.IntN(2) == 0        // whether the move shows by the -6 h snapshot
		feed := r.Float64() >= noOddsFeed
		var opens, closes [len(oddsBooks)]float64
		for b, book := range oddsBooks {
			shade := 0.0
			if b > 0 && r.IntN(4) == 0 {
				shade = float64(2*r.IntN(2) - 1)
			}
			opens[b] = max(minPropLine, open+shade)
			closes[b] = max(minPropLine, opens[b]+move)
			posted := feed && r.Float64() >= book.miss
			if !posted {
				continue
			}
			for k, at := range propSnapshots {
				if c.scratch && k >= lateScratchSnapshots {
					break
				}
				line := opens[b]
				if k == 2 || k == 1 && early {
					line = closes[b]
				}
				ds.OddsProps = append(ds.OddsProps, nba.OddsProp{
					GameID: gm.id, GameDate: gm.date, PlayerLookup: c.p.lookup,
					Bookmaker: book.key, SnapshotUTC: gm.start.Add(at), PointsLine: line,
				})
			}
			if !c.scratch {
				// The live line leans toward how the game is going.
				live := math.Floor((closes[b]+float64(c.points))/2) + 0.5
				ds.OddsProps = append(ds.OddsProps, nba.OddsProp{
					GameID: gm.id, GameDate: gm.date, PlayerLookup: c.p.lookup,
					Bookmaker: book.key, SnapshotUTC: gm.start.Add(inGamePropSnapshot), PointsLine: live,
				})
			}
		}
		prosRows(ds, gm, c, opens, closes, r)
	}
}

// prosRows writes a player's BettingPros offers: DraftKings, FanDuel and the
// consensus, over and under. The best line of a side is the cheapest to
// bet: the lowest over, the highest under. A scratched player's offers are
// withdrawn (inactive).
func prosRows(ds *nba.Dataset, gm game, c propCandidate, opens, closes [len(oddsBooks)]float64, r *rand.Rand) {
	books := [3]struct {
		name       string
		line, open float64
	}{
		{prosDraftKings, closes[0], opens[0]},
		{prosFanDuel, closes[1], opens[1]},
		{prosConsensus, median3(closes), median3(opens)},
	}
	update := gm.start.Add(-time.Hour - time.Duration(r.IntN(50))*time.Minute)
	if c.scratch {
		update = gm.start.Add(-2*time.Hour - time.Duration(r.IntN(50))*time.Minute)
	}
	for _, side := range [2]string{"over", "under"} {
		best := 0 // DraftKings unless FanDuel is better for this side
		if side == "over" && books[1].line < books[0].line || side == "under" && books[1].line > books[0].line {
			best = 1
		}
		for k, b := range books {
			ds.BettingProsProps = append(ds.BettingProsProps, nba.BettingProsProp{
				GameDate:            gm.date,
				PlayerLookup:        c.p.lookup,
				Bookmaker:           b.name,
				MarketType:          marketPoints,
				BetSide:             side,
				PointsLine:          b.line,
				OpeningLine:         ptr(b.open),
				IsActive:            !c.scratch,
				IsBestLine:          k == best,
				BookmakerLastUpdate: update,
			})
		}
	}
}

// expectedScoring is what the books expect a player to score: his profile
// early in the season, then more and more his last ten games.
func expectedScoring(p *player, history []int) float64 {
	prior := p.minutes * p.usage * pointsPerUsageMinute
	recent := history[max(0, len(history)-10):]
	if len(recent) == 0 {
		return prior
	}
	sum := 0
	for _, x := range recent {
		sum += x
	}
	w := float64(len(recent)) / 15
	return w*float64(sum)/float64(len(recent)) + (1-w)*prior
}

// median3 is the middle of three lines, the consensus of three books.
func median3(x [3]float64) float64 {
	a, b, c := x[0], x[1], x[2]
	return max(min(a, b), min(max(a, b), c))
}
