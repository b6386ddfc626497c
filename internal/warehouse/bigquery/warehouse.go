// Package bigquery is the production warehouse: the tables of the registry in
// the datasets nba_raw, nba_analytics, nba_precompute, nba_processing and
// nba_orchestration of one Google Cloud project. It authenticates with
// application default credentials, passes every value as a query parameter,
// stages rows with DML into staging tables and commits each (run, processor,
// date) with one multi-statement transaction around a MERGE.
//
// No BigQuery emulator can run here: the query text, parameters and row
// mapping are tested offline, and the contract suite runs against a real
// project when BIGQUERY_TEST_PROJECT is set.
package bigquery

import (
	"context"
	"errors"
	"fmt"
	"time"

	bq "cloud.google.com/go/bigquery"

	"nbaflow/internal/warehouse"
)

// Warehouse is the BigQuery backend of warehouse.Warehouse.
type Warehouse struct {
	warehouse.Reads
	client   *bq.Client
	dialect  Dialect
	location string
	now      func() time.Time
}

var _ warehouse.Warehouse = (*Warehouse)(nil)

// Open connects to project in location with application default
// credentials. It creates nothing: see EnsureSchema.
func Open(ctx context.Context, project, location string) (*Warehouse, error) {
	return OpenSuffixed(ctx, project, location, "")
}

// OpenSuffixed is Open with every dataset name suffixed by "_"+suffix (when
// suffix is not empty), so that tests can use datasets of their own.
func OpenSuffixed(ctx context.Context, project, location, suffix string) (*Warehouse, error) {
	if project == "" || location == "" {
		return nil, errors.New("bigquery: open: project and location are required")
	}
	client, err := bq.NewClient(ctx, project)
	if err != nil {
		return nil, fmt.Errorf("bigquery: open project %s: %w", project, err)
	}
	client.Location = location
	w := &Warehouse{client: client, dialect: Dialect{Suffix: suffix}, location: location, now: time.Now}
	w.Reads = warehouse.Reads{R: reader{w}, D: w.dialect}
	return w, nil
}

// Close implements warehouse.Warehouse.
func (w *Warehouse) Close() error { return w.client.Close() }

// query returns the job configuration of q.
func (w *Warehouse) query(q warehouse.Query) (*bq.Query, error) {
	params, err := parameters(q)
	if err != nil {
		return nil, err
	}
	bqq := w.client.Query(q.Text)
	bqq.Parameters = params
	bqq.Location = w.location
	return bqq, nil
}

// run runs q (a statement or a script) to completion.
func (w *Warehouse) run(ctx context.Context, q warehouse.Query, props ...*bq.ConnectionProperty) (*bq.Job, error) {
	bqq, err := w.query(q)
	if err != nil {
		return nil, err
	}
	bqq.ConnectionProperties = props
	job, err := bqq.Run(ctx)
	if err != nil {
		return nil, err
	}
	status, err := job.Wait(ctx)
	if err != nil {
		return nil, err
	}
	if err := status.Err(); err != nil {
		return nil, err
	}
	return job, nil
}
