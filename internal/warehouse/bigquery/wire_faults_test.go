package bigquery_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/bigquery"
	"nbaflow/internal/warehouse/bigquery/bqtest"
)

var wireDate = civil.Date{Year: 2025, Month: time.January, Day: 15}

// stageChunks stages n chunks of processor p of run on wireDate.
func (s *wireStack) stageChunks(t *testing.T, runID string, p nba.Processor, n int) warehouse.StagedCount {
	t.Helper()
	for c := range n {
		if err := s.w.Stage(context.Background(), chunkOf(runID, p, wireDate, c)); err != nil {
			t.Fatal(err)
		}
	}
	return warehouse.StagedCount{Rows: 24 * n, Failures: n}
}

func wireCommit(runID string, p nba.Processor, staged warehouse.StagedCount) warehouse.CommitRequest {
	now := time.Now()
	return warehouse.CommitRequest{RunID: runID, Processor: p, Date: wireDate, RunKind: "manual",
		StartedAt: now, PlannedAt: now, Now: now, Staged: &staged}
}

// mergesOn counts the MERGE statements into table.
func mergesOn(srv *bqtest.Server, table string) int {
	n := 0
	for _, j := range srv.Jobs() {
		if writes(j, table) {
			n++
		}
	}
	return n
}

// writes reports whether j is one MERGE into table.
func writes(j bqtest.Job, table string) bool {
	return len(j.Statements) == 1 && j.Statements[0].Target == table &&
		(j.Statements[0].Kind == bqtest.MergeStmt || j.Statements[0].Kind == bqtest.MergeInsertOnlyStmt)
}

// TestWireCancelledCommitCancelsItsJob: an activity that gives up (its
// context ends) cancels the BigQuery job it was waiting for, instead of
// leaving a statement to land after it.
func TestWireCancelledCommitCancelsItsJob(t *testing.T) {
	s := newWireStack(t, bqtest.Options{QueryLatency: 2 * time.Millisecond, DMLLatency: 10 * time.Second})
	s.ensureSchema(t)
	staged := s.stageChunks(t, "run-cancel", nba.UPGC, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	begun := time.Now()
	_, err := s.w.Commit(ctx, wireCommit("run-cancel", nba.UPGC, staged))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(begun) > 5*time.Second {
		t.Fatalf("Commit = %v after %v, want the deadline's error soon after it", err, time.Since(begun))
	}
	var cancelled []string
	for _, j := range s.srv.Jobs() {
		if j.CancelRequested {
			cancelled = append(cancelled, j.ID)
			if j.Err == nil || j.Err.Reason != "stopped" {
				t.Errorf("cancelled job %s ended with %+v, want stopped", j.ID, j.Err)
			}
		}
	}
	if len(cancelled) != 1 || !strings.HasPrefix(cancelled[0], "nbaflow_commit_") {
		t.Errorf("cancelled jobs %v, want the commit statement that was running", cancelled)
	}
}

// TestWireErrorsClassified: what BigQuery says of a failed job decides
// whether Temporal retries it.
func TestWireErrorsClassified(t *testing.T) {
	tests := []struct {
		name, reason, message string
		rejected              bool
	}{
		{"concurrent update", "invalidQuery", "Could not serialize access to table test-project:nba_processing.entity_failures due to concurrent update", false},
		{"transaction aborted", "invalidQuery", "Transaction is aborted due to concurrent update against table test-project:nba_processing.entity_failures.", false},
		{"DML queue full", "quotaExceeded", "Resources exceeded during query execution: Too many DML statements outstanding against table x, limit is 20.", false},
		{"rate limit", "rateLimitExceeded", "Exceeded rate limits: too many table update operations for this table", false},
		{"BigQuery's fault", "backendError", "Error encountered during execution. Retrying may solve the problem.", false},
		{"invalid statement", "invalidQuery", "Syntax error: Unexpected keyword WHEN at [3:1]", true},
		{"missing table", "notFound", "Not found: Table test-project:nba_processing.entity_failures was not found in location US", true},
		{"no permission", "accessDenied", "Access Denied: Table test-project:nba_processing.entity_failures: Permission bigquery.tables.updateData denied", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newWireStack(t, bqtest.Options{QueryLatency: time.Millisecond, DMLLatency: time.Millisecond})
			s.ensureSchema(t)
			staged := s.stageChunks(t, "run-errors", nba.UPGC, 1)
			s.srv.FailNext(func(j bqtest.Job) bool { return writes(j, "nba_processing.entity_failures") }, 1, tt.reason, tt.message)
			_, err := s.w.Commit(context.Background(), wireCommit("run-errors", nba.UPGC, staged))
			if err == nil || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("Commit = %v, want the job's error %q", err, tt.message)
			}
			if errors.Is(err, warehouse.ErrRejected) != tt.rejected {
				t.Errorf("rejected (not retryable) = %v, want %v: %v", !tt.rejected, tt.rejected, err)
			}
		})
	}
}

// TestWireRetriedCommitConverges: a commit that failed midway is retried
// whole; every statement it sends again is one that is safe to repeat, and
// the run history gets one row.
func TestWireRetriedCommitConverges(t *testing.T) {
	s := newWireStack(t, bqtest.Options{QueryLatency: time.Millisecond, DMLLatency: time.Millisecond})
	s.ensureSchema(t)
	staged := s.stageChunks(t, "run-retry", nba.PSZA, 3)
	s.srv.FailNext(func(j bqtest.Job) bool { return writes(j, "nba_orchestration.reprocess_attempts") },
		1, "backendError", "Error encountered during execution. Retrying may solve the problem.")
	req := wireCommit("run-retry", nba.PSZA, staged)
	if _, err := s.w.Commit(context.Background(), req); err == nil || errors.Is(err, warehouse.ErrRejected) {
		t.Fatalf("first attempt = %v, want a retryable error", err)
	}
	res, err := s.w.Commit(context.Background(), req)
	if err != nil || res.Inserted != staged.Rows {
		t.Fatalf("retry = %+v, %v; want %d inserted", res, err, staged.Rows)
	}
	for table, want := range map[string]int{"nba_orchestration.committed_runs": 2, "nba_precompute.player_shot_zone_analysis": 2,
		"nba_processing.entity_failures": 2, "nba_orchestration.reprocess_attempts": 2, "nba_orchestration.processor_run_history": 1} {
		if n := mergesOn(s.srv, table); n != want {
			t.Errorf("%d statements on %s, want %d", n, table, want)
		}
	}
	for _, tb := range s.srv.Tables() {
		if strings.HasPrefix(tb.Name, warehouse.DatasetStaging+".") {
			t.Errorf("staging table %s left after the retried commit", tb.Name)
		}
	}
}

// TestWireDiscardRunDropsItsTables: a cancelled run's staging goes with
// its tables, and another run's stays.
func TestWireDiscardRunDropsItsTables(t *testing.T) {
	s := newWireStack(t, bqtest.Options{QueryLatency: time.Millisecond})
	s.ensureSchema(t)
	s.stageChunks(t, "run-cancelled", nba.UPGC, 2)
	s.stageChunks(t, "run-cancelled", nba.PSZA, 1)
	s.stageChunks(t, "run-alive", nba.UPGC, 1)
	if err := s.w.DiscardRun(context.Background(), "run-cancelled"); err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, tb := range s.srv.Tables() {
		if strings.HasPrefix(tb.Name, warehouse.DatasetStaging+".") {
			left = append(left, tb.Name)
		}
	}
	if len(left) != 3 || !strings.Contains(left[0], "run_alive_") {
		t.Errorf("staging tables left %v, want the 3 of run-alive", left)
	}
	if err := s.w.DiscardRun(context.Background(), "run\x00bad"); err == nil {
		t.Error("DiscardRun of a run id with a control character: no error")
	}
}

// TestWireSchemaDrift: a table that lacks a column, and a staging dataset
// whose tables never expire, stop the worker with one clear error.
func TestWireSchemaDrift(t *testing.T) {
	s := newWireStack(t, bqtest.Options{QueryLatency: time.Millisecond})
	s.srv.CreateDataset(warehouse.DatasetOrchestration, 0)
	s.srv.CreateDataset(warehouse.DatasetStaging, 0)
	s.srv.CreateTable(warehouse.DatasetOrchestration, warehouse.RunHistory.Name, bqtest.TableSpec{
		Schema: []bqtest.Field{{Name: "processor_name", Type: "STRING", Mode: "REQUIRED"}, {Name: "extra", Type: "STRING"}}})
	err := s.w.EnsureSchema(context.Background())
	if !errors.Is(err, bigquery.ErrSchemaDrift) {
		t.Fatalf("EnsureSchema = %v, want schema drift", err)
	}
	for _, want := range []string{
		"table nba_orchestration.processor_run_history lacks column deleted (INT64 REQUIRED)",
		"table nba_orchestration.processor_run_history has column extra (STRING NULLABLE) that this build does not know",
		`table nba_orchestration.processor_run_history is partitioned by "", want "data_date"`,
		"dataset nba_staging has no default table expiration",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("drift error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "upcoming_player_game_context") {
		t.Errorf("a table EnsureSchema created is reported as drift:\n%v", err)
	}
}
