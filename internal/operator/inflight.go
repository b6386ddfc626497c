package operator

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"cloud.google.com/go/civil"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"

	"nbaflow/workflows"
)

// dailyInFlight finds the daily run of date that is in flight under any
// workflow ID: a manual run (nba-daily-DATE), a run of the nba-daily
// Schedule (nba-daily plus its scheduled time) or a backfill's child
// (BACKFILL-DATE). Of several, it returns the most recently started; ok is
// false when there is none.
//
// It finds a run through its NbaGameDate search attribute. Manual runs and
// backfill children carry it from their start. A scheduled run computes
// its date inside the workflow, so it is found only once its first workflow
// task has upserted NbaGameDate: until a worker has picked it up, it is
// invisible here. Visibility also lags a start by a moment, so two
// operators starting the same date at once may still both start a run.
func (o *Operator) dailyInFlight(ctx context.Context, date civil.Date) (r Run, ok bool, err error) {
	query := dailyInFlightQuery(date)
	listed, err := o.listExecutions(ctx, query)
	if err != nil {
		return Run{}, false, fmt.Errorf("list the daily runs of %s in flight (query %s): %w", date, query, err)
	}
	slices.SortFunc(listed, func(a, b *workflowpb.WorkflowExecutionInfo) int {
		return b.GetStartTime().AsTime().Compare(a.GetStartTime().AsTime())
	})
	// Visibility lags a close too: ask each run itself, so that a run that
	// has just finished is not attached to in place of starting a new one.
	for _, info := range listed {
		exec := info.GetExecution()
		if r, ok, err := o.runningExecution(ctx, exec.GetWorkflowId(), exec.GetRunId()); err != nil || ok {
			return r, ok, err
		}
	}
	return Run{}, false, nil
}

// listExecutions returns every execution a visibility query matches.
func (o *Operator) listExecutions(ctx context.Context, query string) ([]*workflowpb.WorkflowExecutionInfo, error) {
	req := &workflowservice.ListWorkflowExecutionsRequest{Namespace: o.Namespace, Query: query}
	var all []*workflowpb.WorkflowExecutionInfo
	for {
		resp, err := o.Client.ListWorkflow(ctx, req)
		if err != nil {
			return nil, err
		}
		all = append(all, resp.GetExecutions()...)
		if req.NextPageToken = resp.GetNextPageToken(); len(req.NextPageToken) == 0 {
			return all, nil
		}
	}
}

// dailyInFlightQuery is the visibility query for the running daily runs of
// a date. The server's SQL-like query language has no bound parameters, so
// every value goes through queryString.
func dailyInFlightQuery(date civil.Date) string {
	return fmt.Sprintf("WorkflowType = %s AND ExecutionStatus = %s AND %s = %s",
		queryString(workflows.DailyWorkflowName), queryString("Running"),
		workflows.GameDateKey.GetName(), queryString(date.String()))
}

// queryStringEscaper escapes backslashes as well as quotes: a value ending
// in a backslash would otherwise escape the closing quote.
var queryStringEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

// queryString is s as a single-quoted string literal of a visibility query.
func queryString(s string) string {
	return "'" + queryStringEscaper.Replace(s) + "'"
}
