package bigquery

import (
	"context"
	"fmt"
	"time"

	bq "cloud.google.com/go/bigquery"

	"nbaflow/internal/warehouse"
)

// Job kinds: the step a job belongs to, which starts its ID
// (nbaflow_commit_...) and labels it, so that an operator can tell
// nbaflow's jobs apart in the BigQuery console and INFORMATION_SCHEMA.
const (
	jobRead    = "read"
	jobStage   = "stage"
	jobCommit  = "commit"
	jobLoad    = "load"
	jobSchema  = "schema"
	jobSession = "session"
)

// cancelTimeout bounds the request that cancels a job whose caller gave up.
const cancelTimeout = 10 * time.Second

// query returns the job configuration of q. A job ID of nbaflow's own also
// keeps the client off its stateless fast path (jobs.query), whose jobs a
// cancelled caller could not cancel.
func (w *Warehouse) query(q warehouse.Query, kind string) (*bq.Query, error) {
	params, err := parameters(q)
	if err != nil {
		return nil, err
	}
	bqq := w.client.Query(q.Text)
	bqq.Parameters = params
	bqq.Location = w.location
	bqq.JobIDConfig = bq.JobIDConfig{JobID: "nbaflow_" + kind, AddJobIDSuffix: true}
	bqq.Labels = map[string]string{"app": "nbaflow", "step": kind}
	return bqq, nil
}

// run runs q (a statement or a script) to completion.
func (w *Warehouse) run(ctx context.Context, q warehouse.Query, kind string, props ...*bq.ConnectionProperty) (*bq.Job, error) {
	bqq, err := w.query(q, kind)
	if err != nil {
		return nil, err
	}
	bqq.ConnectionProperties = props
	job, err := bqq.Run(ctx)
	if err != nil {
		return nil, classify(err)
	}
	return wait(ctx, job)
}

// wait waits for job and checks how it ended. A caller that gives up (a
// cancelled activity) cancels the job too: BigQuery would otherwise run it
// to its end, and a statement that lands after its caller gave up is a
// write nobody accounts for.
func wait(ctx context.Context, job *bq.Job) (*bq.Job, error) {
	status, err := job.Wait(ctx)
	if err != nil {
		if ctx.Err() != nil {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cancelTimeout)
			defer cancel()
			if cerr := job.Cancel(cctx); cerr != nil {
				return nil, fmt.Errorf("job %s: %w (and cancelling it failed: %v)", job.ID(), ctx.Err(), cerr)
			}
			return nil, fmt.Errorf("job %s cancelled: %w", job.ID(), ctx.Err())
		}
		return nil, classify(fmt.Errorf("job %s: %w", job.ID(), err))
	}
	if err := status.Err(); err != nil {
		return nil, classify(fmt.Errorf("job %s: %w", job.ID(), err))
	}
	return job, nil
}

// read runs a query job and returns its rows.
func (w *Warehouse) read(ctx context.Context, q warehouse.Query) (*bq.RowIterator, error) {
	job, err := w.run(ctx, q, jobRead)
	if err != nil {
		return nil, err
	}
	it, err := job.Read(ctx)
	if err != nil {
		return nil, classify(fmt.Errorf("results of job %s: %w", job.ID(), err))
	}
	return it, nil
}
