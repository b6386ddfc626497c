package workflows

import (
	"slices"
	"testing"

	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
)

// TestEveryActivityHasBoundedTimeoutsAndRetries guards the rule of docs/design.md:
// a StartToCloseTimeout and an explicit, bounded retry policy that treats
// bad data as final, and a heartbeat timeout for plans, chunks and commits.
func TestEveryActivityHasBoundedTimeoutsAndRetries(t *testing.T) {
	for name, opts := range map[string]workflow.ActivityOptions{
		"plan": planOptions, "chunk": chunkOptions, "commit": commitOptions, "discard": discardOptions, "list dates": listDatesOptions,
	} {
		rp := opts.RetryPolicy
		if opts.StartToCloseTimeout <= 0 || rp == nil || rp.MaximumAttempts <= 0 || rp.MaximumInterval <= 0 {
			t.Errorf("%s: %+v with retry %+v, want a timeout and bounded retries", name, opts, rp)
			continue
		}
		for _, errType := range activities.NonRetryableErrorTypes {
			if !slices.Contains(rp.NonRetryableErrorTypes, errType) {
				t.Errorf("%s retries %s", name, errType)
			}
		}
	}
	// The activities a lost worker would hold up: each heartbeats, so it is
	// retried HeartbeatTimeout after the loss, not after its StartToClose.
	for name, opts := range map[string]workflow.ActivityOptions{"plan": planOptions, "chunk": chunkOptions, "commit": commitOptions} {
		if opts.HeartbeatTimeout != HeartbeatTimeout || opts.HeartbeatTimeout >= opts.StartToCloseTimeout {
			t.Errorf("%s heartbeat timeout %v, want %v, well under the start-to-close timeout", name, opts.HeartbeatTimeout, HeartbeatTimeout)
		}
	}
}
