package operator

import (
	"context"
	"fmt"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/converter"

	"nbaflow/workflows"
)

// Retry is a backfill that re-runs the failed dates of another.
type Retry struct {
	Run
	// Failed are the dates the original reported failed, with why;
	// NotStarted the dates a stopped original did not start.
	Failed     []workflows.FailedDate
	NotStarted []civil.Date
	// Original is the input of the original's latest run: the settings
	// the retry keeps.
	Original workflows.BackfillInput
	// Input is the retry's: Original over the failed dates, with the
	// caller's overrides.
	Input workflows.BackfillInput
}

// RetryFailed re-runs the dates a finished backfill reported failed (and
// those a stopped one did not start), as a
// new backfill named after it (ID-retry-N) with the settings the backfill
// ran with (workflows.BackfillInput.Retry): a retry of a retry keeps them
// too, since its input carries them. override, when not nil, changes the
// retry's input before it starts. When the backfill reported no failed
// dates, nothing is started and the Retry's Run is empty.
func (o *Operator) RetryFailed(ctx context.Context, backfillID string, override func(*workflows.BackfillInput)) (Retry, error) {
	orig, err := o.BackfillInput(ctx, backfillID)
	if err != nil {
		return Retry{}, err
	}
	var res workflows.BackfillResult
	if err := o.Client.GetWorkflow(ctx, backfillID, "").Get(ctx, &res); err != nil {
		return Retry{}, fmt.Errorf("result of backfill %s: %w", backfillID, err)
	}
	r := Retry{Failed: res.Failed, NotStarted: res.NotStarted, Original: orig}
	if len(res.Failed)+len(res.NotStarted) == 0 {
		return r, nil
	}
	var dates []string
	for _, f := range res.Failed {
		dates = append(dates, f.Date.String())
	}
	for _, d := range res.NotStarted {
		dates = append(dates, d.String())
	}
	r.Input = orig.Retry(dates)
	if override != nil {
		override(&r.Input)
	}
	id, err := o.nextRetryID(ctx, backfillID)
	if err != nil {
		return r, err
	}
	r.Run, err = o.startBackfill(ctx, id, fmt.Sprintf("Retry of %d failed dates of %s", len(dates), backfillID), r.Input)
	return r, err
}

// dataConverter decodes payloads: the CLI's client has the default one.
var dataConverter = converter.GetDefaultDataConverter()

// BackfillInput reads the input of a backfill's latest run from its first
// history event. A run continued as new carries its progress in Carried
// and the defaults it settled (dates in flight, dates per run) as set.
func (o *Operator) BackfillInput(ctx context.Context, backfillID string) (workflows.BackfillInput, error) {
	var in workflows.BackfillInput
	first, err := o.Client.GetWorkflowHistory(ctx, backfillID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT).Next()
	if err != nil {
		return in, fmt.Errorf("history of backfill %s: %w", backfillID, err)
	}
	started := first.GetWorkflowExecutionStartedEventAttributes()
	if typ := started.GetWorkflowType().GetName(); typ != workflows.BackfillWorkflowName {
		return in, fmt.Errorf("%s is a %q, not a backfill", backfillID, typ)
	}
	if err := dataConverter.FromPayloads(started.GetInput(), &in); err != nil {
		return in, fmt.Errorf("input of backfill %s: %w", backfillID, err)
	}
	return in, nil
}

// nextRetryID is the first ID-retry-N that no workflow has used.
func (o *Operator) nextRetryID(ctx context.Context, backfillID string) (string, error) {
	for n := 1; n < 1000; n++ {
		id := fmt.Sprintf("%s-retry-%d", backfillID, n)
		_, err := o.Client.DescribeWorkflow(ctx, id, "")
		if err != nil {
			if IsNotFound(err) {
				return id, nil
			}
			return "", fmt.Errorf("describe %s: %w", id, err)
		}
	}
	return "", fmt.Errorf("backfill %s has been retried 999 times", backfillID)
}
