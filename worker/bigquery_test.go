package main

import (
	"io"
	"testing"
	"time"

	"nbaflow/internal/warehouse/bigquery/bqtest"
)

// TestWorkerRefusesABigQueryWithoutItsSchema: a worker pointed at a project
// whose tables were never created (or have drifted) stops at start with one
// message listing what differs, before it takes any work.
func TestWorkerRefusesABigQueryWithoutItsSchema(t *testing.T) {
	srv := bqtest.NewServer(t, bqtest.Options{QueryLatency: time.Millisecond})
	temporal := server.Server(t)
	stop := make(chan any)
	timer := time.AfterFunc(20*time.Second, func() { close(stop) }) // a worker that started would run until then, and exit 0
	defer timer.Stop()
	code := run([]string{"WAREHOUSE=bigquery", "BIGQUERY_PROJECT=" + srv.Project(), "BIGQUERY_ENDPOINT=" + srv.URL + "/bigquery/v2/",
		"TEMPORAL_ADDRESS=" + temporal.FrontendHostPort(), "METRICS_ADDR=off", "LOG_LEVEL=error"}, io.Discard, stop)
	if code != exitFailure {
		t.Errorf("exit %d, want %d: the worker must not start on tables that are not there", code, exitFailure)
	}
}
