package league

import (
	"math"
	"slices"
	"testing"
	"time"

	"nbaflow/internal/nba"
)

func TestGameLinesAreSymmetric(t *testing.T) {
	ds := season(t)
	games := gamesByID(t, ds)
	type key struct {
		game, book string
		at         time.Time
	}
	spreads := map[key]map[string]float64{}
	totals := map[key]map[string]float64{}
	for _, l := range ds.GameLines {
		g, ok := games[l.GameID]
		if !ok {
			t.Fatalf("line for unknown game %s", l.GameID)
		}
		k := key{l.GameID, l.Bookmaker, l.SnapshotUTC}
		if math.Mod(l.Point*2, 1) != 0 {
			t.Errorf("%v: point %v not on a half point", k, l.Point)
		}
		switch l.Market {
		case nba.MarketSpreads:
			if l.Outcome != g.HomeTeamAbbr && l.Outcome != g.AwayTeamAbbr {
				t.Errorf("%v: spread outcome %q", k, l.Outcome)
			}
			if spreads[k] == nil {
				spreads[k] = map[string]float64{}
			}
			spreads[k][l.Outcome] = l.Point
		case nba.MarketTotals:
			if totals[k] == nil {
				totals[k] = map[string]float64{}
			}
			totals[k][l.Outcome] = l.Point
		default:
			t.Errorf("%v: market %q", k, l.Market)
		}
	}
	for k, s := range spreads {
		g := games[k.game]
		home, hok := s[g.HomeTeamAbbr]
		away, aok := s[g.AwayTeamAbbr]
		if len(s) != 2 || !hok || !aok || home != -away || math.Signbit(home) && home == 0 {
			t.Errorf("%v: spreads %v, want +x and -x", k, s)
		}
		tot := totals[k]
		if len(tot) != 2 || tot["over"] != tot["under"] || tot["over"] < 180 || tot["over"] > 270 {
			t.Errorf("%v: totals %v, want over and under at one point", k, tot)
		}
	}
	if len(totals) != len(spreads) {
		t.Errorf("%d total snapshots, %d spread snapshots", len(totals), len(spreads))
	}
}

func TestGameLineSnapshots(t *testing.T) {
	ds := season(t)
	games := gamesByID(t, ds)
	snaps := map[[2]string][]time.Time{} // game and book -> snapshot times
	for _, l := range ds.GameLines {
		k := [2]string{l.GameID, l.Bookmaker}
		if !slices.Contains(snaps[k], l.SnapshotUTC) {
			snaps[k] = append(snaps[k], l.SnapshotUTC)
		}
	}
	books := map[string]map[string]bool{}
	for k, ts := range snaps {
		if books[k[0]] == nil {
			books[k[0]] = map[string]bool{}
		}
		books[k[0]][k[1]] = true
		tip := games[k[0]].StartUTC
		pre, live := 0, 0
		for _, at := range ts {
			if at.Before(tip) {
				pre++
			} else {
				live++
			}
		}
		if pre < 2 || pre > 3 || live != 1 {
			t.Errorf("%v: %d pre-tipoff and %d in-game snapshots, want 2 to 3 and 1", k, pre, live)
		}
	}
	for id := range games {
		if n := len(books[id]); n < 2 || n > 3 {
			t.Errorf("%s: %d books, want 2 to 3", id, n)
		}
	}
}

func TestConsensusSpreadFollowsStrength(t *testing.T) {
	ds := season(t)
	games := gamesByID(t, ds)
	// The home spread at the last pre-tipoff snapshot, per game and book.
	type quote struct {
		at    time.Time
		point float64
	}
	latest := map[[2]string]quote{}
	for _, l := range ds.GameLines {
		g := games[l.GameID]
		if l.Market != nba.MarketSpreads || l.Outcome != g.HomeTeamAbbr || !l.SnapshotUTC.Before(g.StartUTC) {
			continue
		}
		k := [2]string{l.GameID, l.Bookmaker}
		if q, ok := latest[k]; !ok || l.SnapshotUTC.After(q.at) {
			latest[k] = quote{l.SnapshotUTC, l.Point}
		}
	}
	var favouriteWon, decided float64
	for id, g := range games {
		var points []float64
		for _, b := range lineBooks {
			if q, ok := latest[[2]string{id, b}]; ok {
				points = append(points, q.point)
			}
		}
		slices.Sort(points)
		consensus := points[len(points)/2]
		if consensus == 0 {
			continue
		}
		decided++
		homeWon := *g.HomeScore > *g.AwayScore
		if homeWon == (consensus < 0) {
			favouriteWon++
		}
	}
	if share := favouriteWon / decided; share < 0.62 || share > 0.8 {
		t.Errorf("favourites won %.2f of games, want about two thirds", share)
	}
}
