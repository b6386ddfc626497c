package bigquery

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

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
	at := warehousetest.Mid.In(time.UTC)
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		b := warehouse.StageBatch{RunID: h, Processor: p, Date: warehousetest.Mid, Players: []string{h},
			Failures: []nba.Failure{{PlayerLookup: h, Category: nba.DataError, Reason: h, GameID: h}},
			Attempts: []nba.ReprocessAttempt{warehousetest.Attempt(p, h, warehousetest.Mid, 1)}}
		if p == nba.UPGC {
			b.Contexts = []nba.PlayerContext{warehousetest.Context(h, warehousetest.Mid, 1, at)}
		} else {
			b.Zones = []nba.ShotZoneProfile{warehousetest.Zone(h, warehousetest.Mid, 1, at)}
		}
		s, err := warehouse.PrepareStage(b, at)
		if err != nil {
			panic(err)
		}
		qs = append(qs, stageScript(d, s, b))
		qs = append(qs, commitScript(d, warehouse.CommitRequest{RunID: h, Processor: p, Date: warehousetest.Mid, RunKind: h}))
	}
	qs = append(qs, script(warehouse.DiscardQueries(d, h)))
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
	want := "SELECT game_id, game_date, player_lookup, team_abbr, player_status, minutes_played FROM `nba_raw.gamebook_player_stats` " +
		"WHERE game_date >= @from AND game_date < @to AND player_lookup IN UNNEST(@players) ORDER BY player_lookup DESC, game_date DESC"
	if got := sels[7].Text; got != want {
		t.Errorf("gamebook query\n got %s\nwant %s", got, want)
	}
	if got := (Dialect{Suffix: "t1"}).Table(warehouse.Contexts); got != "`nba_analytics_t1.upcoming_player_game_context`" {
		t.Errorf("suffixed table = %s", got)
	}
}

func TestCommitScript(t *testing.T) {
	req := warehouse.CommitRequest{RunID: "r", Processor: nba.UPGC, Date: warehousetest.Mid, RunKind: "backfill",
		StartedAt: warehousetest.Mid.In(time.UTC), PlannedAt: warehousetest.Mid.In(time.UTC).Add(90 * time.Second),
		Now: warehousetest.Mid.AddDays(1).In(time.UTC), Staged: &warehouse.StagedCount{Rows: 3, Failures: 1}}
	q := commitScript(Dialect{}, req)
	history := "FROM `nba_orchestration.processor_run_history` WHERE processor_name = @processor AND data_date = @date AND run_id = @run_id"
	// The parts in the order they must run: every decision inside the
	// transaction, the staging checked before anything is written.
	parts := []string{
		"DECLARE staged, inserted, updated, deleted, failed, attempts INT64 DEFAULT 0;\nDECLARE by_category STRING DEFAULT '{}';\nDECLARE superseded_by STRING;\nBEGIN TRANSACTION;\n",
		"IF NOT EXISTS (SELECT processor_name, ", history,
		"SET superseded_by = (SELECT run_id FROM `nba_orchestration.committed_runs` WHERE processor_name = @processor AND data_date = @date AND " +
			"(planned_at > @planned_at OR (planned_at = @planned_at AND run_id > @run_id)));\nIF superseded_by IS NULL THEN\n",
		"IF staged != @expect_rows OR failed != @expect_failures THEN\nRAISE USING MESSAGE",
		"SET deleted = (SELECT COUNT(*) FROM `nba_analytics.upcoming_player_game_context` t WHERE t.game_date = @date AND NOT EXISTS (",
		"MERGE `nba_analytics.upcoming_player_game_context` t USING (SELECT * EXCEPT (run_id) FROM `nba_processing.staging_upcoming_player_game_context` WHERE run_id = @run_id AND game_date = @date) s\n" +
			"ON t.game_date = @date AND t.game_date = s.game_date AND t.player_lookup = s.player_lookup\nWHEN MATCHED AND t.data_hash != s.data_hash THEN UPDATE SET ",
		"WHEN NOT MATCHED THEN INSERT (player_lookup, universal_player_id, ",
		"WHEN NOT MATCHED BY SOURCE AND t.game_date = @date THEN DELETE;\n",
		"DELETE FROM `nba_processing.entity_failures` WHERE processor_name = @processor AND analysis_date = @date AND run_id != @run_id;\n",
		"INSERT INTO `nba_processing.entity_failures` (run_id, processor_name, analysis_date, entity_id, game_id, failure_category, failure_reason, can_retry, completeness_pct, created_at) " +
			"SELECT run_id, processor_name, analysis_date, entity_id, game_id, failure_category, failure_reason, can_retry, completeness_pct, @now AS created_at FROM `nba_processing.staging_entity_failures` WHERE run_id = @run_id AND processor_name = @processor AND analysis_date = @date",
		"INSERT INTO `nba_orchestration.reprocess_attempts` ",
		"MERGE `nba_orchestration.committed_runs` c ",
		"END IF;\nINSERT INTO `nba_orchestration.processor_run_history` ",
		"WHEN superseded_by IS NOT NULL THEN @status_superseded",
		"DELETE FROM `nba_processing.staging_upcoming_player_game_context` WHERE run_id = @run_id AND game_date = @date;\n",
		"END IF;\nCOMMIT TRANSACTION;\nSELECT processor_name, ", history,
	}
	rest := q.Text
	for _, part := range parts {
		i := strings.Index(rest, part)
		if i < 0 {
			t.Fatalf("commit script lacks %q after the parts before it:\n%s", part, q.Text)
		}
		rest = rest[i+len(part):]
	}
	update := q.Text[strings.Index(q.Text, "UPDATE SET"):strings.Index(q.Text, "WHEN NOT MATCHED")]
	for _, col := range []string{"created_at =", "game_date =", "player_lookup ="} {
		if strings.Contains(update, " "+col) {
			t.Errorf("the MERGE updates %s; it must keep the key and created_at", col)
		}
	}
	params, err := parameters(q)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, p := range params {
		got[p.Name] = p.Value
	}
	want := map[string]any{"run_id": "r", "date": warehousetest.Mid, "processor": string(nba.UPGC), "run_kind": "backfill",
		"now": req.Now.UTC(), "started_at": req.StartedAt.UTC(), "planned_at": req.PlannedAt, "duration_ms": int64(86_400_000),
		"expect_rows": int64(3), "expect_failures": int64(1), "status_superseded": warehouse.StatusSuperseded,
		"status_failed": warehouse.StatusFailed, "status_partial": warehouse.StatusPartial, "status_success": warehouse.StatusSuccess}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commit parameters\n got %v\nwant %v", got, want)
	}
	if unchecked := commitScript(Dialect{}, warehouse.CommitRequest{RunID: "r", Processor: nba.UPGC, Date: warehousetest.Mid}); strings.Contains(unchecked.Text, "@expect_rows") {
		t.Error("a commit without staged counts checks them")
	}
}

func TestStageScript(t *testing.T) {
	at := warehousetest.Mid.In(time.UTC)
	b := warehouse.StageBatch{RunID: "r", Processor: nba.PSZA, Date: warehousetest.Mid, Players: []string{"b", "a"},
		Zones: []nba.ShotZoneProfile{warehousetest.Zone("a", warehousetest.Mid, 40, at)}}
	s, err := warehouse.PrepareStage(b, at)
	if err != nil {
		t.Fatal(err)
	}
	q := stageScript(Dialect{}, s, b)
	want := []string{
		"BEGIN TRANSACTION",
		"DELETE FROM `nba_processing.staging_player_shot_zone_analysis` WHERE run_id = @run_id AND analysis_date = @date AND player_lookup IN UNNEST(@players)",
		"DELETE FROM `nba_processing.staging_entity_failures` WHERE run_id = @run_id AND processor_name = @processor AND analysis_date = @date AND entity_id IN UNNEST(@players)",
		"DELETE FROM `nba_processing.staging_reprocess_attempts` WHERE run_id = @run_id AND processor_name = @processor AND analysis_date = @date AND entity_id IN UNNEST(@players)",
		"INSERT INTO `nba_processing.staging_player_shot_zone_analysis` (run_id, player_lookup, ",
		"COMMIT TRANSACTION;",
	}
	stmts := strings.Split(q.Text, ";\n")
	if len(stmts) != len(want) { // no failures or attempts: no empty inserts
		t.Fatalf("stage script has %d statements, want %d:\n%s", len(stmts), len(want), q.Text)
	}
	for i, w := range want {
		if !strings.HasPrefix(stmts[i], w) {
			t.Errorf("statement %d = %.160q, want prefix %q", i, stmts[i], w)
		}
	}
	params, err := parameters(q)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, p := range params {
		names = append(names, p.Name)
	}
	if !reflect.DeepEqual(names, []string{"run_id", "date", "players", "processor", "rows"}) {
		t.Errorf("parameters %v", names)
	}
	if !reflect.DeepEqual(params[2].Value, []string{"a", "b"}) {
		t.Errorf("@players = %v, want the sorted batch players", params[2].Value)
	}
	rows := params[4].Value.(*bq.QueryParameterValue)
	if len(rows.ArrayValue) != 1 || rows.ArrayValue[0].StructValue["run_id"].Value != "r" ||
		rows.ArrayValue[0].StructValue["analysis_date"].Value != warehousetest.Mid {
		t.Errorf("@rows = %+v", rows.ArrayValue)
	}
}
