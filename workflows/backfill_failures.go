package workflows

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// What a backfill carries of its failed dates through continue-as-new is
// bounded: a multi-season backfill against a dead warehouse would
// otherwise carry an error message per date toward the 2 MB payload
// limit, and it stops itself after a run of failures with one cause
// instead of marching through every date.
const (
	// MaxFailureMessage bounds one failed date's message, in bytes.
	MaxFailureMessage = 500
	// MaxDetailedFailures is how many failed dates carry their message;
	// the later ones carry their error code only. Every failed date is
	// kept, so that retry-failed re-runs them all.
	MaxDetailedFailures = 50
	// DefaultStopAfterFailures consecutive dates failing with the same
	// error code stop a backfill; BackfillInput.StopAfterFailures sets it,
	// and a negative value never stops.
	DefaultStopAfterFailures = 10
	// StatusStopped is a backfill that stopped itself.
	StatusStopped = "stopped"
)

// stopAfterFailuresVersion marks backfills that stop after consecutive
// failures; one recorded before it marches on, and replays so.
const stopAfterFailuresVersion = "stop-after-consecutive-failures"

// stopAfter is how many consecutive failures with one code stop this
// backfill, 0 for never.
func stopAfter(ctx workflow.Context, in BackfillInput) int {
	if workflow.GetVersion(ctx, stopAfterFailuresVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion || in.StopAfterFailures < 0 {
		return 0
	}
	if in.StopAfterFailures == 0 {
		return DefaultStopAfterFailures
	}
	return in.StopAfterFailures
}

// recordFailure adds a failed date, with its message bounded, and counts
// the failures in a row with the same code.
func (b *backfill) recordFailure(date civil.Date, err error) {
	code := errorCode(err)
	msg := truncate(describe(err), MaxFailureMessage)
	if len(b.state.Failed) >= MaxDetailedFailures {
		msg = fmt.Sprintf("%s (message left out: the first %d failed dates carry theirs)", code, MaxDetailedFailures)
	}
	b.state.Failed = append(b.state.Failed, FailedDate{Date: date, Error: msg, Code: code})
	if code != b.state.LastFailureCode {
		b.state.LastFailureCode, b.state.ConsecutiveFailures = code, 0
	}
	b.state.ConsecutiveFailures++
}

// stopping reports whether the backfill has failed stopAfter dates in a row
// with one code, and says so in its state.
func (b *backfill) stopping() bool {
	if b.stopAfter == 0 || b.state.ConsecutiveFailures < b.stopAfter {
		return false
	}
	if b.state.StoppedReason == "" {
		last := b.state.Failed[len(b.state.Failed)-1]
		b.state.StoppedReason = fmt.Sprintf("stopped after %d dates in a row failed with %s; the last, %s: %s",
			b.state.ConsecutiveFailures, b.state.LastFailureCode, last.Date, last.Error)
	}
	return true
}

// errorCode is the code of a failure: the type of its innermost
// application error that is one of the project's codes (BAD_STORED_VALUE
// under PROCESSOR_FAILED), else of its outermost (a Go type name for a
// plain error), else UNKNOWN.
func errorCode(err error) string {
	code := ""
	for e := err; e != nil; e = errors.Unwrap(e) {
		app, ok := e.(*temporal.ApplicationError)
		if ok && app.Type() != "" && (isCode(app.Type()) || code == "") {
			code = app.Type()
		}
	}
	if code == "" {
		return "UNKNOWN"
	}
	return code
}

// truncate cuts s to at most n bytes on a rune boundary, saying how much
// it left out.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}
