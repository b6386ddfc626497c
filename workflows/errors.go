package workflows

import (
	"errors"

	"go.temporal.io/sdk/temporal"
)

// Error types of the workflows' own failures.
const (
	// ErrPlanFailed: the date could not be planned.
	ErrPlanFailed = "PLAN_FAILED"
	// ErrProcessorFailed: a chunk or a commit failed for good; that
	// processor's staging was discarded and nothing of it was committed.
	ErrProcessorFailed = "PROCESSOR_FAILED"
)

// describe says what went wrong in one line an operator can act on: the
// type and message of the outermost application error in err's chain (an
// activity's, or a child run's), else the innermost error's text.
func describe(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		if !isCode(app.Type()) {
			return app.Message()
		}
		return app.Type() + ": " + app.Message()
	}
	last := err
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		last = e
	}
	return last.Error()
}

// isCode reports whether an application error type is one of the project's
// codes (DATA_ERROR, NO_SEASON_START, ...) and not the Go type name the SDK
// gives a plain error returned by an activity (wrapError, *errors.errorString).
func isCode(t string) bool {
	if t == "" {
		return false
	}
	for _, r := range t {
		if (r < 'A' || r > 'Z') && r != '_' && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// stepFailed is the error a workflow ends with when a step failed for good.
func stepFailed(errType, step string, err error) error {
	return temporal.NewApplicationErrorWithCause(step+" failed: "+describe(err), errType, err)
}
