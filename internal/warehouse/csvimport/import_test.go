package csvimport_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/csvimport"
	"nbaflow/internal/warehouse/sqlite"
)

// realData is the real 2017-18 season kept in the repository (realdata/README.md).
const realData = "../../../realdata/2017-18"

func openTemp(t *testing.T) *sqlite.Warehouse {
	t.Helper()
	w, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func count(t *testing.T, w *sqlite.Warehouse, table string) int {
	t.Helper()
	var n int
	if err := w.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func importFile(t *testing.T, w warehouse.Warehouse, table, path string) (warehouse.LoadReport, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return csvimport.Import(context.Background(), w, table, f)
}

func TestImportRealSeason(t *testing.T) {
	w := openTemp(t)
	want := map[string]int{
		"schedule": 1230, "player_game_summary": 26106, "gamebook_player_stats": 26106, "team_game_summary": 2460,
		"game_lines": 3690, "players": 540, "arenas": 30,
	}
	for table, n := range want {
		rep, err := importFile(t, w, table, filepath.Join(realData, table+".csv"))
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if got := rep.Table(table); got != (warehouse.TableLoad{Table: table, Inserted: n}) || count(t, w, table) != n {
			t.Errorf("%s: imported %v, table holds %d, want %d inserted", table, got, count(t, w, table), n)
		}
	}
	// A second import finds every row stored as it is: nothing changes.
	rep, err := importFile(t, w, "schedule", filepath.Join(realData, "schedule.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Table("schedule"); got.Unchanged != 1230 || got.Rows() != 1230 || count(t, w, "schedule") != 1230 {
		t.Errorf("re-import of schedule: %v, table holds %d; want 1230 unchanged", got, count(t, w, "schedule"))
	}
	start, ok, err := w.SeasonStart(context.Background(), 2017)
	if err != nil || !ok || start.String() != "2017-10-17" {
		t.Errorf("SeasonStart(2017) = %s, %v, %v; want 2017-10-17", start, ok, err)
	}
}

type problem struct {
	line   int
	column string
	text   string // in the problem's reason or value
}

func TestImportBadFiles(t *testing.T) {
	tests := []struct {
		file, table string
		want        []problem
	}{
		{"bad_date.csv", "schedule", []problem{{3, "game_date", "2017-18-10"}}},
		{"bad_number.csv", "team_game_summary", []problem{{3, "pace", "fast"}}},
		{"missing_column.csv", "gamebook_player_stats", []problem{{1, "player_status", "missing required column"}}},
		{"nan.csv", "arenas", []problem{{3, "latitude", "NaN"}, {4, "longitude", "+Inf"}}},
		{"wrong_bool.csv", "schedule", []problem{{3, "is_playoffs", "no"}}},
		{"unknown_column.csv", "players", []problem{{1, "nickname", "unknown column"}}},
		{"empty_required.csv", "players", []problem{{2, "player_name", "required"}}},
		{"short_record.csv", "players", []problem{{2, "", "2 fields, the header has 3"}}},
		{"bad_timestamp.csv", "game_lines", []problem{{2, "snapshot_utc", "2017-10-17 23:01"}}},
		{"repeated_key.csv", "schedule", []problem{
			{4, "", `line 4: key game_id="20171017_HOU_GSW" repeats line 2`},
			{6, "", `line 6: key game_id="20171018_BKN_IND" repeats line 3`}}},
		{"repeated_player.csv", "gamebook_player_stats", []problem{
			{4, "", `line 4: key game_id="20171017_BOS_CLE", player_lookup="alhorford" repeats line 2`}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			w := openTemp(t)
			rep, err := importFile(t, w, tt.table, filepath.Join("testdata", tt.file))
			var ierr *csvimport.Error
			if !errors.As(err, &ierr) {
				t.Fatalf("Import = %+v, %v; want a *csvimport.Error", rep, err)
			}
			if len(ierr.Problems) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%v", len(ierr.Problems), len(tt.want), err)
			}
			for i, want := range tt.want {
				if i >= len(ierr.Problems) {
					break
				}
				got := ierr.Problems[i]
				if got.Line != want.line || got.Column != want.column || !strings.Contains(got.String(), want.text) {
					t.Errorf("problem %d = %s; want line %d, column %q, mentioning %q", i, got, want.line, want.column, want.text)
				}
				if !strings.Contains(err.Error(), got.String()) {
					t.Errorf("the error message does not list %s", got)
				}
			}
			for _, tb := range warehouse.InputTables {
				if c := count(t, w, tb.Name); c != 0 {
					t.Errorf("%s holds %d rows after a refused import", tb.Name, c)
				}
			}
		})
	}
}

// TestImportReportsEveryBadRow: every problem is counted; the error keeps
// and lists the first DefaultMaxProblems.
func TestImportReportsEveryBadRow(t *testing.T) {
	var b strings.Builder
	b.WriteString("team_abbr,arena_name,latitude,longitude,iana_time_zone\n")
	for i := range 150 {
		fmt.Fprintf(&b, "T%03d,Arena,north,%d,UTC\n", i, i)
	}
	b.WriteString("OK1,Arena,1,2,UTC\n")
	_, _, err := csvimport.Parse(context.Background(), "arenas", strings.NewReader(b.String()))
	var ierr *csvimport.Error
	if !errors.As(err, &ierr) || len(ierr.Problems) != csvimport.DefaultMaxProblems || ierr.More != 50 || ierr.Count() != "150 problems" {
		t.Fatalf("Parse: %v; want 150 problems, %d of them kept", err, csvimport.DefaultMaxProblems)
	}
	if last := ierr.Problems[len(ierr.Problems)-1]; last.Line != 101 {
		t.Errorf("last problem kept on line %d, want 101", last.Line)
	}
	msg := err.Error()
	if got := strings.Count(msg, "column latitude"); got != csvimport.DefaultMaxProblems || !strings.HasSuffix(msg, "\n  ... and 50 more problems, not listed") {
		t.Errorf("message lists %d problems (want %d) and ends %q", got, csvimport.DefaultMaxProblems, msg[len(msg)-40:])
	}
}

func TestParseValues(t *testing.T) {
	csv := "game_id,game_date,game_start_utc,season_year,home_team_abbr,away_team_abbr,home_score,away_score,game_status,is_playoffs,is_primetime\n" +
		"g1,2024-10-22,2024-10-22T23:30:00.5-04:00,2024,BOS,NYK,,,1,TRUE,f\n" +
		"\"g,2\",2024-10-23, 2024-10-23T23:30:00Z ,2024,BOS,NYK,100,99,3,1,0\n"
	ds, n, err := csvimport.Parse(context.Background(), "schedule", strings.NewReader(csv))
	if err != nil || n != 2 {
		t.Fatalf("Parse = %d, %v", n, err)
	}
	g := ds.Schedule[0]
	if !g.IsPlayoffs || g.IsPrimetime || g.HomeScore != nil || g.StartUTC.String() != "2024-10-23 03:30:00.5 +0000 UTC" {
		t.Errorf("row 1 = %+v", g)
	}
	if g2 := ds.Schedule[1]; g2.GameID != "g,2" || *g2.HomeScore != 100 || !g2.IsPlayoffs {
		t.Errorf("row 2 = %+v", g2)
	}
}

func TestImportUnknownTable(t *testing.T) {
	for _, table := range []string{"nope", "upcoming_player_game_context", "staging_entity_failures"} {
		if _, _, err := csvimport.Parse(context.Background(), table, strings.NewReader("a\n1\n")); err == nil || !strings.Contains(err.Error(), "schedule") {
			t.Errorf("Parse(%q): %v; want an error naming the input tables", table, err)
		}
	}
}

// TestImportReport: the report of an import counts what the warehouse did
// with the file's rows.
func TestImportReport(t *testing.T) {
	w := openTemp(t)
	steps := []struct {
		file string
		want warehouse.TableLoad
	}{
		{"schedule.csv", warehouse.TableLoad{Table: "schedule", Inserted: 3}},
		{"schedule.csv", warehouse.TableLoad{Table: "schedule", Unchanged: 3}},
		// One game's result cleared (scores to NULL), one game added.
		{"schedule_changed.csv", warehouse.TableLoad{Table: "schedule", Inserted: 1, Replaced: 1, Unchanged: 2}},
		{"schedule_changed.csv", warehouse.TableLoad{Table: "schedule", Unchanged: 4}},
	}
	for i, s := range steps {
		rep, err := importFile(t, w, "schedule", filepath.Join("testdata", s.file))
		if err != nil {
			t.Fatalf("import %d of %s: %v", i+1, s.file, err)
		}
		if len(rep.Tables) != 1 || rep.Tables[0] != s.want {
			t.Errorf("import %d of %s reported %+v, want %v", i+1, s.file, rep.Tables, s.want)
		}
	}
}

// TestImportRepeatedKeyLoadsNothing: a file that repeats a key changes
// nothing, not even its rows that are new or differ from the stored ones.
func TestImportRepeatedKeyLoadsNothing(t *testing.T) {
	w := openTemp(t)
	if _, err := importFile(t, w, "schedule", filepath.Join("testdata", "schedule.csv")); err != nil {
		t.Fatal(err)
	}
	_, err := importFile(t, w, "schedule", filepath.Join("testdata", "repeated_key.csv"))
	var ierr *csvimport.Error
	if !errors.As(err, &ierr) || !strings.Contains(err.Error(), `line 4: key game_id="20171017_HOU_GSW" repeats line 2`) {
		t.Fatalf("Import of a repeated key: %v; want a *csvimport.Error naming lines 4 and 2", err)
	}
	rep, err := importFile(t, w, "schedule", filepath.Join("testdata", "schedule.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := (warehouse.TableLoad{Table: "schedule", Unchanged: 3}); rep.Table("schedule") != want || count(t, w, "schedule") != 3 {
		t.Errorf("after the refused file, the first file again reports %v with %d rows stored; want %v", rep.Table("schedule"), count(t, w, "schedule"), want)
	}
}
