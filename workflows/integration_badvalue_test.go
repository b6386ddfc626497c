package workflows_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"nbaflow/activities"
	"nbaflow/internal/league"
	"nbaflow/workflows"
)

// TestIntegrationBadStoredValueFailsAtOnce stores a start time that does
// not parse in an earlier game of a team that plays on the date: the date
// fails on the first attempt of the chunks that read it, not after their
// retries, with a code for a type and a message that names the table, the
// game and the column.
func TestIntegrationBadStoredValueFailsAtOnce(t *testing.T) {
	s := newStack(t)
	date := mustDate(t, integrationDate)
	ds, err := league.Generate(league.Config{SeasonYear: seasonYear, Seed: leagueSeed})
	if err != nil {
		t.Fatal(err)
	}
	var gameID string
	for _, g := range ds.Schedule {
		if g.GameDate.Before(date) && g.GameDate.After(date.AddDays(-10)) {
			gameID = g.GameID
			break
		}
	}
	if _, err := s.wh.DB().Exec("UPDATE schedule SET game_start_utc = 'garbage' WHERE game_id = ?", gameID); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id := "bad-value-" + integrationDate
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: integrationDate})
	if err != nil {
		t.Fatal(err)
	}
	err = run.Get(ctx, nil)
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		t.Fatalf("run ended with %v, want a failure", err)
	}
	want := `table schedule, row game_id="` + gameID + `", column game_start_utc: cannot read "garbage"`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("run failed with %v\nwant a message naming %s", err, want)
	}
	retried, failedTypes := 0, map[string]bool{}
	for _, e := range history(t, s.c, id, run.GetRunID()) {
		if a := e.GetActivityTaskStartedEventAttributes(); a != nil && a.GetAttempt() > 1 {
			retried++
		}
		if e.GetEventType() == enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED {
			failedTypes[e.GetActivityTaskFailedEventAttributes().GetFailure().GetApplicationFailureInfo().GetType()] = true
		}
	}
	if retried != 0 || len(failedTypes) != 1 || !failedTypes[activities.ErrBadStoredValue] {
		t.Errorf("%d activity attempts after the first, failure types %v; want none, and only %s", retried, failedTypes, activities.ErrBadStoredValue)
	}
}
