package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
)

// The timeouts and retry policies of every activity, in one place. Every
// policy is explicit and bounded (the server default retries forever), and
// treats the activities' bad-data error types as final.
var (
	// planOptions: a few warehouse reads; the season's box scores are the
	// largest (tens of thousands of rows).
	planOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 2 * time.Minute,
		RetryPolicy:         retryPolicy(time.Second, 30*time.Second, 5),
	}
	// chunkOptions: a chunk loads its inputs and builds up to a few dozen
	// players, well under a minute even on BigQuery. It heartbeats after
	// every player, so a lost worker is noticed after HeartbeatTimeout, and
	// the retry resumes after the last heartbeated player.
	// WaitForCancellation lets a cancelled run discard its staging only
	// after its chunks have stopped writing to it.
	chunkOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		HeartbeatTimeout:    30 * time.Second,
		WaitForCancellation: true,
		RetryPolicy:         retryPolicy(time.Second, 30*time.Second, 5),
	}
	// commitOptions: one atomic merge per processor and date, idempotent per
	// run, so it may retry longer. Waiting for cancellation tells whether a
	// commit landed before the run was cancelled.
	commitOptions = workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
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
