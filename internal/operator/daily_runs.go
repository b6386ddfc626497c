package operator

import (
	"context"
	"fmt"
	"time"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"

	"nbaflow/workflows"
)

// DailyRun is one daily run that visibility holds for a date.
type DailyRun struct {
	Date   civil.Date
	Status enumspb.WorkflowExecutionStatus
	// Closed is when the run closed; zero while it runs.
	Closed time.Time
}

// Failed reports whether the run ended without committing its date: it
// failed, timed out or was terminated. A cancelled run was stopped on
// purpose and is not a failure of the date.
func (r DailyRun) Failed() bool {
	switch r.Status {
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED, enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
		enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		return true
	}
	return false
}

// DailyRuns returns the daily runs of dates that visibility holds, in any
// state and under any workflow ID (manual, scheduled or a backfill's), found
// by their NbaGameDate. A scheduled run that never reached a worker has no
// NbaGameDate yet and is not among them.
func (o *Operator) DailyRuns(ctx context.Context, dates []civil.Date) ([]DailyRun, error) {
	if len(dates) == 0 {
		return nil, nil
	}
	query := datesRunQuery(dates)
	listed, err := o.listExecutions(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list the daily runs of %s to %s (query %s): %w", dates[0], dates[len(dates)-1], query, err)
	}
	var runs []DailyRun
	for _, info := range listed {
		var date string
		if p, ok := info.GetSearchAttributes().GetIndexedFields()[workflows.GameDateKey.GetName()]; ok {
			if err := dataConverter.FromPayload(p, &date); err != nil {
				return nil, fmt.Errorf("NbaGameDate of %s: %w", info.GetExecution().GetWorkflowId(), err)
			}
		}
		d, err := civil.ParseDate(date)
		if err != nil {
			continue
		}
		r := DailyRun{Date: d, Status: info.GetStatus()}
		if info.GetCloseTime() != nil {
			r.Closed = info.GetCloseTime().AsTime()
		}
		runs = append(runs, r)
	}
	return runs, nil
}
