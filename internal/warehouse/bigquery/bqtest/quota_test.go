package bqtest_test

import (
	"testing"
	"time"

	"cloud.google.com/go/bigquery"

	"nbaflow/internal/warehouse/bigquery/bqtest"
)

const insert = "INSERT INTO `ds.t` (n) SELECT n FROM `ds.s`"

func TestInsertStatementsQueueAfter1500(t *testing.T) {
	srv, c := withSource(t, bqtest.Options{DMLLatency: 5 * time.Millisecond})
	srv.Pause()
	for range 15 {
		start(t, c, insert)
	}
	if got := states(srv); got["RUNNING"] != 15 {
		t.Errorf("states of the first inserts of the day = %v, want 15 RUNNING", got)
	}
	srv.Resume()

	srv, c = withSource(t, bqtest.Options{DMLLatency: 5 * time.Millisecond})
	srv.SeedToday("ds.t", 1500, 0)
	srv.Pause()
	var jobs []*bigquery.Job
	for range 110 {
		jobs = append(jobs, start(t, c, insert))
	}
	over := start(t, c, appendMerge) // an insert-only MERGE counts as an INSERT
	if got := states(srv); got["RUNNING"] != 10 || got["PENDING"] != 100 || got["DONE"] != 1 {
		t.Errorf("states = %v, want 10 RUNNING, 100 PENDING, 1 DONE", got)
	}
	wantErr(t, over.LastStatus().Err(), "quotaExceeded",
		"Resources exceeded during query execution: Too many DML insert statements outstanding against table test-project:ds.t, limit is 100.")
	srv.Resume()
	for i, j := range jobs {
		if err := wait(t, j); err != nil {
			t.Errorf("insert %d: %v", i, err)
		}
	}
	if n := srv.InsertStatements("ds.t"); n != 1610 {
		t.Errorf("InsertStatements = %d, want 1610", n)
	}
}

func TestTableModificationsPerDay(t *testing.T) {
	clk := &clock{now: time.Date(2024, 5, 1, 23, 0, 0, 0, time.UTC)}
	srv, c := withSource(t, bqtest.Options{Now: clk.Now})
	srv.SeedToday("ds.t", 0, 1500)
	quota := "Quota exceeded: Your table exceeded quota for imports or query appends per table."
	wantErr(t, wait(t, start(t, c, insert)), "quotaExceeded", quota)
	_, err := runLoad(t, loader(c, `{"n":1}`, func(s *bigquery.ReaderSource, l *bigquery.Loader) {
		s.Schema, l.Dst.TableID, l.WriteDisposition = nil, "t", bigquery.WriteAppend
	}))
	wantErr(t, err, "quotaExceeded", quota)
	wantErr(t, wait(t, start(t, c, "SELECT * FROM `ds.t`")), "", "")
	clk.Advance(time.Hour) // the next UTC day
	wantErr(t, wait(t, start(t, c, insert)), "", "")
	if n := srv.TableModifications("ds.t"); n != 1 {
		t.Errorf("TableModifications the next day = %d, want 1", n)
	}
}
