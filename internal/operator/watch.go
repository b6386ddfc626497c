package operator

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"nbaflow/workflows"
)

// Progress is the answer of a run's "progress" query: one of the two.
type Progress struct {
	Type     string                      `json:"type"`
	Daily    *workflows.DailyProgress    `json:"daily,omitempty"`
	Backfill *workflows.BackfillProgress `json:"backfill,omitempty"`
}

// Status is a run's type and state.
type Status struct {
	Run
	Type    string
	Running bool
	State   string // RUNNING, COMPLETED, FAILED, ...
}

// Describe reads the type and state of the latest run of a workflow ID.
func (o *Operator) Describe(ctx context.Context, workflowID string) (Status, error) {
	d, err := o.Client.DescribeWorkflow(ctx, workflowID, "")
	if err != nil {
		return Status{}, fmt.Errorf("describe %s: %w", workflowID, err)
	}
	return Status{
		Run:     Run{WorkflowID: workflowID, RunID: d.WorkflowExecution.RunID},
		Type:    d.WorkflowType.Name,
		Running: d.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING,
		State:   d.Status.String(),
	}, nil
}

// QueryProgress asks a run of the given type for its progress.
func (o *Operator) QueryProgress(ctx context.Context, workflowID, workflowType string) (Progress, error) {
	v, err := o.Client.QueryWorkflow(ctx, workflowID, "", workflows.ProgressQuery)
	if err != nil {
		return Progress{}, fmt.Errorf("query %s progress: %w", workflowID, err)
	}
	p := Progress{Type: workflowType}
	switch workflowType {
	case workflows.DailyWorkflowName:
		p.Daily = &workflows.DailyProgress{}
		err = v.Get(p.Daily)
	case workflows.BackfillWorkflowName:
		p.Backfill = &workflows.BackfillProgress{}
		err = v.Get(p.Backfill)
	default:
		return p, fmt.Errorf("%s is a %s, not a daily run or a backfill", workflowID, workflowType)
	}
	return p, err
}

// Watch calls show with the run's progress every interval until the run
// closes, then returns. A failed query of a run that has just closed is
// not an error: the result tells the rest.
func (o *Operator) Watch(ctx context.Context, workflowID string, every time.Duration, show func(Progress)) error {
	for {
		st, err := o.Describe(ctx, workflowID)
		if err != nil {
			return err
		}
		if !st.Running {
			return nil
		}
		if p, err := o.QueryProgress(ctx, workflowID, st.Type); err == nil {
			show(p)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}

// Result is a closed run's result: one of the two.
type Result struct {
	Type     string                    `json:"type"`
	Daily    *workflows.DailyResult    `json:"daily,omitempty"`
	Backfill *workflows.BackfillResult `json:"backfill,omitempty"`
}

// ErrRunning is returned for the result of a run that has not closed.
var ErrRunning = errors.New("the run is still in progress")

// Result waits for and decodes a run's result; with wait false it returns
// ErrRunning for a run in progress. A run that failed returns its error.
func (o *Operator) Result(ctx context.Context, workflowID string, wait bool) (Result, error) {
	st, err := o.Describe(ctx, workflowID)
	if err != nil {
		return Result{}, err
	}
	if st.Running && !wait {
		return Result{Type: st.Type}, ErrRunning
	}
	res := Result{Type: st.Type}
	var out any
	switch st.Type {
	case workflows.DailyWorkflowName:
		res.Daily = &workflows.DailyResult{}
		out = res.Daily
	case workflows.BackfillWorkflowName:
		res.Backfill = &workflows.BackfillResult{}
		out = res.Backfill
	default:
		return res, fmt.Errorf("%s is a %s, not a daily run or a backfill", workflowID, st.Type)
	}
	if err := o.Client.GetWorkflow(ctx, workflowID, "").Get(ctx, out); err != nil {
		return res, fmt.Errorf("%s %s: %w", st.Type, workflowID, err)
	}
	return res, nil
}
