package workflows_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/workflows"
)

// TestIntegrationOnlyStaleBackfill backfills two dates, one of which a
// daily run has already committed from the same inputs: with only_stale
// the backfill runs the other one only, on the backfill queue, and reports
// the committed one up to date. Its history (SelectStaleDates, and a child
// at the backfill's low priority on its own queue) is recorded for the
// replay test.
func TestIntegrationOnlyStaleBackfill(t *testing.T) {
	s := newStack(t)
	s.runDaily(t, "only-stale-daily-"+integrationDate, workflows.DailyInput{GameDate: integrationDate})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dates := []string{"2025-01-14", integrationDate}
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "only-stale", TaskQueue: s.taskQueue},
		workflows.BackfillWorkflowName, workflows.BackfillInput{Dates: dates, OnlyStale: true})
	if err != nil {
		t.Fatal(err)
	}
	var res workflows.BackfillResult
	if err := run.Get(ctx, &res); err != nil {
		t.Fatal(err)
	}
	if res.DatesDone != 1 || res.DatesTotal != 1 || !slices.Equal(res.UpToDate, []civil.Date{mustDate(t, integrationDate)}) {
		t.Errorf("only-stale backfill %+v, want 2025-01-14 run and %s up to date", res, integrationDate)
	}
	child, err := s.c.DescribeWorkflow(ctx, "only-stale-2025-01-14", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := workflows.BackfillTaskQueue(s.taskQueue); child.TaskQueueName != want {
		t.Errorf("the backfill's daily run ran on %s, want %s", child.TaskQueueName, want)
	}
	recordHistory(t, s.c, run.GetID(), run.GetRunID(), "backfill_only_stale_own_queue.json")
}
