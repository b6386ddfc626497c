package workflows_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"nbaflow/workflows"
)

// TestIntegrationMisspelledInputFieldFailsTheRun starts DailyWorkflow as
// `temporal workflow execute --input '{"game_dat":"2025-01-15"}'` does, the
// key misspelled: the run fails at once with an invalid input naming the
// key, in its first workflow task and without a retry of it, and writes
// nothing, where it used to run today's date.
func TestIntegrationMisspelledInputFieldFailsTheRun(t *testing.T) {
	s := newStack(t)
	before := tableCounts(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	input := json.RawMessage(`{"game_dat":"2025-01-15"}`) // as it is, by the default data converter
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "misspelled-input", TaskQueue: s.taskQueue},
		workflows.DailyWorkflowName, input)
	if err != nil {
		t.Fatal(err)
	}
	err = run.Get(ctx, nil)
	var app *temporal.ApplicationError
	if !errors.As(err, &app) || app.Type() != workflows.ErrInvalidInput || !app.NonRetryable() ||
		!strings.Contains(app.Message(), `unknown field "game_dat"`) || !strings.Contains(app.Message(), "game_date") {
		t.Fatalf("run ended with %v\nwant a non-retryable %s naming game_dat and the known game_date", err, workflows.ErrInvalidInput)
	}
	t.Logf("the run failed with: %s", app.Message())

	events := history(t, s.c, run.GetID(), run.GetRunID())
	if got := string(events[0].GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()[0].GetData()); got != string(input) {
		t.Fatalf("the run was started with %s, want %s", got, input)
	}
	for _, e := range events {
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			t.Errorf("event %d: %s; want the run to fail before doing anything", e.GetEventId(), e.GetEventType())
		case enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
			// The SDK's own, with its version marker; not NbaGameDate or NbaRunKind.
			fields := e.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()
			if _, ok := fields["TemporalChangeVersion"]; !ok || len(fields) != 1 {
				t.Errorf("event %d upserts %v; want the run to fail before it sets its search attributes", e.GetEventId(), slices.Collect(maps.Keys(fields)))
			}
		}
	}
	if last := events[len(events)-1]; last.GetEventType() != enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED {
		t.Errorf("the history ends with %s, want the run failed", last.GetEventType())
	}
	if after := tableCounts(t, s); !maps.Equal(before, after) {
		t.Errorf("the warehouse changed: rows per table %v, then %v", before, after)
	}
	recordHistory(t, s.c, run.GetID(), run.GetRunID(), "daily_unknown_field.json")
}

// tableCounts is how many rows each table of the stack's warehouse holds.
func tableCounts(t *testing.T, s *stack) map[string]int {
	t.Helper()
	rows, err := s.wh.DB().Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil || len(tables) == 0 {
		t.Fatalf("tables of the warehouse: %v, %v", tables, err)
	}
	counts := map[string]int{}
	for _, table := range tables {
		var n int
		if err := s.wh.DB().QueryRow(`SELECT count(*) FROM "` + table + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	return counts
}
