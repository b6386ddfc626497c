package bigquery

import (
	"context"
	"reflect"
	"strings"
	"testing"

	bq "cloud.google.com/go/bigquery"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/warehousetest"
)

func TestMergeOfLoad(t *testing.T) {
	ds := &nba.Dataset{Schedule: warehousetest.Fixture().Schedule[:3]}
	stmts := loadStatements(Dialect{}, ds)
	if len(stmts) != 1 || stmts[0].table != warehouse.Schedule || stmts[0].rows != 3 {
		t.Fatalf("statements %+v, want one of 3 schedule rows", stmts)
	}
	want := "MERGE `nba_raw.schedule` t USING (SELECT game_id, game_date, game_start_utc, season_year, home_team_abbr, away_team_abbr, home_score, away_score, game_status, is_playoffs, is_primetime FROM UNNEST(@rows)) s ON t.game_id = s.game_id\n" +
		"WHEN MATCHED AND (t.game_date IS DISTINCT FROM s.game_date OR t.game_start_utc IS DISTINCT FROM s.game_start_utc OR t.season_year IS DISTINCT FROM s.season_year OR " +
		"t.home_team_abbr IS DISTINCT FROM s.home_team_abbr OR t.away_team_abbr IS DISTINCT FROM s.away_team_abbr OR t.home_score IS DISTINCT FROM s.home_score OR " +
		"t.away_score IS DISTINCT FROM s.away_score OR t.game_status IS DISTINCT FROM s.game_status OR t.is_playoffs IS DISTINCT FROM s.is_playoffs OR t.is_primetime IS DISTINCT FROM s.is_primetime) " +
		"THEN UPDATE SET game_date = s.game_date, game_start_utc = s.game_start_utc, season_year = s.season_year, home_team_abbr = s.home_team_abbr, away_team_abbr = s.away_team_abbr, home_score = s.home_score, away_score = s.away_score, game_status = s.game_status, is_playoffs = s.is_playoffs, is_primetime = s.is_primetime\n" +
		"WHEN NOT MATCHED THEN INSERT (game_id, game_date, game_start_utc, season_year, home_team_abbr, away_team_abbr, home_score, away_score, game_status, is_playoffs, is_primetime) VALUES (s.game_id, s.game_date, s.game_start_utc, s.season_year, s.home_team_abbr, s.away_team_abbr, s.home_score, s.away_score, s.game_status, s.is_playoffs, s.is_primetime)"
	if stmts[0].Text != want {
		t.Errorf("merge\n got %s\nwant %s", stmts[0].Text, want)
	}
	params, err := parameters(stmts[0].Query)
	if err != nil {
		t.Fatal(err)
	}
	rows := params[0].Value.(*bq.QueryParameterValue)
	if len(params) != 1 || params[0].Name != "rows" || len(rows.ArrayValue) != 3 ||
		rows.ArrayValue[2].StructValue["game_id"].Value != ds.Schedule[2].GameID {
		t.Errorf("parameters %+v, want @rows holding the 3 rows", params)
	}
}

// TestMergeComparesEveryColumn: a matched row is updated when any column
// outside the key differs, NULL-safely; arrays and JSON, which BigQuery
// cannot compare, as their JSON text.
func TestMergeComparesEveryColumn(t *testing.T) {
	for _, tb := range warehouse.Tables {
		if len(tb.Key) == 0 {
			continue
		}
		q := mergeRows(Dialect{}, tb, reflect.MakeSlice(reflect.SliceOf(tb.Row), 1, 1))
		matched := q.Text[strings.Index(q.Text, "WHEN MATCHED AND ("):strings.Index(q.Text, " THEN UPDATE SET")]
		for _, c := range tb.Columns() {
			want := "t." + c.Name + " IS DISTINCT FROM s." + c.Name
			if c.Kind == warehouse.KindStringArray || c.Kind == warehouse.KindJSON {
				want = "TO_JSON_STRING(t." + c.Name + ") IS DISTINCT FROM TO_JSON_STRING(s." + c.Name + ")"
			}
			compared, inKey := strings.Contains(matched, want), contains(tb.Key, c.Name)
			if compared == inKey {
				t.Errorf("%s: the MERGE's match condition compares %s: %v, want %v (key columns are matched on, the others compared)",
					tb.Name, c.Name, compared, !inKey)
			}
		}
	}
}

func TestLoadStatementsChunk(t *testing.T) {
	ds := &nba.Dataset{PlayerGames: make([]nba.PlayerGame, 2500), Arenas: make([]nba.Arena, 2)}
	for i := range ds.PlayerGames {
		ds.PlayerGames[i].GameID = string(rune('a'+i%26)) + strings.Repeat("x", i/26)
	}
	var got []string
	for _, s := range loadStatements(Dialect{}, ds) {
		got = append(got, s.table.Name+":"+strings.Repeat("#", s.rows/500))
	}
	want := []string{"player_game_summary:##", "player_game_summary:##", "player_game_summary:#", "arenas:"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statements (table:rows/500) %v, want %v: chunks of at most %d rows", got, want, loadChunk)
	}
}

func TestLoadReport(t *testing.T) {
	stmts := []loadStatement{{table: warehouse.PlayerGames, rows: 1000}, {table: warehouse.PlayerGames, rows: 500}, {table: warehouse.Arenas, rows: 30}}
	tests := []struct {
		name    string
		stats   []*bq.DMLStatistics
		want    []warehouse.TableLoad
		wantErr string
	}{
		{"first load", []*bq.DMLStatistics{{InsertedRowCount: 1000}, {InsertedRowCount: 500}, {InsertedRowCount: 30}},
			[]warehouse.TableLoad{{Table: "player_game_summary", Inserted: 1500}, {Table: "arenas", Inserted: 30}}, ""},
		{"the same load again", []*bq.DMLStatistics{{}, {}, {}},
			[]warehouse.TableLoad{{Table: "player_game_summary", Unchanged: 1500}, {Table: "arenas", Unchanged: 30}}, ""},
		{"some changed, some new", []*bq.DMLStatistics{{UpdatedRowCount: 1}, {InsertedRowCount: 2, UpdatedRowCount: 3}, {InsertedRowCount: 1}},
			[]warehouse.TableLoad{{Table: "player_game_summary", Inserted: 2, Replaced: 4, Unchanged: 1494}, {Table: "arenas", Inserted: 1, Unchanged: 29}}, ""},
		{"more rows changed than loaded", []*bq.DMLStatistics{{}, {InsertedRowCount: 400, UpdatedRowCount: 101}, {}}, nil, "MERGE 2 of 500 rows into player_game_summary"},
		{"a row deleted", []*bq.DMLStatistics{{DeletedRowCount: 1}, {}, {}}, nil, "1 deleted"},
		{"a statistic missing", []*bq.DMLStatistics{{}, {}}, nil, "2 DML statistics for 3 statements"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := loadReport(stmts, tt.stats)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("loadReport = %+v, %v; want an error with %q", rep, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(rep.Tables, tt.want) {
				t.Errorf("loadReport = %+v, %v; want %+v", rep.Tables, err, tt.want)
			}
		})
	}
}

func TestDMLStats(t *testing.T) {
	dml := &bq.DMLStatistics{InsertedRowCount: 3, UpdatedRowCount: 1}
	tests := []struct {
		name   string
		status *bq.JobStatus
		want   *bq.DMLStatistics
	}{
		{"a MERGE job", &bq.JobStatus{Statistics: &bq.JobStatistics{Details: &bq.QueryStatistics{DMLStats: dml}}}, dml},
		{"no status", nil, nil},
		{"no statistics", &bq.JobStatus{}, nil},
		{"a query without DML", &bq.JobStatus{Statistics: &bq.JobStatistics{Details: &bq.QueryStatistics{}}}, nil},
		{"not a query", &bq.JobStatus{Statistics: &bq.JobStatistics{Details: &bq.LoadStatistics{}}}, nil},
	}
	for _, tt := range tests {
		got, err := dmlStats(tt.status)
		if got != tt.want || (err == nil) != (tt.want != nil) {
			t.Errorf("%s: dmlStats = %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

// TestLoadRefusesRepeatedKey: the dataset is refused before any statement
// runs (the warehouse has no client: a query would panic).
func TestLoadRefusesRepeatedKey(t *testing.T) {
	ds := &nba.Dataset{Schedule: warehousetest.Fixture().Schedule[:3]}
	ds.Schedule = append(ds.Schedule, ds.Schedule[1])
	_, err := (&Warehouse{}).LoadDataset(context.Background(), ds)
	if err == nil || !strings.Contains(err.Error(), `table schedule repeats key game_id="`+ds.Schedule[1].GameID+`" at rows 2 and 4`) {
		t.Errorf("LoadDataset of a repeated key: %v", err)
	}
}
