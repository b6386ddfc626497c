package workflows

import (
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
)

var failuresStart = civil.Date{Year: 2025, Month: time.January, Day: 1}

// failingAll fails every one of dates.
func failingAll(dates []civil.Date) map[civil.Date]bool {
	m := map[civil.Date]bool{}
	for _, d := range dates {
		m[d] = true
	}
	return m
}

// TestBackfillStopsAfterConsecutiveFailures: a backfill whose dates keep
// failing with one code (a dead warehouse) stops starting dates after
// StopAfterFailures of them, finishes the ones in flight and says why; one
// whose failures alternate codes, or that was recorded before stopping
// existed, or that asked never to stop, runs every date.
func TestBackfillStopsAfterConsecutiveFailures(t *testing.T) {
	dates := days(failuresStart, 40)
	tests := []struct {
		name        string
		in          BackfillInput
		version     workflow.Version
		alternate   bool
		wantStopped bool
	}{
		{"one code, default bound", BackfillInput{}, 1, false, true},
		{"one code, a bound of 3", BackfillInput{StopAfterFailures: 3}, 1, false, true},
		{"codes alternate", BackfillInput{}, 1, true, false},
		{"never stop", BackfillInput{StopAfterFailures: -1}, 1, false, false},
		{"recorded before stopping existed", BackfillInput{}, workflow.DefaultVersion, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeDays{failOn: failingAll(dates), failCode: map[civil.Date]string{}}
			if tt.alternate {
				for i, d := range dates {
					fake.failCode[d] = []string{activities.ErrWarehouseRejected, activities.ErrBadStoredValue}[i%2]
				}
			}
			env := newBackfillEnv(t, fake)
			env.OnGetVersion(stopAfterFailuresVersion, workflow.DefaultVersion, 1).Return(tt.version)
			mockListDates(env, activities.GameDateList{GameDates: dates})
			in := tt.in
			in.Dates, in.MaxParallelDates = []string{"listed"}, 4
			env.ExecuteWorkflow(BackfillWorkflow, in)
			res := backfillResult(t, env)

			bound := cmpOr(tt.in.StopAfterFailures, DefaultStopAfterFailures)
			if !tt.wantStopped {
				if res.Status != StatusPartial || res.DatesFailed != len(dates) || res.StoppedReason != "" {
					t.Errorf("result %+v, want every date run and failed", res)
				}
				return
			}
			if res.Status != StatusStopped || !strings.Contains(res.StoppedReason, "dates in a row failed with "+ErrPlanFailed) {
				t.Errorf("status %s, reason %q; want stopped, naming %s", res.Status, res.StoppedReason, ErrPlanFailed)
			}
			// The dates in flight when the bound was reached still finish.
			if res.DatesFailed < bound || res.DatesFailed > bound+in.MaxParallelDates-1 || res.DatesFailed+res.DatesNotStarted != len(dates) {
				t.Errorf("%d dates failed and %d not started, want %d to %d failed and the rest not started",
					res.DatesFailed, res.DatesNotStarted, bound, bound+in.MaxParallelDates-1)
			}
		})
	}
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// TestBackfillBoundsWhatItCarries: every failed date is kept, for
// retry-failed, but a message is cut to MaxFailureMessage bytes and only
// the first MaxDetailedFailures dates carry one.
func TestBackfillBoundsWhatItCarries(t *testing.T) {
	dates := days(failuresStart, MaxDetailedFailures+10)
	fake := &fakeDays{failOn: failingAll(dates), failMessage: strings.Repeat("é", MaxFailureMessage)}
	env := newBackfillEnv(t, fake)
	mockListDates(env, activities.GameDateList{GameDates: dates})
	env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{Dates: []string{"listed"}, StopAfterFailures: -1, MaxParallelDates: 8, ContinueEvery: 400})
	res := backfillResult(t, env)
	if len(res.Failed) != len(dates) {
		t.Fatalf("%d failed dates carried, want all %d", len(res.Failed), len(dates))
	}
	for i, f := range res.Failed {
		switch {
		case f.Code != ErrPlanFailed:
			t.Errorf("failed date %d: code %q, want %s", i, f.Code, ErrPlanFailed)
		case i < MaxDetailedFailures && (len(f.Error) > MaxFailureMessage+30 || !strings.HasSuffix(f.Error, "more bytes)")):
			t.Errorf("failed date %d: a message of %d bytes: %.80q…", i, len(f.Error), f.Error)
		case i >= MaxDetailedFailures && strings.Contains(f.Error, "é"):
			t.Errorf("failed date %d carries its message past the first %d", i, MaxDetailedFailures)
		}
	}
}
