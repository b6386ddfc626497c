package activities

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

func TestCommitDatePassesTheRunAndTheClock(t *testing.T) {
	wh := newFakeWarehouse()
	wh.commitReply = warehouse.CommitResult{Inserted: 3, Failed: 1, FailuresByCategory: map[string]int{"DATA_ERROR": 1}}
	env := newActivityEnv(t, wh, 1, nil)
	req := CommitDateRequest{RunID: testRun, Processor: nba.PSZA, GameDate: testDate, RunKind: "manual", StartedAt: testNow.Add(-1),
		PlannedAt: testNow.Add(-time.Second), Staged: &warehouse.StagedCount{Rows: 3, Failures: 1}}
	val, err := env.ExecuteActivity(CommitDateName, req)
	if err != nil {
		t.Fatal(err)
	}
	var res warehouse.CommitResult
	if err := val.Get(&res); err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 3 || res.FailuresByCategory["DATA_ERROR"] != 1 {
		t.Errorf("result %+v, want the warehouse's", res)
	}
	want := warehouse.CommitRequest{RunID: testRun, Processor: nba.PSZA, Date: testDate, RunKind: "manual", StartedAt: req.StartedAt, Now: testNow}
	if len(wh.commits) != 1 || !wh.commits[0].StartedAt.Equal(want.StartedAt) || !wh.commits[0].Now.Equal(want.Now) ||
		wh.commits[0].RunID != want.RunID || wh.commits[0].Processor != want.Processor || wh.commits[0].Date != want.Date ||
		!wh.commits[0].PlannedAt.Equal(req.PlannedAt) || wh.commits[0].Staged == nil || *wh.commits[0].Staged != *req.Staged {
		t.Errorf("commits %+v, want %+v", wh.commits, want)
	}
}

// TestCommitDateStagingMismatchIsNotRetried: staging that lost what the run
// staged cannot come back by retrying.
func TestCommitDateStagingMismatchIsNotRetried(t *testing.T) {
	wh := newFakeWarehouse()
	wh.commitErr = fmt.Errorf("sqlite: commit: %w", warehouse.ErrStagingMismatch)
	env := newActivityEnv(t, wh, 1, nil)
	_, err := env.ExecuteActivity(CommitDateName, CommitDateRequest{RunID: testRun, Processor: nba.UPGC, GameDate: testDate})
	assertNonRetryable(t, err, true, ErrStagingMismatch)
	wh.commitErr = errors.New("database is locked")
	_, err = env.ExecuteActivity(CommitDateName, CommitDateRequest{RunID: testRun, Processor: nba.UPGC, GameDate: testDate})
	assertNonRetryable(t, err, false, "")
}

func TestDiscardRun(t *testing.T) {
	wh := newFakeWarehouse()
	env := newActivityEnv(t, wh, 1, nil)
	if _, err := env.ExecuteActivity(DiscardRunName, testRun); err != nil {
		t.Fatal(err)
	}
	if len(wh.discarded) != 1 || wh.discarded[0] != testRun {
		t.Errorf("discarded %v, want %s", wh.discarded, testRun)
	}
	_, err := env.ExecuteActivity(DiscardRunName, "")
	assertNonRetryable(t, err, true, ErrInvalidRequest)
}

// TestWarehouseRejectionsAreNotRetried: an error the warehouse marks as
// rejected fails every activity at once, with its message; a transient one
// is left to the retry policy.
func TestWarehouseRejectionsAreNotRetried(t *testing.T) {
	rejected := fmt.Errorf("bigquery: commit: %w: job x: Not found: Table p:nba_analytics.upcoming_player_game_context", warehouse.ErrRejected)
	wh := newFakeWarehouse()
	env := newActivityEnv(t, wh, 1, nil)
	wh.commitErr = rejected
	_, err := env.ExecuteActivity(CommitDateName, CommitDateRequest{RunID: testRun, Processor: nba.UPGC, GameDate: testDate})
	assertNonRetryable(t, err, true, ErrWarehouseRejected)
	if !strings.Contains(err.Error(), "Not found: Table p:nba_analytics.upcoming_player_game_context") {
		t.Errorf("error %v lost the warehouse's message", err)
	}
	wh.commitErr = errors.New("bigquery: job x: Could not serialize access to table p:d.t due to concurrent update")
	_, err = env.ExecuteActivity(CommitDateName, CommitDateRequest{RunID: testRun, Processor: nba.UPGC, GameDate: testDate})
	assertNonRetryable(t, err, false, "")

	wh.commitErr = fmt.Errorf("sqlite: read: %w", &warehouse.BadValueError{Table: "schedule", Key: `game_id="g1"`, Column: "game_start_utc", Value: "garbage", Err: errors.New("bad time")})
	_, err = env.ExecuteActivity(CommitDateName, CommitDateRequest{RunID: testRun, Processor: nba.UPGC, GameDate: testDate})
	assertNonRetryable(t, err, true, ErrBadStoredValue)

	wh.failStage = func(int) error { return rejected }
	for _, kind := range chunkKinds {
		_, err := env.ExecuteActivity(kind.activity, chunkRequest(plannedPlayers(3)))
		assertNonRetryable(t, err, true, ErrWarehouseRejected)
	}
}
