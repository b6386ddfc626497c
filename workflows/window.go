package workflows

import "go.temporal.io/sdk/workflow"

// slidingWindow runs n items in order with at most limit in flight. start(i)
// starts item i (an activity or a child workflow) and returns its future;
// done(i, f) handles each one as it finishes, in completion order. Once stop
// reports true (a failure, a cancellation, a continue-as-new) no further item
// starts. It returns how many items it started, after every one of them has
// finished, so nothing it started is left running behind the caller. stop
// is told how many items have started so far.
//
// This is the samples-go split/merge selector with a bound: a selector, not
// one coroutine per item, so history and memory stay flat for any n.
func slidingWindow(ctx workflow.Context, n, limit int, stop func(started int) bool,
	start func(i int) workflow.Future, done func(i int, f workflow.Future)) int {
	sel := workflow.NewSelector(ctx)
	next, inFlight := 0, 0
	for {
		for next < n && inFlight < limit && !stop(next) {
			i := next
			next++
			inFlight++
			sel.AddFuture(start(i), func(f workflow.Future) {
				inFlight--
				done(i, f)
			})
		}
		if inFlight == 0 {
			return next
		}
		// Select waits for a future even when ctx is cancelled: cancelled
		// activities and children resolve their futures, and are drained.
		sel.Select(ctx)
	}
}
