package bqtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"nbaflow/internal/warehouse/bigquery/bqtest"
)

// newClient returns a client of srv.
func newClient(t *testing.T, srv *bqtest.Server) *bigquery.Client {
	t.Helper()
	c, err := bigquery.NewClient(context.Background(), srv.Project(), srv.ClientOptions()...)
	if err != nil {
		t.Fatalf("bigquery.NewClient: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// newServer returns a server with opts and a client of it, with the
// dataset ds and its table ds.t (a DATE-partitioned table of two columns).
func newServer(t *testing.T, opts bqtest.Options) (*bqtest.Server, *bigquery.Client) {
	t.Helper()
	srv := bqtest.NewServer(t, opts)
	srv.CreateDataset("ds", 0)
	srv.CreateTable("ds", "t", bqtest.TableSpec{
		Schema:       []bqtest.Field{{Name: "d", Type: "DATE"}, {Name: "n", Type: "INT64"}},
		Partitioning: &bqtest.Partitioning{Type: "DAY", Field: "d"},
	})
	return srv, newClient(t, srv)
}

// start inserts the query job sql with params, by name and value.
func start(t *testing.T, c *bigquery.Client, sql string, params ...any) *bigquery.Job {
	t.Helper()
	q := c.Query(sql)
	for i := 0; i+1 < len(params); i += 2 {
		q.Parameters = append(q.Parameters, bigquery.QueryParameter{Name: params[i].(string), Value: params[i+1]})
	}
	j, err := q.Run(context.Background())
	if err != nil {
		t.Fatalf("run %q: %v", sql, err)
	}
	return j
}

// wait waits for j and returns its error, from Wait (a failed query job's
// error comes from jobs.getQueryResults) or from its status.
func wait(t *testing.T, j *bigquery.Job) error {
	t.Helper()
	st, err := j.Wait(context.Background())
	if err != nil {
		return err
	}
	return st.Err()
}

// reason is the error reason of err, a *googleapi.Error or a
// *bigquery.Error; "" for nil.
func reason(err error) string {
	var g *googleapi.Error
	var b *bigquery.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &g) && len(g.Errors) > 0:
		return g.Errors[0].Reason
	case errors.As(err, &b):
		return b.Reason
	}
	return "unstructured: " + err.Error()
}

// wantErr fails t unless err has reason and a message containing msg, or
// unless err is nil when reasonWant is empty.
func wantErr(t *testing.T, err error, reasonWant, msg string) {
	t.Helper()
	if got := reason(err); got != reasonWant || err != nil && !strings.Contains(err.Error(), msg) {
		t.Errorf("error = %v (reason %q), want reason %q with %q", err, got, reasonWant, msg)
	}
}

// states counts the jobs of srv by state.
func states(srv *bqtest.Server) map[string]int {
	out := map[string]int{}
	for _, j := range srv.Jobs() {
		out[j.State]++
	}
	return out
}
