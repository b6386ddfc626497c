package main

import (
	"context"
	"encoding/json"
	"testing"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// TestRealWeekOfDecember2017 does what a user does with their own data:
// import-dir the real season's CSVs, then backfill a week of December 2017
// on the real dev server. Every game date commits; every player in a
// date's gamebook has a context row; every player with 10 games before the
// date has a shot-zone row; fields checked by hand against the CSVs hold; and
// every rounded column checked against the big.Rat reference is exact.
func TestRealWeekOfDecember2017(t *testing.T) {
	s, _, wh := realStack(t)

	code, out := s.nbaflow(t, "backfill", "--from", "2017-12-04", "--to", "2017-12-10", "--wait", "--json")
	var res struct {
		Backfill *workflows.BackfillResult `json:"backfill"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Backfill == nil {
		t.Fatalf("backfill exit %d: %v\n%s", code, err, out)
	}
	if code != 0 || res.Backfill.DatesDone != 7 || res.Backfill.DatesFailed != 0 {
		t.Fatalf("backfill exit %d: %+v", code, res.Backfill)
	}

	played, games := realAppearances(t)
	ctx := context.Background()
	for d := (civil.Date{Year: 2017, Month: 12, Day: 4}); !d.After(civil.Date{Year: 2017, Month: 12, Day: 10}); d = d.AddDays(1) {
		contexts, err := wh.PlayerContexts(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, c := range contexts {
			got[c.PlayerLookup] = true
		}
		if len(got) != len(contexts) || len(contexts) != len(played[d]) {
			t.Errorf("%s: %d context rows for %d players who played", d, len(contexts), len(played[d]))
		}
		for p := range played[d] {
			if !got[p] {
				t.Errorf("%s: no context row for %s, who played", d, p)
			}
		}
		zones, err := wh.ShotZoneProfiles(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		withZone := map[string]bool{}
		for _, z := range zones {
			withZone[z.PlayerLookup] = true
		}
		for p, n := range games[d] {
			if n >= 10 && !withZone[p] {
				t.Errorf("%s: no shot-zone row for %s, who had %d games before", d, p, n)
			}
		}
	}
	checkLeBronOnDecember8(t, wh)
	checkExactRoundingOnRealWeek(t, wh, civil.Date{Year: 2017, Month: 12, Day: 4}, civil.Date{Year: 2017, Month: 12, Day: 10})
}

// checkLeBronOnDecember8 compares a row with values worked out by hand from
// the CSVs. LeBron James played 2017-12-06 (32 pts, 41.1 min), 12-04 (23,
// 34.3), 12-02 (34, 39.2), 11-30 (24, 37.6), 11-28 (21, 28.4). On 12-08
// Cleveland played at Indiana after a home game on 12-06. Over [11-24, 12-08)
// Cleveland went CLE 11-24, PHI 11-27, CLE 11-28, ATL 11-30, CLE 12-02,
// CHI 12-04, CLE 12-06, then IND: legs of 413+413+554+554+308+308 miles,
// rounded one by one with the haversine on arenas.csv, and 263 into
// Indiana; Chicago is one time zone from Cleveland, both ways. The closing
// spread had Cleveland at -3.0 and the total at 221.0.
func checkLeBronOnDecember8(t *testing.T, wh *sqlite.Warehouse) {
	t.Helper()
	rows, err := wh.PlayerContexts(context.Background(), civil.Date{Year: 2017, Month: 12, Day: 8})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.PlayerLookup != "lebronjames" {
			continue
		}
		checks := []struct {
			name      string
			got, want any
		}{
			{"days_rest", deref(r.DaysRest), int64(2)},
			{"back_to_back", r.BackToBack, false},
			{"points_avg_last_5", derefF(r.PointsAvgLast5), 26.8}, // (32+23+34+24+21)/5
			{"games_in_last_7_days", r.GamesInLast7Days, int64(3)},
			{"minutes_in_last_7_days", r.MinutesInLast7Days, int64(114)}, // 41.1+34.3+39.2 = 114.6
			{"opponent", r.OpponentTeamAbbr, "IND"},
			{"home_game", r.HomeGame, false},
			{"travel_miles", deref(r.TravelMiles), int64(263)},
			{"time_zone_changes", deref(r.TimeZoneChanges), int64(0)},
			{"consecutive_road_games", r.ConsecutiveRoadGames, int64(1)},
			{"miles_traveled_last_14_days", r.MilesTraveledLast14Days, int64(2711)},
			{"time_zones_crossed_last_14_days", r.TimeZonesCrossedLast14Days, int64(2)},
			{"game_spread", derefF(r.GameSpread), -3.0},
			{"game_total", derefF(r.GameTotal), 221.0},
			{"player_age", deref(r.PlayerAge), int64(32)}, // born 1984-12-30
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("lebronjames 2017-12-08 %s = %v, want %v", c.name, c.got, c.want)
			}
		}
		for _, issue := range []string{nba.IssueMissingPropLine, nba.IssueMissingInjuryReport} {
			if !contains(r.DataQualityIssues, issue) {
				t.Errorf("data_quality_issues %v lack %s (the real data has no props and no injury reports)", r.DataQualityIssues, issue)
			}
		}
		if r.CurrentPointsLine != nil || r.StarTeammatesOut != nil {
			t.Errorf("fields without a source are not NULL: line %v, stars out %v", r.CurrentPointsLine, r.StarTeammatesOut)
		}
		return
	}
	t.Fatal("no context row for lebronjames on 2017-12-08")
}

// realAppearances reads the real box scores with encoding/csv, apart from
// the importer: who played on each date, and how many games with minutes
// or a shot each player had before each date of the week.
func realAppearances(t *testing.T) (played map[civil.Date]map[string]bool, before map[civil.Date]map[string]int) {
	t.Helper()
	played, before = map[civil.Date]map[string]bool{}, map[civil.Date]map[string]int{}
	week := []civil.Date{}
	for d := (civil.Date{Year: 2017, Month: 12, Day: 4}); !d.After(civil.Date{Year: 2017, Month: 12, Day: 10}); d = d.AddDays(1) {
		week = append(week, d)
		played[d], before[d] = map[string]bool{}, map[string]int{}
	}
	for _, r := range readRealCSV(t, "player_game_summary.csv") {
		d, p := r.date("game_date"), r.s["player_lookup"]
		if played[d] != nil {
			played[d][p] = true
		}
		minutes, shots := r.num("minutes_played"), r.num("fg_attempts")
		if minutes == 0 && shots == 0 {
			continue
		}
		for _, w := range week {
			if d.Before(w) {
				before[w][p]++
			}
		}
	}
	return played, before
}

func deref(v *int64) any {
	if v == nil {
		return nil
	}
	return *v
}

func derefF(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
