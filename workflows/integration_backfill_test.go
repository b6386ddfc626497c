package workflows_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// TestIntegrationBackfillAcrossTheAllStarBreak backfills two weeks that
// hold the seeded league's All-Star break, three dates per run: every game
// date is committed by both processors, the off-days are reported as
// skipped, and every run's history stays small.
func TestIntegrationBackfillAcrossTheAllStarBreak(t *testing.T) {
	s := newStack(t)
	start, end := mustDate(t, "2025-02-10"), mustDate(t, "2025-02-23")
	const continueEvery = 3
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.BackfillWorkflowID(start, end), TaskQueue: s.taskQueue},
		workflows.BackfillWorkflowName, workflows.BackfillInput{
			StartDate: start.String(), EndDate: end.String(), ContinueEvery: continueEvery, MaxParallelDates: 4,
		})
	if err != nil {
		t.Fatal(err)
	}
	firstRun := run.GetRunID() // Get follows the chain of runs
	var res workflows.BackfillResult
	if err := run.Get(ctx, &res); err != nil {
		t.Fatalf("backfill: %v", err)
	}
	t.Logf("backfill: %+v", res)

	games, err := s.wh.GameDates(ctx, start, end)
	if err != nil {
		t.Fatal(err)
	}
	var offDays []civil.Date
	for d := start; !d.After(end); d = d.AddDays(1) {
		if !slices.Contains(games, d) {
			offDays = append(offDays, d)
		}
	}
	if len(offDays) < 5 {
		t.Fatalf("only %d off-days in %s..%s: the seeded league has moved its All-Star break", len(offDays), start, end)
	}
	if res.Status != workflows.StatusSuccess || res.DatesDone != len(games) || res.DatesFailed != 0 || !slices.Equal(res.SkippedOffDays, offDays) {
		t.Errorf("result %+v, want %d game dates done and off-days %v skipped", res, len(games), offDays)
	}
	wantRuns := (len(games) + continueEvery - 1) / continueEvery
	if res.Runs != wantRuns {
		t.Errorf("%d runs, want %d", res.Runs, wantRuns)
	}
	for _, d := range games {
		history, err := s.wh.RunHistory(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		committed := map[nba.Processor]bool{}
		for _, h := range history {
			if h.RunKind == workflows.RunBackfill {
				committed[h.Processor] = true
			}
		}
		if !committed[nba.UPGC] || !committed[nba.PSZA] {
			t.Errorf("%s: committed %v, want both processors", d, committed)
		}
	}
	for _, d := range offDays {
		if history, _ := s.wh.RunHistory(ctx, d); len(history) != 0 {
			t.Errorf("off-day %s has run history %v", d, history)
		}
	}

	// Each run's history grows with the dates it ran, about 6 to 8 events
	// a date: continue_every=50 stays near 400 events, far under the 4,096
	// at which the server suggests continuing as new.
	runs := runChain(t, s.c, run.GetID(), firstRun)
	if len(runs) != wantRuns {
		t.Fatalf("%d runs in the chain, want %d", len(runs), wantRuns)
	}
	for i, events := range runs {
		if limit := 20 + 10*continueEvery; len(events) > limit {
			t.Errorf("run %d has %d events, want at most %d for %d dates", i+1, len(events), limit, continueEvery)
		}
		t.Logf("run %d: %d events", i+1, len(events))
	}
	recordHistoryEvents(t, runs[0], "backfill_continued_as_new.json")
	recordHistoryEvents(t, runs[1], "backfill_carried_state.json")
}

// runChain returns the events of every run of a workflow that continued as
// new, from the given first run.
func runChain(t *testing.T, c client.Client, id, runID string) [][]*historypb.HistoryEvent {
	t.Helper()
	var runs [][]*historypb.HistoryEvent
	for runID != "" {
		events := history(t, c, id, runID)
		runs = append(runs, events)
		runID = ""
		if last := events[len(events)-1]; last.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW {
			runID = last.GetWorkflowExecutionContinuedAsNewEventAttributes().GetNewExecutionRunId()
		}
	}
	return runs
}

// history returns the events of one run.
func history(t testing.TB, c client.Client, id, runID string) []*historypb.HistoryEvent {
	t.Helper()
	var events []*historypb.HistoryEvent
	it := c.GetWorkflowHistory(context.Background(), id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	return events
}

// TestIntegrationCancelledBackfillLeavesNothingHalfCommitted cancels a
// backfill with dates in flight: its daily runs are cancelled with it, no
// staging is left behind, and every (processor, date) holds either a whole
// commit or nothing.
func TestIntegrationCancelledBackfillLeavesNothingHalfCommitted(t *testing.T) {
	s := newStack(t)
	start, end := mustDate(t, "2025-03-03"), mustDate(t, "2025-03-14")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	id := workflows.BackfillWorkflowID(start, end)
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue},
		workflows.BackfillWorkflowName, workflows.BackfillInput{StartDate: start.String(), EndDate: end.String(), MaxParallelDates: 2})
	if err != nil {
		t.Fatal(err)
	}
	for {
		var p workflows.BackfillProgress
		if v, err := s.c.QueryWorkflow(ctx, id, "", workflows.ProgressQuery); err == nil && v.Get(&p) == nil &&
			p.DatesDone >= 1 && p.DatesInFlight > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := s.c.CancelWorkflow(ctx, id, ""); err != nil {
		t.Fatal(err)
	}
	var canceled *temporal.CanceledError
	if err := run.Get(ctx, nil); !errors.As(err, &canceled) {
		t.Fatalf("backfill ended with %v, want cancelled", err)
	}

	statuses := map[enumspb.WorkflowExecutionStatus]int{}
	for d := start; !d.After(end); d = d.AddDays(1) {
		desc, err := s.c.DescribeWorkflowExecution(ctx, id+"-"+d.String(), "")
		if err != nil {
			continue // never started
		}
		statuses[desc.GetWorkflowExecutionInfo().GetStatus()]++
	}
	t.Logf("daily runs by status: %v", statuses)
	if statuses[enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING] != 0 || statuses[enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED] == 0 ||
		statuses[enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED] == 0 {
		t.Errorf("daily runs by status %v, want some completed, some cancelled, none running", statuses)
	}
	for _, table := range []*warehouse.Table{warehouse.StagedContexts, warehouse.StagedZones, warehouse.StagedFailures, warehouse.StagedAttempts} {
		var n int
		if err := s.wh.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table.Name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s holds %d rows after the cancellation", table.Name, n)
		}
	}
	for d := start; !d.After(end); d = d.AddDays(1) {
		assertWholeCommits(t, s, d)
	}
}

// assertWholeCommits checks that each processor's rows on date d are
// exactly those of its recorded commit, or that there are none.
func assertWholeCommits(t *testing.T, s *stack, d civil.Date) {
	t.Helper()
	ctx := context.Background()
	history, err := s.wh.RunHistory(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	committed := map[nba.Processor]int{}
	for _, h := range history {
		committed[h.Processor] = h.Result.Inserted + h.Result.Updated + h.Result.Unchanged
	}
	got := readOutcomes(t, s, d)
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		if rows := len(got[p].rows); rows != committed[p] {
			t.Errorf("%s %s: %d rows, but its commit recorded %d", d, p, rows, committed[p])
		}
	}
}
