package operator

import (
	"context"
	"errors"
	"fmt"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"nbaflow/workflows"
)

// StartDaily starts the daily run of a date under its business key
// nba-daily-DATE. A finished run of the same date may be run again (the
// commit then reports unchanged rows); a run of the date in flight under
// any workflow ID (see dailyInFlight) is returned with Existing set and
// nothing is started.
func (o *Operator) StartDaily(ctx context.Context, date civil.Date, in workflows.DailyInput) (Run, error) {
	if r, ok, err := o.dailyInFlight(ctx, date); err != nil || ok {
		return r, err
	}
	in.GameDate = date.String()
	if in.RunKind == "" {
		in.RunKind = workflows.RunManual
	}
	opts := client.StartWorkflowOptions{
		ID:                       workflows.DailyWorkflowID(date),
		TaskQueue:                o.TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			workflows.GameDateKey.ValueSet(date.String()), workflows.RunKindKey.ValueSet(in.RunKind)),
		StaticSummary: fmt.Sprintf("Daily %s (%s)", date, in.RunKind),
	}
	return o.start(ctx, opts, workflows.DailyWorkflowName, in)
}

// StartBackfill starts a backfill over [from, to] under its business key
// nba-backfill-FROM_TO, or joins it when it is in progress.
func (o *Operator) StartBackfill(ctx context.Context, from, to civil.Date, in workflows.BackfillInput) (Run, error) {
	if to.Before(from) {
		return Run{}, fmt.Errorf("backfill from %s to %s: the end is before the start", from, to)
	}
	in.StartDate, in.EndDate = from.String(), to.String()
	return o.startBackfill(ctx, workflows.BackfillWorkflowID(from, to), fmt.Sprintf("Backfill %s to %s", from, to), in)
}

func (o *Operator) startBackfill(ctx context.Context, id, summary string, in workflows.BackfillInput) (Run, error) {
	opts := client.StartWorkflowOptions{
		ID:                       id,
		TaskQueue:                o.TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes:    temporal.NewSearchAttributes(workflows.RunKindKey.ValueSet(workflows.RunBackfill)),
		StaticSummary:            summary,
	}
	return o.start(ctx, opts, workflows.BackfillWorkflowName, in)
}

// start starts a workflow, or joins the execution of the same ID that is
// already running (the conflict policy makes a race between two operators
// join too).
func (o *Operator) start(ctx context.Context, opts client.StartWorkflowOptions, workflowType string, input any) (Run, error) {
	if r, ok, err := o.runningExecution(ctx, opts.ID, ""); err != nil || ok {
		return r, err
	}
	run, err := o.Client.ExecuteWorkflow(ctx, opts, workflowType, input)
	if err != nil {
		return Run{}, fmt.Errorf("start %s %s: %w", workflowType, opts.ID, err)
	}
	return Run{WorkflowID: run.GetID(), RunID: run.GetRunID()}, nil
}

// runningExecution returns an execution (the latest of the workflow ID when
// runID is empty) as an existing Run when it is running; ok is false when it
// has closed or does not exist.
func (o *Operator) runningExecution(ctx context.Context, workflowID, runID string) (r Run, ok bool, err error) {
	desc, err := o.Client.DescribeWorkflow(ctx, workflowID, runID)
	switch {
	case IsNotFound(err):
		return Run{}, false, nil
	case err != nil:
		return Run{}, false, fmt.Errorf("describe %s: %w", workflowID, err)
	}
	if desc.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		return Run{}, false, nil
	}
	return Run{WorkflowID: workflowID, RunID: desc.WorkflowExecution.RunID, Existing: true}, true, nil
}

// IsNotFound reports a Temporal "not found" error: no such workflow,
// run or Schedule.
func IsNotFound(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}
