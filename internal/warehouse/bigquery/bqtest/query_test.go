package bqtest_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"
	"google.golang.org/api/iterator"

	"nbaflow/internal/warehouse/bigquery/bqtest"
)

func TestQueryRowsReadBack(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	srv, c := newServer(t, bqtest.Options{Answer: func(q bqtest.QueryJob) bqtest.Answer {
		return bqtest.Answer{
			Schema: []bqtest.Field{{Name: "name", Type: "STRING"}, {Name: "n", Type: "INT64"}, {Name: "at", Type: "TIMESTAMP"},
				{Name: "d", Type: "DATE"}, {Name: "tags", Type: "STRING", Mode: "REPEATED"}},
			Rows: [][]any{{"a", 1, at, civil.Date{Year: 2024, Month: 1, Day: 2}, []any{"x", "y"}}, {"b", nil, nil, nil, nil}, {"c", 3, at, nil, []any{}}},
		}
	}})
	q := c.Query("SELECT name, n, at, d, tags FROM `ds.t` WHERE d = @d")
	q.Parameters = []bigquery.QueryParameter{{Name: "d", Value: civil.Date{Year: 2024, Month: 1, Day: 2}}}
	q.JobID, q.AddJobIDSuffix, q.Labels = "read", true, map[string]string{"run": "r1"}
	job, err := q.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	it, err := job.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	it.PageInfo().MaxSize = 2 // two pages
	var got [][]bigquery.Value
	for {
		var row []bigquery.Value
		err := it.Next(&row)
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row)
	}
	want := [][]bigquery.Value{
		{"a", int64(1), at, civil.Date{Year: 2024, Month: 1, Day: 2}, []bigquery.Value{"x", "y"}},
		{"b", nil, nil, nil, []bigquery.Value(nil)},
		{"c", int64(3), at, nil, []bigquery.Value(nil)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	rec, ok := srv.Job(job.ID())
	if !ok {
		t.Fatalf("no job %s", job.ID())
	}
	wantRec := bqtest.Job{ID: job.ID(), IDPrefix: "read", Location: "US", Kind: bqtest.KindQuery, Labels: map[string]string{"run": "r1"},
		SQL: q.Q, Params: []bqtest.Param{{Name: "d", Type: "DATE", Value: "2024-01-02"}}, StatementType: "SELECT",
		Statements: []bqtest.Statement{{Kind: bqtest.SelectStmt, Text: q.Q, Reads: []string{"ds.t"}}}, Reads: []string{"ds.t"}, State: "DONE"}
	rec.Created, rec.Started, rec.Ended = time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(rec, wantRec) {
		t.Errorf("job record\n got %+v\nwant %+v", rec, wantRec)
	}
}

func TestDMLStatistics(t *testing.T) {
	stats := bqtest.DMLStats{Inserted: 3, Updated: 2, Deleted: 1}
	for _, tc := range []struct {
		name, sql string
		want      *bigquery.DMLStatistics
		wantType  string
	}{
		{"merge", "MERGE `ds.t` T USING `ds.t` S ON T.n = S.n WHEN MATCHED THEN UPDATE SET n = S.n WHEN NOT MATCHED THEN INSERT ROW",
			&bigquery.DMLStatistics{InsertedRowCount: 3, UpdatedRowCount: 2, DeletedRowCount: 1}, "MERGE"},
		{"insert", "INSERT INTO `ds.t` (d, n) VALUES ('2024-01-01', 1)",
			&bigquery.DMLStatistics{InsertedRowCount: 3, UpdatedRowCount: 2, DeletedRowCount: 1}, "INSERT"},
		{"script carries none", "BEGIN TRANSACTION; DELETE FROM `ds.t` WHERE TRUE; COMMIT TRANSACTION", nil, "SCRIPT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newServer(t, bqtest.Options{Answer: func(bqtest.QueryJob) bqtest.Answer { return bqtest.Answer{DML: stats} }})
			job := start(t, c, tc.sql)
			if err := wait(t, job); err != nil {
				t.Fatal(err)
			}
			qs := job.LastStatus().Statistics.Details.(*bigquery.QueryStatistics)
			if !reflect.DeepEqual(qs.DMLStats, tc.want) || qs.StatementType != tc.wantType {
				t.Errorf("DMLStats = %+v, StatementType %s; want %+v, %s", qs.DMLStats, qs.StatementType, tc.want, tc.wantType)
			}
		})
	}
}

func TestUnknownTablesFailNotFound(t *testing.T) {
	for _, tc := range []struct{ name, sql, msg string }{
		{"read", "SELECT * FROM `ds.nope`", "Not found: Table test-project:ds.nope was not found in location US"},
		{"with project", "SELECT * FROM `test-project.ds.nope`", "Not found: Table test-project:ds.nope was not found in location US"},
		{"dataset", "SELECT * FROM `nods.t`", "Not found: Dataset test-project:nods"},
		{"wildcard", "SELECT * FROM `ds.x_*`", "Not found: Table test-project:ds.x_* was not found in location US"},
		{"merge target", "MERGE `ds.gone` T USING `ds.t` S ON TRUE WHEN MATCHED THEN DELETE", "Not found: Table test-project:ds.gone was not found"},
		{"drop", "DROP TABLE `ds.gone`", "Not found: Table test-project:ds.gone was not found"},
		{"dropped earlier in the script", "DROP TABLE `ds.t`; SELECT * FROM `ds.t`", "Not found: Table test-project:ds.t was not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newServer(t, bqtest.Options{})
			wantErr(t, wait(t, start(t, c, tc.sql)), "notFound", tc.msg)
		})
	}
}

func TestQueryParametersMustMatchTheText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sql    string
		params []any
		msg    string
	}{
		{"undeclared", "SELECT * FROM `ds.t` WHERE d = @d", nil, "Query parameter 'd' not found at [1:32]"},
		{"unused", "SELECT 1", []any{"d", "x"}, "Query parameter 'd' is not used"},
		{"bad date", "SELECT @d", []any{"d", bigquery.NullDate{Valid: true}}, "invalid DATE value '0000-00-00'"},
		{"inside a string is no use", "SELECT '@d'", []any{"d", 1}, "Query parameter 'd' is not used"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newServer(t, bqtest.Options{})
			wantErr(t, wait(t, start(t, c, tc.sql, tc.params...)), "invalidQuery", tc.msg)
		})
	}
}

func TestFailNextAndRejectNext(t *testing.T) {
	srv, c := newServer(t, bqtest.Options{})
	isMerge := func(j bqtest.Job) bool { return len(j.Statements) > 0 && j.Statements[0].Kind == bqtest.MergeStmt }
	srv.FailNext(isMerge, 1, "invalidQuery", "scripted failure")
	merge := "MERGE `ds.t` T USING `ds.t` S ON T.n = S.n WHEN MATCHED THEN DELETE"
	wantErr(t, wait(t, start(t, c, "SELECT 1")), "", "")
	wantErr(t, wait(t, start(t, c, merge)), "invalidQuery", "scripted failure")
	wantErr(t, wait(t, start(t, c, merge)), "", "")

	// The client retries a query's Wait while the job's reason is a
	// retryable one: only the context ends it.
	srv.FailNext(isMerge, 1, "backendError", "Error encountered during execution. Retrying may solve the problem.")
	job := start(t, c, merge)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := job.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait of a job failed with backendError = %v, want the context's deadline", err)
	}
	st, err := job.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, st.Err(), "backendError", "Retrying may solve")

	// A rejected insert is retried by the client itself, with the same job ID.
	srv.RejectNext(isMerge, 1, "rateLimitExceeded", "Exceeded rate limits: too many table update operations for this table")
	job = start(t, c, merge)
	wantErr(t, wait(t, job), "", "")
	if n := len(srv.Jobs()); n != 5 {
		t.Errorf("%d jobs recorded, want 5 (a rejected insert is not one)", n)
	}
}

func TestCancel(t *testing.T) {
	srv, c := newServer(t, bqtest.Options{})
	srv.Pause()
	job := start(t, c, "SELECT 1")

	// A context that ends while Wait waits ends Wait, not the job.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := job.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with a cancelled context = %v", err)
	}
	if rec, _ := srv.Job(job.ID()); rec.State != "RUNNING" || rec.CancelRequested {
		t.Errorf("after Wait's context ended, the job is %s (cancel requested: %v), want RUNNING", rec.State, rec.CancelRequested)
	}
	if err := job.Cancel(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantErr(t, wait(t, job), "stopped", "Job execution was cancelled: User requested cancellation")
	if rec, _ := srv.Job(job.ID()); rec.State != "DONE" || !rec.CancelRequested {
		t.Errorf("cancelled job is %s (cancel requested: %v)", rec.State, rec.CancelRequested)
	}
	srv.Resume()
}

func TestFastPathRefused(t *testing.T) {
	_, c := newServer(t, bqtest.Options{})
	_, err := c.Query("SELECT 1").Read(context.Background())
	wantErr(t, err, "invalid", "does not serve jobs.query")
}
