// Package bigquery is the production warehouse: the tables of the registry in
// the datasets nba_raw, nba_analytics, nba_precompute, nba_processing,
// nba_orchestration and nba_staging of one Google Cloud project. It
// authenticates with application default credentials and passes every value
// as a query parameter.
//
// Its writes are shaped by BigQuery's rules for concurrent writers: a run
// stages by load jobs into tables of its own (staging.go), never by DML into
// a shared table; a commit is a sequence of single statements, one MERGE per
// table restricted to the date's partition and fenced in its source, never
// a multi-statement transaction, which BigQuery would cancel beside another
// (commit.go); errors that retrying can overcome are told apart from those
// it cannot (errors.go); and a caller that gives up cancels its job
// (jobs.go).
//
// No BigQuery emulator can run here. The query text, parameters and row
// mapping are tested offline, the orchestration on the wire against
// package bqtest, a server that speaks the client's REST subset and enforces
// BigQuery's concurrency rules; the contract suite runs against a real
// project when BIGQUERY_TEST_PROJECT is set.
package bigquery

import (
	"context"
	"errors"
	"fmt"
	"time"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/option"

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
// credentials, or as opts say. It creates nothing: see EnsureSchema.
func Open(ctx context.Context, project, location string, opts ...option.ClientOption) (*Warehouse, error) {
	return OpenSuffixed(ctx, project, location, "", opts...)
}

// OpenSuffixed is Open with every dataset name suffixed by "_"+suffix (when
// suffix is not empty), so that tests can use datasets of their own.
func OpenSuffixed(ctx context.Context, project, location, suffix string, opts ...option.ClientOption) (*Warehouse, error) {
	if project == "" || location == "" {
		return nil, errors.New("bigquery: open: project and location are required")
	}
	client, err := bq.NewClient(ctx, project, opts...)
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
