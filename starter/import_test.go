package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nbaflow/internal/warehouse"
)

const csvTestdata = "../internal/warehouse/csvimport/testdata"

// TestImportReportsCounts: import says what the warehouse did with the
// file's rows, as text and as JSON.
func TestImportReportsCounts(t *testing.T) {
	vars := map[string]string{"SQLITE_PATH": filepath.Join(t.TempDir(), "w.db")}
	steps := []struct {
		file string
		want warehouse.TableLoad
	}{
		{"schedule.csv", warehouse.TableLoad{Table: "schedule", Inserted: 3}},
		{"schedule_changed.csv", warehouse.TableLoad{Table: "schedule", Inserted: 1, Replaced: 1, Unchanged: 2}},
		{"schedule_changed.csv", warehouse.TableLoad{Table: "schedule", Unchanged: 4}},
	}
	for _, s := range steps {
		path := filepath.Join(csvTestdata, s.file)
		code, out, stderr := runStarter(t, vars, "import", "--table", "schedule", "--json", path)
		var rep importReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.TableLoad != s.want || rep.File != path {
			t.Fatalf("import --json %s: exit %d, report %+v (%v), stderr %q; want %v", s.file, code, rep, err, stderr, s.want)
		}
	}
	code, out, _ := runStarter(t, vars, "import", "--table", "schedule", filepath.Join(csvTestdata, "schedule.csv"))
	if want := "schedule.csv into schedule: 0 inserted, 1 replaced, 2 unchanged (sqlite "; code != 0 || !strings.Contains(out, want) {
		t.Errorf("import: exit %d, stdout %q; want %q", code, out, want)
	}
}

// TestImportRepeatedKey: a file that repeats a key exits 1 naming the file
// and both lines of every repeat, and loads nothing.
func TestImportRepeatedKey(t *testing.T) {
	vars := map[string]string{"SQLITE_PATH": filepath.Join(t.TempDir(), "w.db")}
	path := filepath.Join(csvTestdata, "repeated_key.csv")
	code, _, stderr := runStarter(t, vars, "import", "--table", "schedule", path)
	for _, want := range []string{
		path + `:4: key game_id="20171017_HOU_GSW" repeats line 2`,
		path + `:6: key game_id="20171018_BKN_IND" repeats line 3`,
		path + ": 2 problems, nothing loaded",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("import of a repeated key: exit %d, stderr %q; want 1 and %q", code, stderr, want)
		}
	}
	code, out, _ := runStarter(t, vars, "import", "--table", "schedule", "--json", filepath.Join(csvTestdata, "schedule.csv"))
	if !strings.Contains(out, `"inserted": 3,`) || code != 0 {
		t.Errorf("import after the refused file: exit %d, %s; want the 3 rows inserted, none left by the refused file", code, out)
	}
}

// TestImportDirReportsCounts: import-dir reports the counts of each file and
// their totals; a file that repeats a key loads nothing, the others load.
func TestImportDirReportsCounts(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{"schedule.csv": "schedule_changed.csv", "gamebook_player_stats.csv": "repeated_player.csv"} {
		b, err := os.ReadFile(filepath.Join(csvTestdata, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vars := map[string]string{"SQLITE_PATH": filepath.Join(t.TempDir(), "w.db")}
	if code, _, stderr := runStarter(t, vars, "import", "--table", "schedule", filepath.Join(csvTestdata, "schedule.csv")); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	code, out, _ := runStarter(t, vars, "import-dir", "--json", dir)
	var rep importDirReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || len(rep.Files) != 2 {
		t.Fatalf("import-dir --json: exit %d, %v:\n%s", code, err, out)
	}
	gamebook, schedule := rep.Files[0], rep.Files[1]
	if gamebook.Rows() != 0 || len(gamebook.Problems) != 1 || !strings.Contains(gamebook.Problems[0], `key game_id="20171017_BOS_CLE", player_lookup="alhorford" repeats line 2`) {
		t.Errorf("gamebook file: %+v; want nothing loaded and the repeated key", gamebook)
	}
	if want := (warehouse.TableLoad{Table: "schedule", Inserted: 1, Replaced: 1, Unchanged: 2}); schedule.TableLoad != want || len(schedule.Problems) != 0 {
		t.Errorf("schedule file: %+v; want %v", schedule, want)
	}
	if want := (warehouse.TableLoad{Table: "total", Inserted: 1, Replaced: 1, Unchanged: 2}); rep.Total != want || rep.Failed != 1 {
		t.Errorf("total %v with %d failed files; want %v with 1", rep.Total, rep.Failed, want)
	}
	code, out, _ = runStarter(t, vars, "import-dir", dir)
	if code != 1 || !strings.Contains(out, "\n1 of 2 files loaded into sqlite ") ||
		!strings.Contains(out, "  schedule                                  0 inserted        0 replaced        4 unchanged\n") ||
		!strings.Contains(out, "  total                                     0 inserted        0 replaced        4 unchanged\n") {
		t.Errorf("import-dir: exit %d, stdout:\n%s", code, out)
	}
}
