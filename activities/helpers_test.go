package activities

import (
	"errors"
	"io"
	"log/slog"
	"testing"

	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
)

// quietLogger keeps the SDK's per-activity logging out of test output.
func quietLogger() tlog.Logger {
	return tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// assertNonRetryable checks that err is a non-retryable application error of
// type wantType, or, when nonRetryable is false, an error Temporal retries.
func assertNonRetryable(t *testing.T, err error, nonRetryable bool, wantType string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) {
		t.Fatalf("error %v is not an application error", err)
	}
	if appErr.NonRetryable() != nonRetryable {
		t.Errorf("error %v: non-retryable = %v, want %v", err, appErr.NonRetryable(), nonRetryable)
	}
	if nonRetryable && appErr.Type() != wantType {
		t.Errorf("error type %q, want %q", appErr.Type(), wantType)
	}
}
