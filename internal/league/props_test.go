package league

import (
	"math"
	"testing"
	"time"

	"nbaflow/internal/nba"
)

func isHalfPoint(x float64) bool { return x > 0 && math.Mod(x, 1) == 0.5 }

func TestOddsProps(t *testing.T) {
	ds := season(t)
	games := gamesByID(t, ds)
	type key struct{ game, player, book string }
	snaps := map[key][]nba.OddsProp{}
	for _, p := range ds.OddsProps {
		g, ok := games[p.GameID]
		if !ok || g.GameDate != p.GameDate {
			t.Fatalf("prop for unknown game %s on %s", p.GameID, p.GameDate)
		}
		if !isHalfPoint(p.PointsLine) {
			t.Errorf("%s %s %s: line %v not at x.5", p.GameID, p.PlayerLookup, p.Bookmaker, p.PointsLine)
		}
		k := key{p.GameID, p.PlayerLookup, p.Bookmaker}
		snaps[k] = append(snaps[k], p)
	}
	books := map[string]bool{}
	moved := 0
	for k, ps := range snaps {
		books[k.book] = true
		tip := games[k.game].StartUTC
		var pre []nba.OddsProp
		inGame := 0
		for _, p := range ps {
			switch {
			case p.SnapshotUTC.Before(tip):
				pre = append(pre, p)
			case p.SnapshotUTC.Sub(tip) <= time.Hour:
				inGame++
			default:
				t.Errorf("%v: snapshot %v long after tipoff %v", k, p.SnapshotUTC, tip)
			}
		}
		// Three snapshots and one live one; a late scratch is pulled
		// after the -6 h snapshot and has no live line.
		if !(len(pre) == 3 && inGame == 1 || len(pre) == 2 && inGame == 0) {
			t.Errorf("%v: %d pre-tipoff and %d in-game snapshots", k, len(pre), inGame)
			continue
		}
		move := math.Abs(pre[len(pre)-1].PointsLine - pre[0].PointsLine)
		if move > 1.5 {
			t.Errorf("%v: line moved %v before tipoff", k, move)
		}
		if move > 0 {
			moved++
		}
	}
	for _, b := range []string{"draftkings", "fanduel", "betmgm"} {
		if !books[b] {
			t.Errorf("no %s props", b)
		}
	}
	if share := float64(moved) / float64(len(snaps)); share < 0.3 || share > 0.9 {
		t.Errorf("%.2f of lines moved before tipoff, want many but not all", share)
	}
}

func TestPropsCoverTheRotation(t *testing.T) {
	ds := season(t)
	// Each player's game and team on a date, from the gamebook.
	where := map[[2]string][2]string{}
	for _, e := range ds.Gamebook {
		where[[2]string{e.GameDate.String(), e.PlayerLookup}] = [2]string{e.GameID, e.TeamAbbr}
	}
	withProps := map[[2]string]map[string]bool{} // game and team -> players with a line
	odds, offered := map[[2]string]bool{}, map[[2]string]bool{}
	add := func(date, player string, fromOdds bool) {
		t.Helper()
		k, ok := where[[2]string{date, player}]
		if !ok {
			t.Fatalf("prop for %s on %s, who has no game", player, date)
		}
		if withProps[k] == nil {
			withProps[k] = map[string]bool{}
		}
		withProps[k][player] = true
		offered[[2]string{date, player}] = true
		if fromOdds {
			odds[[2]string{date, player}] = true
		}
	}
	for _, p := range ds.OddsProps {
		add(p.GameDate.String(), p.PlayerLookup, true)
	}
	for _, p := range ds.BettingProsProps {
		add(p.GameDate.String(), p.PlayerLookup, false)
	}
	var total float64
	for k, ps := range withProps {
		if len(ps) < 8 || len(ps) > 10 {
			t.Errorf("%v: props for %d players, want 8 to 10", k, len(ps))
		}
		total += float64(len(ps))
	}
	if len(withProps) != 2*len(ds.Schedule) {
		t.Errorf("props for %d team-games, want all %d", len(withProps), 2*len(ds.Schedule))
	}
	// A few players are missing from the Odds API, so readers fall back
	// to BettingPros.
	if share := float64(len(odds)) / float64(len(offered)); share < 0.9 || share == 1 {
		t.Errorf("%.3f of players with props have Odds API lines, want most but not all", share)
	}
}

func TestBettingProsProps(t *testing.T) {
	ds := season(t)
	games := gamesByID(t, ds)
	tipoff := map[[2]string]time.Time{} // date and player -> tip of his game
	for _, e := range ds.Gamebook {
		tipoff[[2]string{e.GameDate.String(), e.PlayerLookup}] = games[e.GameID].StartUTC
	}
	type key struct{ date, player, side string }
	offers := map[key][]nba.BettingProsProp{}
	for _, p := range ds.BettingProsProps {
		tip, ok := tipoff[[2]string{p.GameDate.String(), p.PlayerLookup}]
		if !ok {
			t.Fatalf("offer for %s on %s, who has no game", p.PlayerLookup, p.GameDate)
		}
		if !p.BookmakerLastUpdate.Before(tip) {
			t.Errorf("%s %s: last update %v after tipoff %v", p.GameDate, p.PlayerLookup, p.BookmakerLastUpdate, tip)
		}
		if p.MarketType != "points" || p.OpeningLine == nil || !isHalfPoint(p.PointsLine) {
			t.Errorf("%s %s: %+v", p.GameDate, p.PlayerLookup, p)
		}
		k := key{p.GameDate.String(), p.PlayerLookup, p.BetSide}
		offers[k] = append(offers[k], p)
	}
	sides := map[[2]string]int{}
	for k, os := range offers {
		sides[[2]string{k.date, k.player}]++
		books, best := map[string]bool{}, 0
		for _, o := range os {
			books[o.Bookmaker] = true
			if o.IsBestLine {
				best++
			}
		}
		if len(os) != 3 || !books["DraftKings"] || !books["FanDuel"] || !books["BettingPros Consensus"] {
			t.Errorf("%v: books %v", k, books)
		}
		if best != 1 {
			t.Errorf("%v: %d best lines, want 1", k, best)
		}
	}
	for k, n := range sides {
		if n != 2 {
			t.Errorf("%v: %d sides, want over and under", k, n)
		}
	}
}
