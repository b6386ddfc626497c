package main

import (
	"strings"
	"testing"
	"time"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/bigquery/bqtest"
)

// TestBigQueryInitIsTheOnlyStepThatCreates: against a BigQuery (bqtest on
// the wire) without nbaflow's datasets, the everyday commands create
// nothing and say to run `nbaflow bigquery init`; init creates the datasets
// and tables once, after which check passes and the commands run.
func TestBigQueryInitIsTheOnlyStepThatCreates(t *testing.T) {
	srv := bqtest.NewServer(t, bqtest.Options{QueryLatency: time.Millisecond})
	vars := map[string]string{"WAREHOUSE": "bigquery", "BIGQUERY_PROJECT": srv.Project(), "BIGQUERY_ENDPOINT": srv.URL + "/bigquery/v2/"}

	code, _, stderr := runStarter(t, vars, "coverage", "--from", "2025-01-15", "--to", "2025-01-15")
	if code != 1 || !strings.Contains(stderr, "nbaflow bigquery init") || !strings.Contains(stderr, "is missing") {
		t.Errorf("coverage before init: exit %d, stderr %q; want 1 naming the missing tables and the init step", code, stderr)
	}
	code, _, stderr = runStarter(t, vars, "bigquery", "check")
	if code != 1 || !strings.Contains(stderr, "table nba_orchestration.committed_runs is missing") {
		t.Errorf("bigquery check before init: exit %d, stderr %q", code, stderr)
	}
	if n := len(srv.Tables()); n != 0 {
		t.Fatalf("%d tables exist after commands that must create none", n)
	}

	code, stdout, stderr := runStarter(t, vars, "bigquery", "init")
	if code != 0 || !strings.Contains(stdout, "every dataset and table matches") {
		t.Fatalf("bigquery init: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	created := map[string]bool{}
	for _, tb := range srv.Tables() {
		created[tb.Name] = true
	}
	for _, tb := range warehouse.Tables {
		if want := tb.Role != warehouse.RoleStaging; created[tb.Dataset+"."+tb.Name] != want {
			t.Errorf("after init, table %s.%s exists: %v, want %v", tb.Dataset, tb.Name, !want, want)
		}
	}
	if code, _, stderr := runStarter(t, vars, "bigquery", "check"); code != 0 {
		t.Errorf("bigquery check after init: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runStarter(t, vars, "bigquery", "init"); code != 0 {
		t.Errorf("bigquery init again: exit %d, stderr %q; want it idempotent", code, stderr)
	}
}
