package bigquery

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/warehousetest"
)

// testCommitSQL is the commit of req with one staged table of each kind,
// their batch named by player.
func testCommitSQL(req warehouse.CommitRequest, player string) commitSQL {
	staged := stagedTables{}
	for _, kind := range []string{kindRows, kindFailures, kindAttempts} {
		staged[kind] = []string{batchTable(req.RunID, req.Processor, kind, []string{player})}
	}
	return commitSQL{d: Dialect{}, req: req, staged: staged}
}

// commitStatements are every statement of a commit, in the order Commit
// runs them.
func commitStatements(c commitSQL) []warehouse.Query {
	record, err := c.record(warehouse.NewRunHistoryRow(c.req, warehouse.CommitResult{Inserted: 1}))
	if err != nil {
		panic(err)
	}
	return []warehouse.Query{c.counts(), c.claim(), c.replace(), c.replaceFailures(), c.appendAttempts(), c.holder(), record}
}

func TestCommitStatements(t *testing.T) {
	req := warehouse.CommitRequest{RunID: "nba-daily-2024-11-23/r1", Processor: nba.UPGC, Date: warehousetest.Mid, RunKind: "backfill",
		StartedAt: warehousetest.Mid.In(time.UTC), PlannedAt: warehousetest.Mid.In(time.UTC).Add(90 * time.Second),
		Now: warehousetest.Mid.AddDays(1).In(time.UTC), Staged: &warehouse.StagedCount{Rows: 3, Failures: 1}}
	c := testCommitSQL(req, "aaaone")
	rows := "`nba_staging." + batchTable(req.RunID, nba.UPGC, kindRows, []string{"aaaone"}) + "`"
	holds := "(SELECT COUNT(*) FROM `nba_orchestration.committed_runs` WHERE processor_name = @processor AND data_date = @date " +
		"AND run_id = @run_id AND planned_at = @planned_at) = 1 AND (SELECT COUNT(*) FROM (SELECT run_id, player_lookup"
	tests := []struct {
		name  string
		q     warehouse.Query
		parts []string // in this order
		not   []string
	}{
		{"claim", c.claim(), []string{"MERGE `nba_orchestration.committed_runs` c ", "ON c.data_date = @date ",
			"WHEN MATCHED AND (c.planned_at < @planned_at OR (c.planned_at = @planned_at AND c.run_id <= @run_id)) THEN UPDATE SET run_id = @run_id",
			"WHEN NOT MATCHED THEN INSERT"}, []string{"DELETE", "TRANSACTION"}},
		{"output MERGE: the staged rows while the run holds the date, else the stored ones", c.replace(), []string{
			"MERGE `nba_analytics.upcoming_player_game_context` t USING (\nSELECT player_lookup, ", "FROM (SELECT run_id, player_lookup, ",
			" FROM " + rows + ") WHERE (" + holds, ") = @expect_rows AND ", ") = @expect_failures)\nUNION ALL\nSELECT player_lookup, ",
			"FROM `nba_analytics.upcoming_player_game_context` WHERE game_date = @date AND NOT (",
			"ON t.game_date = @date AND t.game_date = s.game_date AND t.player_lookup = s.player_lookup\n",
			"WHEN MATCHED AND (t.data_hash <> s.data_hash) THEN UPDATE SET universal_player_id = s.universal_player_id",
			"WHEN NOT MATCHED THEN INSERT (", "WHEN NOT MATCHED BY SOURCE AND t.game_date = @date THEN DELETE"},
			[]string{"created_at = s.created_at", "TRANSACTION", "SELECT *"}},
		{"failures MERGE replaces other runs' failures of the date", c.replaceFailures(), []string{
			"MERGE `nba_processing.entity_failures` t USING (", "@now AS created_at FROM (", ") WHERE (" + holds[:40],
			"UNION ALL\nSELECT run_id, processor_name, analysis_date, entity_id, ", "FROM `nba_processing.entity_failures` WHERE analysis_date = @date AND processor_name = @processor AND NOT (",
			"AND t.entity_id = s.entity_id AND t.run_id = s.run_id\nWHEN NOT MATCHED THEN INSERT",
			"WHEN NOT MATCHED BY SOURCE AND t.analysis_date = @date AND t.processor_name = @processor THEN DELETE"}, []string{"UPDATE SET"}},
		{"attempts are only inserted", c.appendAttempts(), []string{"MERGE `nba_orchestration.reprocess_attempts` t USING (SELECT ",
			"AND t.attempt_number = s.attempt_number\nWHEN NOT MATCHED THEN INSERT"}, []string{"UPDATE", "DELETE"}},
		{"counts", c.counts(), []string{"SELECT (SELECT COUNT(*) FROM (SELECT run_id, player_lookup", rows, "AS staged_rows",
			"AS staged_failures", "AS staged_attempts", "GROUP BY failure_category)) AS by_category"}, []string{"@"}},
	}
	zones := req
	zones.Processor = nba.PSZA
	tests = append(tests, struct {
		name  string
		q     warehouse.Query
		parts []string
		not   []string
	}{"shot-zone MERGE compares the columns its content hash leaves out", testCommitSQL(zones, "aaaone").replace(), []string{
		"WHEN MATCHED AND (t.data_hash <> s.data_hash OR ", "t.completeness_percentage IS DISTINCT FROM s.completeness_percentage OR ",
		"t.is_production_ready IS DISTINCT FROM s.is_production_ready OR ",
		"TO_JSON_STRING(t.data_quality_issues) != TO_JSON_STRING(s.data_quality_issues)", ") THEN UPDATE SET "},
		[]string{"t.created_at IS DISTINCT", "t.processed_at IS DISTINCT", "t.paint_rate_last_10 IS DISTINCT"}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest := tt.q.Text
			for _, part := range tt.parts {
				i := strings.Index(rest, part)
				if i < 0 {
					t.Fatalf("lacks %q after the parts before it:\n%s", part, tt.q.Text)
				}
				rest = rest[i+len(part):]
			}
			for _, n := range tt.not {
				if strings.Contains(tt.q.Text, n) {
					t.Errorf("holds %q:\n%s", n, tt.q.Text)
				}
			}
			if strings.Contains(tt.q.Text, ";") {
				t.Errorf("is more than one statement:\n%s", tt.q.Text)
			}
		})
	}
}

func TestCommitParameters(t *testing.T) {
	at := warehousetest.Mid.In(time.UTC)
	req := warehouse.CommitRequest{RunID: "r", Processor: nba.PSZA, Date: warehousetest.Mid, StartedAt: at, Now: at.Add(time.Hour)}
	c := testCommitSQL(req, "p")
	params, err := parameters(c.replace())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, p := range params {
		got[p.Name] = p.Value
	}
	want := map[string]any{"processor": string(nba.PSZA), "date": warehousetest.Mid, "run_id": "r", "planned_at": at}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parameters of a commit without staged counts\n got %v\nwant %v (the run's start stands in for its plan time)", got, want)
	}
	if strings.Contains(c.replace().Text, "@expect_rows") {
		t.Error("a commit without staged counts checks them")
	}
}

// TestCommitOfNothingStaged: a run that staged no rows of a kind reads a
// typed empty source, not a table that does not exist.
func TestCommitOfNothingStaged(t *testing.T) {
	c := commitSQL{d: Dialect{}, req: warehouse.CommitRequest{RunID: "r", Processor: nba.UPGC, Date: warehousetest.Mid}, staged: stagedTables{}}
	for _, q := range []warehouse.Query{c.counts(), c.replace(), c.replaceFailures()} {
		if strings.Contains(q.Text, "nba_staging") || !strings.Contains(q.Text, "FROM UNNEST([STRUCT(CAST(NULL AS STRING) AS run_id, ") {
			t.Errorf("source of nothing staged:\n%s", q.Text)
		}
	}
}

func TestStagingTableNames(t *testing.T) {
	run := "nba-daily-2025-01-15T10:00:00Z/01a2488a-fac6"
	a := batchTable(run, nba.UPGC, kindRows, []string{"aaaone", "aaatwo"})
	tests := []struct {
		name string
		got  string
		same bool
	}{
		{"the same batch again", batchTable(run, nba.UPGC, kindRows, []string{"aaaone", "aaatwo"}), true},
		{"another batch", batchTable(run, nba.UPGC, kindRows, []string{"aaaone"}), false},
		{"another kind", batchTable(run, nba.UPGC, kindFailures, []string{"aaaone", "aaatwo"}), false},
		{"another processor", batchTable(run, nba.PSZA, kindRows, []string{"aaaone", "aaatwo"}), false},
		{"another run of the workflow", batchTable(run+"1", nba.UPGC, kindRows, []string{"aaaone", "aaatwo"}), false},
	}
	for _, tt := range tests {
		if (tt.got == a) != tt.same {
			t.Errorf("%s: %s vs %s", tt.name, tt.got, a)
		}
	}
	if want := "run_nba_daily_2025_01_15t10_00_00z_"; !strings.HasPrefix(a, want) || !strings.HasPrefix(a, processorPrefix(run, nba.UPGC)) {
		t.Errorf("table %s does not start with %s and its processor prefix", a, want)
	}
	child := processorPrefix("nba-backfill-2024-10-22_2025-04-13-2025-01-04/r1", nba.PSZA)
	if !strings.Contains(child, "2025_01_04_") {
		t.Errorf("a backfill child's tables %s do not show its date", child)
	}
	for _, bad := range []string{"", "run\n1", strings.Repeat("r", maxRunIDLen+1), "\xff"} {
		if checkRunID(bad) == nil {
			t.Errorf("checkRunID(%.20q) accepted it", bad)
		}
	}
}

func TestNDJSON(t *testing.T) {
	at := time.Date(2024, time.November, 23, 8, 30, 0, 123456000, time.UTC)
	rows := reflect.ValueOf([]nba.PlayerContext{warehousetest.Context("o'neal", warehousetest.Mid, 20.5, at)})
	got, err := ndjson(warehouse.StagedContexts, rows, "r\"1")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"run_id":"r\"1"`, `"player_lookup":"o'neal"`, `"game_date":"2024-11-23"`,
		`"created_at":"2024-11-23 08:30:00.123456 UTC"`, `"points_avg_last_5":20.5`, `"opening_points_line":null`,
		`"quality_issues":["no_bettingpros","quote ' and \"double\""]`} {
		if !strings.Contains(got, want) {
			t.Errorf("NDJSON lacks %s:\n%s", want, got)
		}
	}
	if strings.Count(got, "\n") != 1 {
		t.Errorf("NDJSON of one row has %d lines", strings.Count(got, "\n"))
	}
	bad := warehousetest.Context("x", warehousetest.Mid, 1, at)
	nan := 0.0
	nan /= nan
	bad.PointsAvgLast5 = &nan
	if _, err := ndjson(warehouse.StagedContexts, reflect.ValueOf([]nba.PlayerContext{bad}), "r"); err == nil {
		t.Error("NDJSON of a NaN: no error")
	}
}
