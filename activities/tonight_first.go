package activities

import (
	"context"
	"sync/atomic"
	"time"

	"nbaflow/internal/nba"
)

// Tonight first, inside a worker process. Task-queue priority and the
// backfill queue's fewer slots keep a backfill's tasks from holding the
// nightly run's tasks back (docs/operations.md §4.1), but a backfill's
// chunks already running keep both cores and sqlite's one writer busy. So
// while a chunk of any other run is in flight in this process, a backfill
// chunk of the process pauses between players, heartbeating, and resumes
// once none is: a date's chunks take a second or two, so the backfill loses
// that much.

// yieldPoll is how often a paused backfill chunk looks again.
const yieldPoll = 20 * time.Millisecond

// urgentChunks counts the chunks of runs other than backfills in flight in
// one process.
type urgentChunks struct{ n atomic.Int64 }

// begin counts a chunk of a run of mode in flight until the returned func
// is called; a backfill's chunk is not counted.
func (u *urgentChunks) begin(mode nba.RunMode) (end func()) {
	if mode == nba.RunBackfill {
		return func() {}
	}
	u.n.Add(1)
	return func() { u.n.Add(-1) }
}

// yield returns at once for a chunk of a run other than a backfill; a
// backfill's chunk it holds while an urgent chunk is in flight, until ctx
// ends (its error, then).
func (u *urgentChunks) yield(ctx context.Context, mode nba.RunMode) error {
	if mode != nba.RunBackfill {
		return nil
	}
	for u.n.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(yieldPoll):
		}
	}
	return nil
}
