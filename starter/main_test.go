package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"nbaflow/internal/warehouse"
)

// runStarter runs the CLI in-process with the given environment and returns
// its exit status, stdout and stderr.
func runStarter(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	e := &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
	code := run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

const realData = "../realdata/2017-18"

func TestUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	tests := []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string // in stderr
	}{
		{"no command", nil, nil, 2, "usage: starter"},
		{"help", nil, []string{"--help"}, 0, "commands:"},
		{"unknown command", nil, []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"seed help", nil, []string{"seed", "--help"}, 0, "--season"},
		{"seed without season", nil, []string{"seed", "--db", db}, 2, "--season is required"},
		{"seed bad flag", nil, []string{"seed", "--seasons", "x"}, 2, "invalid value"},
		{"import without table", nil, []string{"import", "--db", db, "f.csv"}, 2, "--table is required"},
		{"import without file", nil, []string{"import", "--table", "arenas", "--db", db}, 2, "want one CSV file"},
		{"unknown backend", map[string]string{"WAREHOUSE": "oracle"}, []string{"import", "--table", "arenas", "f.csv"}, 2, `WAREHOUSE="oracle"`},
		{"bigquery without project", map[string]string{"WAREHOUSE": "bigquery"}, []string{"seed", "--season", "2024"}, 2, "BIGQUERY_PROJECT"},
		{"db with bigquery", map[string]string{"WAREHOUSE": "bigquery"}, []string{"seed", "--season", "2024", "--db", db}, 2, "--db applies to WAREHOUSE=sqlite"},
		{"missing file", nil, []string{"import", "--table", "arenas", "--db", db, "nope.csv"}, 1, "nope.csv"},
		{"not an input table", nil, []string{"import", "--table", "entity_failures", "--db", db, realData + "/arenas.csv"}, 1, "not an input table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runStarter(t, tt.vars, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}

func TestImport(t *testing.T) {
	vars := map[string]string{"SQLITE_PATH": filepath.Join(t.TempDir(), "sub", "w.db")}
	code, out, stderr := runStarter(t, vars, "import", "--table", "schedule", realData+"/schedule.csv")
	if code != 0 || !strings.Contains(out, "/schedule.csv into schedule: 1230 inserted, 0 replaced, 0 unchanged (sqlite ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, out, _ = runStarter(t, vars, "import", "--json", "--table", "team_game_summary", "../internal/warehouse/csvimport/testdata/bad_number.csv")
	var rep importReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || len(rep.Problems) != 1 || rep.Rows() != 0 {
		t.Errorf("bad file: exit %d, report %+v (%v)", code, rep, err)
	}
	code, _, stderr = runStarter(t, vars, "import", "--table", "arenas", "../internal/warehouse/csvimport/testdata/nan.csv")
	if code != 1 || !strings.Contains(stderr, "nan.csv:3, column latitude") || !strings.Contains(stderr, "nan.csv:4, column longitude") {
		t.Errorf("exit %d, stderr %q; want every bad row", code, stderr)
	}
}

func TestSeed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "seed.db")
	code, out, stderr := runStarter(t, nil, "seed", "--season", "2024", "--seed", "7", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep seedReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Seasons) != 1 || rep.Load.Table("schedule") != (warehouse.TableLoad{Table: "schedule", Inserted: 1230}) ||
		rep.Load.Table("player_game_summary").Inserted == 0 || rep.Load.Total().Replaced+rep.Load.Total().Unchanged != 0 || !strings.Contains(rep.Warehouse, db) {
		t.Errorf("report %+v", rep)
	}
}
