package activities

import (
	"context"
	"errors"
	"testing"
	"time"

	"nbaflow/internal/nba"
)

// TestBackfillChunksYieldToOtherRuns: a backfill's chunk waits while a
// chunk of another run is in flight and goes on once it ends; a daily
// run's chunk never waits; a cancelled backfill chunk stops waiting.
func TestBackfillChunksYieldToOtherRuns(t *testing.T) {
	var u urgentChunks
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
