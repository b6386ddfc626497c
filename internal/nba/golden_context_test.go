package nba_test

import (
	"fmt"
	"reflect"
	"testing"

	"nbaflow/internal/nba"
)

// g1Inputs is golden case G1 (docs/domain.md §8.1): lebronjames (LAL) at BOS on 2025-11-20
// after games on 11/19, 11/17 and 11/15; odds opening 24.5 at draftkings and
// current 25.5 at fanduel; spread -5.0 -> -5.5 and total 225.0 -> 226.5.
func g1Inputs(t testing.TB) *nba.ContextInputs {
	t.Helper()
	game := scheduled(t, "2025-11-20", "LAL", "BOS")
	in := &nba.ContextInputs{
		Date:        day(t, "2025-11-20"),
		SeasonStart: day(t, "2025-10-21"),
		Arenas:      testArenas,
		Schedule: []nba.ScheduledGame{
			scheduled(t, "2025-10-21", "LAL", "DEN"),
			scheduled(t, "2025-11-15", "LAL", "NYK"),
			scheduled(t, "2025-11-17", "LAL", "MIA"),
			scheduled(t, "2025-11-19", "PHX", "LAL"),
			game,
		},
		PlayerGames: []nba.PlayerGame{
			box(t, "lebronjames", "LAL", "2025-11-19", 25, 35.5),
			box(t, "lebronjames", "LAL", "2025-11-17", 28, 37.25),
			box(t, "lebronjames", "LAL", "2025-11-15", 22, 34.0),
		},
		OddsProps: []nba.OddsProp{
			{GameID: game.GameID, GameDate: game.GameDate, PlayerLookup: "lebronjames", Bookmaker: "draftkings",
				SnapshotUTC: at(t, "2025-11-19T20:00:00Z"), PointsLine: 24.5},
			{GameID: game.GameID, GameDate: game.GameDate, PlayerLookup: "lebronjames", Bookmaker: "fanduel",
				SnapshotUTC: at(t, "2025-11-20T22:00:00Z"), PointsLine: 25.5},
		},
		GameLines: []nba.GameLineSnapshot{
			{GameID: game.GameID, Bookmaker: "draftkings", Market: "spreads", SnapshotUTC: at(t, "2025-11-19T20:00:00Z"), Outcome: "LAL", Point: -5.0},
			{GameID: game.GameID, Bookmaker: "draftkings", Market: "spreads", SnapshotUTC: at(t, "2025-11-19T20:00:00Z"), Outcome: "BOS", Point: 5.0},
			{GameID: game.GameID, Bookmaker: "draftkings", Market: "spreads", SnapshotUTC: at(t, "2025-11-20T22:00:00Z"), Outcome: "LAL", Point: -5.5},
			{GameID: game.GameID, Bookmaker: "draftkings", Market: "spreads", SnapshotUTC: at(t, "2025-11-20T22:00:00Z"), Outcome: "BOS", Point: 5.5},
			{GameID: game.GameID, Bookmaker: "draftkings", Market: "totals", SnapshotUTC: at(t, "2025-11-19T20:00:00Z"), Outcome: "over", Point: 225.0},
			{GameID: game.GameID, Bookmaker: "draftkings", Market: "totals", SnapshotUTC: at(t, "2025-11-20T22:00:00Z"), Outcome: "over", Point: 226.5},
		},
	}
	return in
}

// TestGoldenG1IntegrationFixture is G1 through the whole builder.
func TestGoldenG1IntegrationFixture(t *testing.T) {
	in := g1Inputs(t)
	row := mustBuild(t, in, nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
	want := map[string]any{
		"DaysRest":                i64(1),
		"BackToBack":              true, // as §8.1 has it; the legacy pipeline's skipped test says false
		"GamesInLast7Days":        int64(3),
		"GamesInLast14Days":       int64(3),
		"MinutesInLast7Days":      int64(106),
		"MinutesInLast14Days":     int64(106),
		"AvgMinutesPerGameLast7":  f64(35.6),
		"BackToBacksLast14Days":   int64(0),
		"DaysRestBeforeLastGame":  i64(2),
		"DaysSince2PlusDaysRest":  i64(1),
		"PointsAvgLast5":          f64(25.0),
		"PointsAvgLast10":         f64(25.0),
		"L5GamesUsed":             int64(3),
		"L5SampleQuality":         "good",
		"L10GamesUsed":            int64(3),
		"L10SampleQuality":        "insufficient",
		"PropOverStreak":          int64(0),
		"PropUnderStreak":         int64(1),
		"HomeGame":                false,
		"OpponentTeamAbbr":        "BOS",
		"QualityTier":             "bronze", // as §8.1 has it; the legacy pipeline's skipped test says 'low'
		"QualityScore":            50.0,
		"QualityIssues":           []string{},
		"ProcessedWithIssues":     false,
		"SeasonPhase":             "early",
		"OpeningPointsLine":       f64(24.5),
		"OpeningPointsLineSource": str("draftkings"),
		"CurrentPointsLine":       f64(25.5),
		"CurrentPointsLineSource": str("fanduel"),
		"LineMovement":            f64(1.0),
		"GameSpread":              f64(-5.5),
		"OpeningSpread":           f64(-5.0),
		"SpreadMovement":          f64(-0.5),
		"GameTotal":               f64(226.5),
		"OpeningTotal":            f64(225.0),
		"TotalMovement":           f64(1.5),
	}
	assertFields(t, row, want)
}

// assertFields compares the named fields of a row with their expected values.
func assertFields(t *testing.T, row any, want map[string]any) {
	t.Helper()
	v := reflect.Indirect(reflect.ValueOf(row))
	for name, w := range want {
		f := v.FieldByName(name)
		if !f.IsValid() {
			t.Errorf("no field %s", name)
			continue
		}
		if got := f.Interface(); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %s, want %s", name, show(got), show(w))
		}
	}
}

// show prints pointers by value so failures read well.
func show(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "NULL"
		}
		return fmt.Sprintf("&%v", rv.Elem().Interface())
	}
	return fmt.Sprintf("%#v", v)
}

// TestGoldenG5EmptyHistory is G5 through the builder: no history and no
// lines gives NULLs and zeros, never made-up numbers; a missing registry id
// is a named issue (the legacy registry_failures row).
func TestGoldenG5EmptyHistory(t *testing.T) {
	in := g1Inputs(t)
	in.PlayerGames, in.OddsProps, in.GameLines = nil, nil, nil
	row := mustBuild(t, in, nba.PlannedPlayer{PlayerLookup: "rookie", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
	assertFields(t, row, map[string]any{
		"DaysRest": (*int64)(nil), "BackToBack": false, "GamesInLast7Days": int64(0), "MinutesInLast14Days": int64(0),
		"AvgMinutesPerGameLast7": (*float64)(nil), "PointsAvgLast5": (*float64)(nil), "PointsAvgLast10": (*float64)(nil),
		"L5GamesUsed": int64(0), "L5SampleQuality": "insufficient", "L10SampleQuality": "insufficient",
		"PropOverStreak": int64(0), "PropUnderStreak": int64(0),
		"QualityTier": "bronze", "QualityScore": 50.0,
		"QualityIssues":     []string{"missing_game_spread", "missing_game_total", "thin_sample:0/3"},
		"UniversalPlayerID": (*string)(nil),
		"HasPropLine":       false,
		"CurrentPointsLine": (*float64)(nil),
	})
	for _, issue := range []string{"missing_universal_player_id", "missing_prop_line", "no_recent_games"} {
		if !contains(row.DataQualityIssues, issue) {
			t.Errorf("DataQualityIssues = %v, want %s", row.DataQualityIssues, issue)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestGoldenG8TeamAndOpponent is G8: the team falls back to the newest box
// score; no team is a CALCULATION_ERROR; the opponent is the other side.
func TestGoldenG8TeamAndOpponent(t *testing.T) {
	in := g1Inputs(t)
	gameID := "20251120_LAL_BOS"
	tests := []struct {
		name     string
		player   nba.PlannedPlayer
		drop     bool // drop the player's history
		team     string
		opponent string
		category nba.Category
	}{
		{"driverTeamMissing_historyTeamLAL", nba.PlannedPlayer{PlayerLookup: "lebronjames", GameID: gameID}, false, "LAL", "BOS", ""},
		{"noTeamNoHistory_calculationError", nba.PlannedPlayer{PlayerLookup: "lebronjames", GameID: gameID}, true, "", "", nba.CalculationError},
		{"teamLAL_opponentBOS", nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: gameID}, false, "LAL", "BOS", ""},
		{"teamBOS_opponentLAL", nba.PlannedPlayer{PlayerLookup: "jaysontatum", TeamAbbr: "BOS", GameID: gameID}, false, "BOS", "LAL", ""},
		{"PartA_teamOnNeitherSide_isAnError", nba.PlannedPlayer{PlayerLookup: "x", TeamAbbr: "NYK", GameID: gameID}, false, "", "", nba.CalculationError},
		{"gameNotInSchedule_calculationError", nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_NYK"}, false, "", "", nba.CalculationError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := *in
			if tt.drop {
				in.PlayerGames = nil
			}
			row, f := buildOne(t, &in, tt.player, nba.RunDaily)
			if tt.category != "" {
				if f == nil || f.Category != tt.category {
					t.Fatalf("failure = %v, want %s", f, tt.category)
				}
				return
			}
			if f != nil {
				t.Fatalf("unexpected failure %v", f)
			}
			if row.TeamAbbr != tt.team || row.OpponentTeamAbbr != tt.opponent {
				t.Errorf("team/opponent = %s/%s, want %s/%s", row.TeamAbbr, row.OpponentTeamAbbr, tt.team, tt.opponent)
			}
		})
	}
}

// TestGoldenG9ScheduleKeying is G9: a schedule row (2025-11-20, away LAL,
// home BOS) is found as 20251120_LAL_BOS and counted once.
func TestGoldenG9ScheduleKeying(t *testing.T) {
	if id := nba.GameIDFor(day(t, "2025-11-20"), "LAL", "BOS"); id != "20251120_LAL_BOS" {
		t.Fatalf("GameIDFor = %s", id)
	}
	row := mustBuild(t, g1Inputs(t), nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
	if row.SourceScheduleRowsFound != 1 || row.SourceScheduleHash == nil {
		t.Errorf("schedule rows_found = %d, hash %v; want 1 and a hash", row.SourceScheduleRowsFound, row.SourceScheduleHash)
	}
}

// TestGoldenG11MinutesParsing is G11. Part A (A.2.1) changes the error
// cases: empty is "no data" (nil), and an unparseable value is an error,
// never 0.0.
func TestGoldenG11MinutesParsing(t *testing.T) {
	tests := []struct {
		name, in string
		want     *float64
		wantErr  bool
	}{
		{"mmss", "35:42", f64(35.7), false},
		{"wholeMinutes", "30:00", f64(30.0), false},
		{"thirds", "25:58", f64(25.967), false},
		{"zero", "0:00", f64(0.0), false},
		{"decimal", "35.5", f64(35.5), false},
		{"PartA_empty_isNull", "", nil, false},
		{"PartA_invalid_isAnError", "invalid", nil, true},
		{"PartA_negative_isAnError", "-3:00", nil, true},
		{"PartA_badSeconds_isAnError", "12:75", nil, true},
		{"PartA_nan_isAnError", "NaN", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := nba.ParseMinutes(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseMinutes(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != nil {
				got = f64(nba.Round(*got, 3))
			}
			if show(got) != show(tt.want) {
				t.Errorf("ParseMinutes(%q) = %s, want %s", tt.in, show(got), show(tt.want))
			}
		})
	}
}
