package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
)

// How fast a chunk whose worker died resumes on another worker: the server
// times it out HeartbeatTimeout after the last heartbeat it received,
// retries it ChunkRetryInterval later, and any worker polling the queue
// takes it and resumes after the last heartbeated player. A worker sends a
// chunk's heartbeats at most every nbaworker.HeartbeatThrottle (1 s), so
// the server hears from a live chunk four times per timeout; a dead
// worker's chunks are retried 4 to 5.5 s after it died and are finished
// well within the 10 s docs/design.md targets (faults/kill_test.go holds
// it there). A plan or a commit heartbeats while it runs too, under the
// same timeout, so a lost worker's plan or commit is retried within
// seconds rather than after its StartToCloseTimeout. The reasoning is in
// docs/operations.md §2.1.
const (
	HeartbeatTimeout   = 5 * time.Second
	ChunkRetryInterval = 500 * time.Millisecond
)

// The timeouts and retry policies of every activity, in one place. Every
// policy is explicit and bounded (the server default retries forever), and
// treats the activities' bad-data error types as final.
var (
	// planOptions: a few warehouse reads; the season's box scores are the
	// largest (tens of thousands of rows). It heartbeats while it reads.
	planOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 2 * time.Minute,
		HeartbeatTimeout:    HeartbeatTimeout,
		RetryPolicy:         retryPolicy(time.Second, 30*time.Second, 5),
	}
	// chunkOptions: a chunk loads its inputs and builds its players (a few
	// dozen, or a processor's half of a backfill date), well under a minute
	// even on BigQuery. It heartbeats after every player and during every
	// wait, so a lost worker is noticed HeartbeatTimeout after its last
	// heartbeat, and the retry resumes after the last heartbeated player.
	// WaitForCancellation lets a cancelled run discard its staging only
	// after its chunks have stopped writing to it.
	chunkOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		HeartbeatTimeout:    HeartbeatTimeout,
		WaitForCancellation: true,
		RetryPolicy:         retryPolicy(ChunkRetryInterval, 30*time.Second, 5),
	}
	// commitOptions: one atomic merge per processor and date, idempotent per
	// run, so it may retry longer, and may retry while a lost attempt's
	// merge still runs. It heartbeats while it merges. Waiting for
	// cancellation tells whether a commit landed before the run was
	// cancelled.
	commitOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		HeartbeatTimeout:    HeartbeatTimeout,
		WaitForCancellation: true,
		RetryPolicy:         retryPolicy(2*time.Second, time.Minute, 8),
	}
	// discardOptions: deletes a run's uncommitted staging.
	discardOptions = workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         retryPolicy(time.Second, 30*time.Second, 5),
	}
	// staleDatesOptions: SelectStaleDates recomputes every committed date
	// it is given, a season in one activity (seconds on sqlite, minutes
	// of BigQuery jobs), heartbeating after each date.
	staleDatesOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Minute,
		HeartbeatTimeout:    2 * time.Minute,
		RetryPolicy:         retryPolicy(time.Second, 30*time.Second, 5),
	}
	// listDatesOptions: one schedule read for a backfill's range.
	listDatesOptions = workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         retryPolicy(time.Second, 30*time.Second, 5),
	}
)

func retryPolicy(initial, maximum time.Duration, attempts int32) *temporal.RetryPolicy {
	return &temporal.RetryPolicy{
		InitialInterval:        initial,
		BackoffCoefficient:     2,
		MaximumInterval:        maximum,
		MaximumAttempts:        attempts,
		NonRetryableErrorTypes: activities.NonRetryableErrorTypes,
	}
}

// withActivity returns ctx with opts and a one-line summary for the UI.
func withActivity(ctx workflow.Context, opts workflow.ActivityOptions, summary string) workflow.Context {
	opts.Summary = summary
	return workflow.WithActivityOptions(ctx, opts)
}
