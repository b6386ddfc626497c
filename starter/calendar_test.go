package main

import (
	"testing"
	"time"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"

	"nbaflow/internal/calendar"
	"nbaflow/internal/nba"
	"nbaflow/internal/operator"
)

// TestMarkRuns: a run in flight makes its date running; a failed, timed
// out or terminated run fails the processors it closed after the commit
// of (or that never committed); a failure older than the commit, or a
// cancelled run, changes nothing.
func TestMarkRuns(t *testing.T) {
	d := civil.Date{Year: 2018, Month: 1, Day: 15}
	commit := time.Date(2018, 1, 16, 6, 0, 0, 0, time.UTC)
	evidence := map[dateProcessor]committed{{d, nba.UPGC}: {Evidence: calendar.Evidence{Committed: true}, at: commit}}
	run := func(status enumspb.WorkflowExecutionStatus, closed time.Time) operator.DailyRun {
		return operator.DailyRun{Date: d, Status: status, Closed: closed}
	}
	tests := []struct {
		name      string
		runs      []operator.DailyRun
		want      calendar.State
		wantUPGC  bool // UPGC's FailedRun
		wantShots bool // PSZA's FailedRun
	}{
		{"no runs", nil, calendar.NeverRun, false, false},
		{"running", []operator.DailyRun{run(enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, time.Time{})}, calendar.Running, false, false},
		{"failed after the commit", []operator.DailyRun{run(enumspb.WORKFLOW_EXECUTION_STATUS_FAILED, commit.Add(time.Hour))}, calendar.Failed, true, true},
		{"failed before the commit", []operator.DailyRun{run(enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, commit.Add(-time.Hour))}, calendar.Failed, false, true},
		{"terminated after the commit", []operator.DailyRun{run(enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, commit.Add(time.Hour))}, calendar.Failed, true, true},
		{"cancelled", []operator.DailyRun{run(enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, commit.Add(time.Hour))}, calendar.NeverRun, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day := &calendar.Day{Date: d, HasGames: true, Processors: []calendar.Evidence{
				{Processor: nba.UPGC, Committed: true}, {Processor: nba.PSZA}}}
			markRuns(map[civil.Date]*calendar.Day{d: day}, evidence, tt.runs)
			if day.Processors[0].FailedRun != tt.wantUPGC || day.Processors[1].FailedRun != tt.wantShots {
				t.Errorf("failed runs: upgc %v psza %v, want %v %v", day.Processors[0].FailedRun, day.Processors[1].FailedRun, tt.wantUPGC, tt.wantShots)
			}
			if got := day.State(); got != tt.want {
				t.Errorf("state %s, want %s", got, tt.want)
			}
		})
	}
}
