package bigquery

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	bq "cloud.google.com/go/bigquery"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/warehousetest"
)

// allQueries returns every query the backend builds, with h as run id,
// player lookup, team tricode and processor name, and the fixture's rows.
func allQueries(h string) []warehouse.Query {
	d := Dialect{}
	var qs []warehouse.Query
	for _, s := range warehouse.ReadQueries(d, warehousetest.Mid, h) {
		qs = append(qs, s.Query)
	}
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		req := warehouse.CommitRequest{RunID: h, Processor: p, Date: warehousetest.Mid, RunKind: h,
			Staged: &warehouse.StagedCount{Rows: 1, Failures: 1}}
		qs = append(qs, commitStatements(testCommitSQL(req, h))...)
	}
	ds := warehousetest.Fixture()
	ds.Players[0].PlayerLookup, ds.Arenas[0].TeamAbbr = h, h
	for _, s := range loadStatements(d, ds) {
		qs = append(qs, s.Query)
	}
	return qs
}

// paramStrings returns every string inside a parameter value.
func paramStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []string:
		return x
	case *bq.QueryParameterValue:
		return paramStrings(*x)
	case bq.QueryParameterValue:
		out := paramStrings(x.Value)
		for _, e := range x.ArrayValue {
			out = append(out, paramStrings(e)...)
		}
		for _, e := range x.StructValue {
			out = append(out, paramStrings(e)...)
		}
		return out
	}
	return nil
}

func TestNoValueReachesSQLText(t *testing.T) {
	for _, h := range warehousetest.Hostile {
		for _, q := range allQueries(h) {
			warehousetest.AssertParameterized(t, q, h)
			params, err := parameters(q)
			if err != nil {
				t.Fatalf("%.80q: %v", q.Text, err)
			}
			var values []string
			for _, p := range params {
				values = append(values, paramStrings(p.Value)...)
			}
			if strings.Contains(q.Text, "@players") && !slices.Contains(values, h) {
				t.Errorf("%.80q: the hostile value is not among its parameters", q.Text)
			}
		}
	}
}

func TestReadQueryText(t *testing.T) {
	sels := warehouse.ReadQueries(Dialect{}, warehousetest.Mid, "p")
	for _, s := range sels {
		if !strings.Contains(s.Text, "FROM `nba_") {
			t.Errorf("%.100q does not name its dataset", s.Text)
		}
		if strings.Contains(s.Text, "json_each") || (strings.Contains(s.Text, "@players") && !strings.Contains(s.Text, "IN UNNEST(@players)")) {
			t.Errorf("%.200q: lists must be UNNEST of an array parameter", s.Text)
		}
		params, err := parameters(s.Query)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range params {
			if p.Name == "players" && !reflect.DeepEqual(p.Value, []string{"p", "p2"}) {
				t.Errorf("%.60q: @players = %#v", s.Text, p.Value)
			}
			if p.Name == "date" && p.Value != warehousetest.Mid {
				t.Errorf("%.60q: @date = %#v", s.Text, p.Value)
			}
		}
	}
	const gamebook = "SELECT game_id, game_date, player_lookup, team_abbr, player_status, minutes_played FROM `nba_raw.gamebook_player_stats` "
	want := map[string]bool{
		gamebook + "WHERE game_date = @date ORDER BY game_id, player_lookup": false,
		gamebook + "WHERE game_date >= @from AND game_date < @to AND player_lookup IN UNNEST(@players) AND (game_id IN (SELECT game_id FROM (" +
			"SELECT game_id, game_date, RANK() OVER (PARTITION BY team ORDER BY game_date DESC) AS latest FROM (" +
			"SELECT home_team_abbr AS team, game_id, game_date FROM `nba_raw.schedule` WHERE season_year = @season_year AND game_status = @final " +
			"AND game_date >= @season_from AND game_date < @to AND home_team_abbr IN UNNEST(@teams) UNION ALL " +
			"SELECT away_team_abbr AS team, game_id, game_date FROM `nba_raw.schedule` WHERE season_year = @season_year AND game_status = @final " +
			"AND game_date >= @season_from AND game_date < @to AND away_team_abbr IN UNNEST(@teams))) " +
			"WHERE latest <= @window_games OR game_date >= @window_from) OR player_lookup IN UNNEST(@unteamed) OR NOT (" +
			"game_id IS NOT NULL AND game_date IS NOT NULL AND player_lookup IS NOT NULL AND team_abbr IS NOT NULL AND player_status IS NOT NULL AND " +
			"(minutes_played IS NULL OR IFNULL(minutes_played BETWEEN 0 AND 1.7976931348623157e308 AND NOT IS_NAN(minutes_played), FALSE)))) " +
			"ORDER BY player_lookup DESC, game_date DESC": false,
	}
	for _, s := range sels {
		if _, ok := want[s.Text]; ok {
			want[s.Text] = true
		}
	}
	for text, found := range want {
		if !found {
			t.Errorf("no read query is\n%s", text)
		}
	}
	if got := (Dialect{Suffix: "t1"}).Table(warehouse.Contexts); got != "`nba_analytics_t1.upcoming_player_game_context`" {
		t.Errorf("suffixed table = %s", got)
	}
}
