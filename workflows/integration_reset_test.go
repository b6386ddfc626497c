package workflows_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/google/uuid"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"nbaflow/workflows"
)

// TestIntegrationResetCommitsTheCorrectedInputs is what an operator does
// after fixing data: reset a committed daily run to its first workflow task.
// The reset run plans, computes and commits again for real, so the date
// ends as one clean run of the corrected inputs leaves it, its result
// reports what it changed, and no staging is left.
func TestIntegrationResetCommitsTheCorrectedInputs(t *testing.T) {
	date := mustDate(t, integrationDate)
	fix := newCorrections(t, date)
	clean := newStack(t)
	fix.apply(t, clean.wh)
	clean.runDaily(t, "clean-reset-"+integrationDate, workflows.DailyInput{GameDate: integrationDate})
	want := dateOutcome(t, clean.wh, date)

	s := newStack(t)
	id := "reset-" + integrationDate
	_, run := s.runDaily(t, id, workflows.DailyInput{GameDate: integrationDate})
	fix.apply(t, s.wh)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	resp, err := s.c.ResetWorkflowExecution(ctx, &workflowservice.ResetWorkflowExecutionRequest{
		Namespace:                 "default",
		WorkflowExecution:         &commonpb.WorkflowExecution{WorkflowId: id, RunId: run.GetRunID()},
		Reason:                    "box score corrected",
		WorkflowTaskFinishEventId: firstWorkflowTaskCompleted(t, s, id, run.GetRunID()),
		RequestId:                 uuid.NewString(),
	})
	if err != nil {
		t.Fatal(err)
	}
	var res workflows.DailyResult
	if err := s.c.GetWorkflow(ctx, id, resp.GetRunId()).Get(ctx, &res); err != nil {
		t.Fatalf("reset run: %v", err)
	}

	if got := dateOutcome(t, s.wh, date); !maps.Equal(got, want) {
		t.Errorf("after the reset the date holds %d entries, a clean run %d; they differ at %v", len(got), len(want), differences(got, want))
	}
	upgc := res.Processors[0]
	if res.RunID != id+"/"+resp.GetRunId() || upgc.Updated == 0 || upgc.Deleted != 2 || upgc.Superseded {
		t.Errorf("reset run result %+v, want its own run id and the corrections reported (updated, 2 deleted)", res)
	}
	hist, err := s.wh.RunHistory(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 4 {
		t.Errorf("run history of %s has %d rows, want 2 runs × 2 processors: %+v", date, len(hist), hist)
	}
	if staged, err := s.wh.StagedRuns(ctx); err != nil || len(staged) != 0 {
		t.Errorf("staging left after the reset: %+v, %v", staged, err)
	}
	recordHistory(t, s.c, id, resp.GetRunId(), "daily_reset.json")
}

// firstWorkflowTaskCompleted is the event a reset "to the first workflow
// task" names, as `temporal workflow reset --type FirstWorkflowTask` does.
func firstWorkflowTaskCompleted(t *testing.T, s *stack, id, runID string) int64 {
	t.Helper()
	for _, e := range history(t, s.c, id, runID) {
		if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED {
			return e.GetEventId()
		}
	}
	t.Fatalf("%s has no completed workflow task", id)
	return 0
}
