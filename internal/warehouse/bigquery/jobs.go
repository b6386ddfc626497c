package bigquery

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

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

// Status polling: a statement takes from tens of milliseconds to seconds.
const (
	pollFirst = 20 * time.Millisecond
	pollMax   = 2 * time.Second
)

// jobConfig is the job ID and labels of a job of kind. The ID is nbaflow's
// own, not the client's: a retried insert that finds its job already there
// (409) can then attach to it, and a query with an ID never takes the
// client's stateless fast path (jobs.query), whose job a caller that gives
// up could not cancel.
func jobConfig(kind string) (bq.JobIDConfig, map[string]string) {
	var b [8]byte
	rand.Read(b[:]) //nolint:errcheck // crypto/rand.Read never fails
	return bq.JobIDConfig{JobID: "nbaflow_" + kind + "_" + hex.EncodeToString(b[:])},
		map[string]string{"app": "nbaflow", "step": kind}
}

// query returns the job configuration of q.
func (w *Warehouse) query(q warehouse.Query, kind string) (*bq.Query, error) {
	params, err := parameters(q)
	if err != nil {
		return nil, err
	}
	bqq := w.client.Query(q.Text)
	bqq.Parameters = params
	bqq.Location = w.location
	bqq.JobIDConfig, bqq.Labels = jobConfig(kind)
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
		job, err = w.attach(ctx, bqq.JobIDConfig.JobID, err)
	}
	if err != nil {
		return nil, err
	}
	return wait(ctx, job)
}

// attach returns the job of id when inserting it failed only because an
// earlier attempt of the client's own retries had inserted it.
func (w *Warehouse) attach(ctx context.Context, id string, insertErr error) (*bq.Job, error) {
	var apiErr *googleapi.Error
	if !errors.As(insertErr, &apiErr) || apiErr.Code != http.StatusConflict {
		return nil, classify(fmt.Errorf("insert job %s: %w", id, insertErr))
	}
	job, err := w.client.JobFromIDLocation(ctx, id, w.location)
	if err != nil {
		return nil, classify(fmt.Errorf("job %s, inserted by a retry: %w", id, err))
	}
	return job, nil
}

// wait polls job until it ends and checks how it ended. It polls the job's
// status itself: the client's own wait keeps polling a query that failed
// with a retryable reason until the context ends. A caller that gives up (a
// cancelled activity) cancels the job too: BigQuery would otherwise run it
// to its end, and a statement that lands after its caller gave up is a
// write nobody accounts for.
func wait(ctx context.Context, job *bq.Job) (*bq.Job, error) {
	for delay := pollFirst; ; delay = min(delay*3/2, pollMax) {
		status, err := job.Status(ctx)
		switch {
		case ctx.Err() != nil:
			return nil, cancelJob(ctx, job)
		case err != nil:
			return nil, classify(fmt.Errorf("job %s: %w", job.ID(), err))
		case status.Done() && status.Err() != nil:
			return nil, classify(fmt.Errorf("job %s: %w", job.ID(), status.Err()))
		case status.Done():
			return job, nil
		}
		select {
		case <-ctx.Done():
			return nil, cancelJob(ctx, job)
		case <-time.After(delay):
		}
	}
}

// cancelJob asks BigQuery to cancel the job of a caller whose context ended,
// and returns the context's error.
func cancelJob(ctx context.Context, job *bq.Job) error {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cancelTimeout)
	defer cancel()
	if err := job.Cancel(cctx); err != nil {
		return fmt.Errorf("job %s: %w (and cancelling it failed: %v)", job.ID(), ctx.Err(), err)
	}
	return fmt.Errorf("job %s cancelled: %w", job.ID(), ctx.Err())
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
