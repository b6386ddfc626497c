package nba_test

import (
	"testing"

	"nbaflow/internal/nba"
)

// TestPartA5PropLinePreference pins docs/domain.md A.2.5: the current line is the
// highest-priority bookmaker's at the latest pre-tipoff Odds API snapshot,
// BettingPros only when the Odds API has none, never the lowest line.
func TestPartA5PropLinePreference(t *testing.T) {
	tip := at(t, "2025-11-21T00:30:00Z")
	odds := func(book, snap string, line float64) nba.OddsProp {
		return nba.OddsProp{PlayerLookup: "p", Bookmaker: book, SnapshotUTC: at(t, snap), PointsLine: line}
	}
	bp := func(book string, line float64, best bool, side string) nba.BettingProsProp {
		return nba.BettingProsProp{PlayerLookup: "p", Bookmaker: book, MarketType: "points", BetSide: side,
			PointsLine: line, OpeningLine: f64(line - 1), IsActive: true, IsBestLine: best, BookmakerLastUpdate: at(t, "2025-11-20T20:00:00Z")}
	}
	tests := []struct {
		name          string
		odds          []nba.OddsProp
		bp            []nba.BettingProsProp
		current, open *float64
		source        *string
	}{
		{"draftkingsBeatsLowerFanduelLine",
			[]nba.OddsProp{odds("fanduel", "2025-11-20T22:00:00Z", 23.5), odds("draftkings", "2025-11-20T22:00:00Z", 25.5), odds("betmgm", "2025-11-20T22:00:00Z", 22.5)},
			[]nba.BettingProsProp{bp("DraftKings", 20.5, true, "over")}, f64(25.5), f64(25.5), str("draftkings")},
		{"oddsApiBeatsBettingPros",
			[]nba.OddsProp{odds("betmgm", "2025-11-20T22:00:00Z", 26.5)},
			[]nba.BettingProsProp{bp("DraftKings", 20.5, true, "over")}, f64(26.5), f64(26.5), str("betmgm")},
		{"inGameSnapshotIgnored",
			[]nba.OddsProp{odds("draftkings", "2025-11-20T22:00:00Z", 25.5), odds("draftkings", "2025-11-21T01:00:00Z", 30.5)},
			nil, f64(25.5), f64(25.5), str("draftkings")},
		{"latestSnapshotIsCurrent_earliestIsOpening",
			[]nba.OddsProp{odds("draftkings", "2025-11-19T20:00:00Z", 24.5), odds("draftkings", "2025-11-20T22:00:00Z", 25.5)},
			nil, f64(25.5), f64(24.5), str("draftkings")},
		{"fallbackToBettingPros_priorityNotConsensus",
			[]nba.OddsProp{odds("draftkings", "2025-11-21T01:00:00Z", 30.5)}, // in-game only
			[]nba.BettingProsProp{bp("BettingPros Consensus", 21.5, true, "over"), bp("FanDuel", 24.5, false, "over"), bp("DraftKings", 24.5, false, "under")},
			f64(24.5), f64(23.5), str("bettingpros_FanDuel")},
		{"noLines", nil, nil, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := nba.ComputePropLines(tip, tt.odds, tt.bp)
			assertFields(t, pl, map[string]any{"Current": tt.current, "Opening": tt.open, "CurrentSource": tt.source, "HasPropLine": tt.current != nil})
		})
	}
}

// TestPartA6GameLines pins A.2.6: pre-tipoff snapshots only, the spread from
// the player's team's view, the median over the books of a snapshot.
func TestPartA6GameLines(t *testing.T) {
	tip := at(t, "2025-11-21T00:30:00Z")
	line := func(book, market, snap, outcome string, point float64) nba.GameLineSnapshot {
		return nba.GameLineSnapshot{Bookmaker: book, Market: market, SnapshotUTC: at(t, snap), Outcome: outcome, Point: point}
	}
	lines := []nba.GameLineSnapshot{
		line("draftkings", "spreads", "2025-11-20T22:00:00Z", "LAL", -5.5), line("draftkings", "spreads", "2025-11-20T22:00:00Z", "BOS", 5.5),
		line("fanduel", "spreads", "2025-11-20T22:00:00Z", "LAL", -6.5), line("fanduel", "spreads", "2025-11-20T22:00:00Z", "BOS", 6.5),
		line("draftkings", "spreads", "2025-11-21T01:00:00Z", "LAL", -12.5), line("draftkings", "spreads", "2025-11-21T01:00:00Z", "BOS", 12.5),
		line("draftkings", "totals", "2025-11-20T22:00:00Z", "Over", 226.5), line("draftkings", "totals", "2025-11-20T22:00:00Z", "Under", 226.5),
		line("draftkings", "totals", "2025-11-21T01:00:00Z", "Over", 240.5),
	}
	for _, tt := range []struct {
		team   string
		spread float64
	}{{"LAL", -6.0}, {"BOS", 6.0}} {
		gl := nba.ComputeGameLines(tt.team, tip, lines)
		assertFields(t, gl, map[string]any{"Spread": f64(tt.spread), "Total": f64(226.5), "SpreadSource": str("draftkings,fanduel")})
	}
	if gl := nba.ComputeGameLines("LAL", tip, lines[4:6]); gl.Spread != nil {
		t.Errorf("in-game spread used: %v", *gl.Spread)
	}
}

// TestPartA1MissingSourcesAreNullWithIssue pins A.2.1 on the builder: no
// opponent history, no props and no injury report give NULL fields and a
// named issue, never 0.0.
func TestPartA1MissingSourcesAreNullWithIssue(t *testing.T) {
	in := g1Inputs(t)
	row := mustBuild(t, in, nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
	assertFields(t, row, map[string]any{
		"OpponentPaceLast10": (*float64)(nil), "OpponentDefRatingLast10": (*float64)(nil), "PaceDifferential": (*float64)(nil),
		"StarTeammatesOut": (*int64)(nil), "StarTierOut": (*int64)(nil), "PlayerStatus": (*string)(nil),
	})
	for _, issue := range []string{"no_opponent_history", "missing_injury_report"} {
		if !contains(row.DataQualityIssues, issue) {
			t.Errorf("DataQualityIssues = %v, want %s", row.DataQualityIssues, issue)
		}
	}
}

// TestPartA1HistoryGapsAreNamed: a NULL from a thin history says why.
func TestPartA1HistoryGapsAreNamed(t *testing.T) {
	in := g1Inputs(t)
	in.PlayerGames = []nba.PlayerGame{box(t, "lebronjames", "LAL", "2025-11-10", 20, 30)} // one game, 10 days ago
	row := mustBuild(t, in, nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
	assertFields(t, row, map[string]any{"AvgMinutesPerGameLast7": (*float64)(nil), "DaysRestBeforeLastGame": (*int64)(nil), "DaysRest": i64(10)})
	for _, issue := range []string{"no_games_last_7_days", "single_recent_game"} {
		if !contains(row.DataQualityIssues, issue) {
			t.Errorf("DataQualityIssues = %v, want %s", row.DataQualityIssues, issue)
		}
	}
	if g1 := mustBuild(t, g1Inputs(t), nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"}); contains(g1.DataQualityIssues, "single_recent_game") || contains(g1.DataQualityIssues, "no_games_last_7_days") {
		t.Errorf("G1 issues = %v", g1.DataQualityIssues)
	}
}
