package activities

import (
	"context"
	"errors"
	"testing"
	"time"

	"nbaflow/internal/nba"
)

// TestBackfillChunksYieldToOtherRuns: a backfill's chunk waits while a
// chunk of another run is in flight and goes on urgentLinger after it
// ends; a daily run's chunk never waits; a cancelled backfill chunk stops
// waiting.
func TestBackfillChunksYieldToOtherRuns(t *testing.T) {
	var u urgentWork
	if err := u.yield(context.Background(), nba.RunBackfill); err != nil {
		t.Fatalf("nothing urgent: %v", err)
	}
	endBackfill := u.begin(nba.RunBackfill)
	if err := u.yield(context.Background(), nba.RunBackfill); err != nil {
		t.Fatalf("a backfill chunk is not urgent: %v", err)
	}
	endBackfill()

	end := u.begin(nba.RunDaily)
	if err := u.yield(context.Background(), nba.RunDaily); err != nil {
		t.Fatalf("a daily chunk waited: %v", err)
	}
	resumed := make(chan error, 1)
	go func() { resumed <- u.yield(context.Background(), nba.RunBackfill) }()
	select {
	case err := <-resumed:
		t.Fatalf("the backfill chunk went on while a daily chunk ran (%v)", err)
	case <-time.After(5 * yieldPoll):
	}
	end()
	select {
	case err := <-resumed:
		t.Fatalf("the backfill chunk went on within half the linger after the daily chunk ended (%v)", err)
	case <-time.After(urgentLinger / 2):
	}
	select {
	case err := <-resumed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatal("the backfill chunk did not go on after the daily chunk ended")
	}

	defer u.begin(nba.RunDaily)()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := u.yield(ctx, nba.RunBackfill); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while waiting: %v, want context.Canceled", err)
	}
}

// TestNightlyPlansAndCommitsAreUrgent: a backfill's work yields to the
// plan and the commit of any other run, not to a backfill's own, nor to a
// plan of a workflow too old to say its run's kind.
func TestNightlyPlansAndCommitsAreUrgent(t *testing.T) {
	for _, tt := range []struct {
		step, kind string
		urgent     bool
	}{
		{"commit", "manual", true}, {"commit", "scheduled", true}, {"commit", string(nba.RunBackfill), false},
		{"plan", "manual", true}, {"plan", string(nba.RunBackfill), false}, {"plan", "", false},
	} {
		t.Run(tt.step+"/"+tt.kind, func(t *testing.T) {
			wh := newFakeWarehouse()
			var a *Activities
			env := newActivityEnv(t, wh, 1, nil, func(x *Activities) { a = x })
			var err error
			if tt.step == "plan" {
				_, err = env.ExecuteActivity(PlanDateName, PlanRequest{GameDate: testDate.String(), Processors: nba.Processors, RunKind: tt.kind})
			} else {
				_, err = env.ExecuteActivity(CommitDateName, CommitDateRequest{RunID: testRun, Processor: nba.PSZA, GameDate: testDate,
					RunKind: tt.kind, StartedAt: testNow})
			}
			if err != nil {
				t.Fatal(err)
			}
			if ended := a.urgent.ended.Load() != 0; ended != tt.urgent {
				t.Errorf("a %s of a %q run ended urgent work: %v, want %v", tt.step, tt.kind, ended, tt.urgent)
			}
		})
	}
}
