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
// while a chunk, plan or commit of any other run is in flight in this
// process, and for urgentLinger after, a backfill chunk of the process
// pauses between players, and a backfill plan or commit before it starts,
// heartbeating, and resumes once none is: a date takes a second or less,
// so the backfill loses that much.

// yieldPoll is how often a paused backfill chunk looks again.
const yieldPoll = 20 * time.Millisecond

// urgentLinger is how long after the last urgent chunk, plan or commit
// ended a backfill's work still waits. A daily run's chunks come in waves a
// workflow task apart, tens of milliseconds, and its commits after them:
// without it the backfill took the cores back in every gap, and tonight's
// date beside a backfill took 2.4 times as long as alone.
const urgentLinger = 100 * time.Millisecond

// urgentWork counts the chunks, plans and commits of runs other than
// backfills in flight in one process, and when the last of them ended.
type urgentWork struct {
	n     atomic.Int64
	ended atomic.Int64 // UnixNano
}

// begin counts a chunk, plan or commit of a run of mode in flight until
// the returned func is called; a backfill's is not counted.
func (u *urgentWork) begin(mode nba.RunMode) (end func()) {
	if mode == nba.RunBackfill {
		return func() {}
	}
	u.n.Add(1)
	return func() {
		u.ended.Store(time.Now().UnixNano())
		u.n.Add(-1)
	}
}

// pressing reports whether urgent work is in flight or ended within
// urgentLinger.
func (u *urgentWork) pressing() bool {
	return u.n.Load() > 0 || time.Since(time.Unix(0, u.ended.Load())) < urgentLinger
}

// yield returns at once for work of a run other than a backfill; a
// backfill's it holds while pressing, until ctx ends (its error, then).
func (u *urgentWork) yield(ctx context.Context, mode nba.RunMode) error {
	if mode != nba.RunBackfill {
		return nil
	}
	for u.pressing() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(yieldPoll):
		}
	}
	return nil
}

// inTurn runs the warehouse step of a plan or a commit of a run of mode,
// heartbeating meanwhile (alive): a nightly run's is urgent, as its chunks
// are, and a backfill's waits for urgent work first, as its chunks do
// between players (a commit holds sqlite's one writer).
func (a *Activities) inTurn(ctx context.Context, mode nba.RunMode, call func() error) error {
	if mode == "" { // a plan of a workflow older than PlanRequest.RunKind
		return a.alive(ctx, call)
	}
	defer a.urgent.begin(mode)()
	return a.alive(ctx, func() error {
		if err := a.urgent.yield(ctx, mode); err != nil {
			return err
		}
		return call()
	})
}
