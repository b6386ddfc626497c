package main

import (
	"context"
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/config/configtest"
	"nbaflow/internal/warehouse"
)

// environOf is vars as os.Environ returns an environment, in order.
func environOf(vars map[string]string) []string {
	var environ []string
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		environ = append(environ, k+"="+vars[k])
	}
	return environ
}

// runStarter runs the CLI in-process with vars as its whole environment and
// returns its exit status, stdout and stderr.
func runStarter(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return runEnviron(t, environOf(vars), args...)
}

// runEnviron is runStarter with the environment as os.Environ gives it.
func runEnviron(t *testing.T, environ []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	e := &env{stdout: &out, stderr: &errOut, environ: environ}
	code := run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

// TestEveryVariable runs nbaflow coverage, which needs no server, over an
// empty warehouse with each variable the CLI reads set but empty, bad and
// good (configtest): the first two are usage errors naming the variable,
// before the subcommand runs; a good value gets past the configuration, and
// coverage reports.
func TestEveryVariable(t *testing.T) {
	db := "SQLITE_PATH=" + filepath.Join(t.TempDir(), "w.db")
	args := []string{"coverage", "--from", "2025-01-15", "--to", "2025-01-15", "--json"}
	for _, c := range configtest.Cases(t) {
		if !c.CLI {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			for _, tt := range []struct {
				what    string
				environ []string
				want    string
			}{
				{"empty", []string{db, c.Name + "="}, configtest.EmptyWant(c.Name)},
				{"bad", append([]string{db}, c.Environ(c.Bad)...), c.BadWant},
			} {
				code, stdout, stderr := runEnviron(t, tt.environ, args...)
				if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "nbaflow: invalid configuration:\n") || !strings.Contains(stderr, tt.want) {
					t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.what, code, stderr, tt.want)
				}
			}
			if code, stdout, stderr := runEnviron(t, append([]string{db}, c.Environ(c.Good)...), args...); code != 0 || !strings.Contains(stdout, `"table"`) {
				t.Errorf("good %q: exit %d, stdout %q, stderr %q; want 0 and the report", c.Good, code, stdout, stderr)
			}
		})
	}
}

// TestTemporalFlagsAreChecked: --address, --namespace, --task-queue and
// --ui are checked as the variables they override are, and a bad one is a
// usage error before anything is dialled.
func TestTemporalFlagsAreChecked(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"daily", "--date", "2025-01-15", "--address", "notahost:abc"},
			`invalid value "notahost:abc" for flag -address: want host:port, with a host and a port from 1 to 65535 (such as localhost:7233)`},
		{[]string{"status", "--address", "localhost", "nba-daily-2025-01-15"}, `invalid value "localhost" for flag -address: want host:port`},
		{[]string{"status", "--namespace", "", "nba-daily-2025-01-15"}, `invalid value "" for flag -namespace: want a namespace`},
		{[]string{"backfill", "--from", "2025-01-01", "--to", "2025-01-02", "--task-queue", ""}, `invalid value "" for flag -task-queue: want a task queue name`},
		{[]string{"schedule", "describe", "--task-queue", "/_sys/x"}, `invalid value "/_sys/x" for flag -task-queue: Temporal reserves`},
		{[]string{"doctor", "--season", "2024", "--ui", "localhost:8233"}, `invalid value "localhost:8233" for flag -ui: want an http(s) URL`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			start := time.Now()
			code, _, stderr := runStarter(t, map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1"}, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %v: it dialled", took)
			}
		})
	}
	// Nothing listens on either port, so that the error says which was dialled.
	env := map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:2"}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"status", "nba-daily-2025-01-15"}, "connect to Temporal at 127.0.0.1:2"},
		{[]string{"status", "--address", "127.0.0.1:1", "nba-daily-2025-01-15"}, "connect to Temporal at 127.0.0.1:1"},
	} {
		if code, _, stderr := runStarter(t, env, tt.args...); code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", tt.args, code, stderr, tt.want)
		}
	}
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
		{"no command", nil, nil, 2, "usage: nbaflow <command>"},
		{"help", nil, []string{"--help"}, 0, "commands:"},
		{"unknown command", nil, []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"seed help", nil, []string{"seed", "--help"}, 0, "--season"},
		{"seed without season", nil, []string{"seed", "--db", db}, 2, "--season is required"},
		{"seed bad flag", nil, []string{"seed", "--seasons", "x"}, 2, "invalid value"},
		{"import without table", nil, []string{"import", "--db", db, "f.csv"}, 2, "--table is required"},
		{"import without file", nil, []string{"import", "--table", "arenas", "--db", db}, 2, "want one CSV file"},
		{"unknown backend", map[string]string{"WAREHOUSE": "oracle"}, []string{"import", "--table", "arenas", "f.csv"}, 2, `WAREHOUSE="oracle"`},
		{"bigquery without project", map[string]string{"WAREHOUSE": "bigquery"}, []string{"seed", "--season", "2024"}, 2, "BIGQUERY_PROJECT"},
		{"db with bigquery", map[string]string{"WAREHOUSE": "bigquery", "BIGQUERY_PROJECT": "nba-props-prod"}, []string{"seed", "--season", "2024", "--db", db}, 2, "--db applies to WAREHOUSE=sqlite"},
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
