package bqtest_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"

	"nbaflow/internal/warehouse/bigquery/bqtest"
)

const (
	merge       = "MERGE `ds.t` T USING `ds.s` S ON T.n = S.n WHEN MATCHED THEN UPDATE SET n = S.n WHEN NOT MATCHED THEN INSERT ROW"
	mergeOnDate = "MERGE `ds.t` T USING `ds.s` S ON T.d = @d AND T.n = S.n WHEN MATCHED THEN UPDATE SET n = S.n"
	appendMerge = "MERGE `ds.t` T USING `ds.s` S ON T.n = S.n WHEN NOT MATCHED THEN INSERT ROW"
)

// withSource adds the table ds.s that the merges read.
func withSource(t *testing.T, opts bqtest.Options) (*bqtest.Server, *bigquery.Client) {
	t.Helper()
	srv, c := newServer(t, opts)
	srv.CreateTable("ds", "s", bqtest.TableSpec{Schema: []bqtest.Field{{Name: "n", Type: "INT64"}}})
	return srv, c
}

func date(day int) civil.Date { return civil.Date{Year: 2024, Month: 3, Day: day} }

// script is a multi-statement transaction around sql.
func script(sql string) string { return "BEGIN TRANSACTION;\n" + sql + ";\nCOMMIT TRANSACTION;" }

func TestTransactions(t *testing.T) {
	aborted := "Transaction is aborted due to concurrent update against table test-project:ds.t."
	for _, tc := range []struct {
		name          string
		first, second string
		secondReason  string
		secondMessage string
	}{
		{"two mutate one table: the second aborts", script("UPDATE `ds.t` SET n = 1 WHERE d = @d"), script(merge), "invalidQuery", aborted},
		{"whatever the partitions", script("DELETE FROM `ds.t` WHERE d = @d"), script("DELETE FROM `ds.t` WHERE d = @e"), "invalidQuery", aborted},
		{"an insert-only merge does not conflict", script(merge), script(appendMerge), "", ""},
		{"an insert does not conflict", script(merge), script("INSERT INTO `ds.t` (n) SELECT n FROM `ds.s`"), "", ""},
		{"other tables do not conflict", script(merge), script("DELETE FROM `ds.s` WHERE TRUE"), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := withSource(t, bqtest.Options{})
			srv.Pause()
			first := start(t, c, tc.first, params(tc.first, date(1))...)
			second := start(t, c, tc.second, params(tc.second, date(2))...)
			srv.Resume()
			wantErr(t, wait(t, first), "", "")
			wantErr(t, wait(t, second), tc.secondReason, tc.secondMessage)
			for _, j := range srv.Jobs() {
				if !j.InTransaction {
					t.Errorf("job %s is not in a transaction", j.SQL)
				}
			}
		})
	}
}

// params are the DATE parameters a query of the tests uses: @d is day,
// @e the next day.
func params(sql string, day civil.Date) []any {
	var out []any
	for _, name := range []string{"d", "e"} {
		if strings.Contains(sql, "@"+name) {
			out = append(out, name, day)
			day = day.AddDays(1)
		}
	}
	return out
}

func TestSessionTransactionSpansJobs(t *testing.T) {
	srv, c := withSource(t, bqtest.Options{})
	q := c.Query("BEGIN TRANSACTION")
	q.CreateSession = true
	begin, err := q.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, wait(t, begin), "", "")
	rec, _ := srv.Job(begin.ID())
	inSession := func(sql string) *bigquery.Job {
		q := c.Query(sql)
		q.ConnectionProperties = []*bigquery.ConnectionProperty{{Key: "session_id", Value: rec.SessionID}}
		j, err := q.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	wantErr(t, wait(t, inSession("DELETE FROM `ds.t` WHERE TRUE")), "", "")
	// The session's transaction is open: another one on the table aborts.
	wantErr(t, wait(t, start(t, c, script("DELETE FROM `ds.t` WHERE TRUE"))), "invalidQuery", "Transaction is aborted")
	wantErr(t, wait(t, inSession("COMMIT TRANSACTION")), "", "")
	wantErr(t, wait(t, start(t, c, script("DELETE FROM `ds.t` WHERE TRUE"))), "", "")
	wantErr(t, wait(t, inSession("CALL BQ.ABORT_SESSION()")), "", "")
	wantErr(t, wait(t, inSession("SELECT 1")), "notFound", "Not found: Session "+rec.SessionID)
}

func TestMutatingDMLQueuesPerTable(t *testing.T) {
	for _, tc := range []struct {
		name  string
		days  []int // the DATE parameter of each MERGE; 0: none
		fails int   // how many end in a serialization conflict
	}{
		{"different partitions", []int{1, 2, 3}, 0},
		{"same partition", []int{1, 1}, 1},
		{"every partition", []int{0, 2}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := withSource(t, bqtest.Options{})
			srv.Pause()
			var jobs []*bigquery.Job
			for _, day := range tc.days {
				if day == 0 {
					jobs = append(jobs, start(t, c, merge))
				} else {
					jobs = append(jobs, start(t, c, mergeOnDate, "d", date(day)))
				}
			}
			want := map[string]int{"RUNNING": min(2, len(tc.days))}
			if n := len(tc.days) - 2; n > 0 {
				want["PENDING"] = n
			}
			if got := states(srv); !reflect.DeepEqual(got, want) {
				t.Errorf("states while paused = %v, want %v", got, want)
			}
			srv.Resume()
			fails := 0
			for _, j := range jobs {
				if err := wait(t, j); err != nil {
					wantErr(t, err, "invalidQuery", "Could not serialize access to table test-project:ds.t due to concurrent update")
					fails++
				}
			}
			if fails != tc.fails {
				t.Errorf("%d jobs failed, want %d", fails, tc.fails)
			}
			if rec := srv.Jobs(); len(tc.days) > 2 && !rec[2].Queued {
				t.Errorf("the third merge did not wait")
			}
		})
	}
}

func TestTooManyMutatingStatementsOutstanding(t *testing.T) {
	srv, c := withSource(t, bqtest.Options{DMLLatency: 5 * time.Millisecond})
	srv.Pause()
	var jobs []*bigquery.Job
	for i := range 23 {
		jobs = append(jobs, start(t, c, mergeOnDate, "d", date(1).AddDays(i)))
	}
	if got := states(srv); got["RUNNING"] != 2 || got["PENDING"] != 20 || got["DONE"] != 1 {
		t.Errorf("states = %v, want 2 RUNNING, 20 PENDING, 1 DONE", got)
	}
	wantErr(t, jobs[22].LastStatus().Err(), "quotaExceeded",
		"Resources exceeded during query execution: Too many DML statements outstanding against table test-project:ds.t, limit is 20.")
	srv.Resume()
	for i, j := range jobs[:22] {
		if err := wait(t, j); err != nil {
			t.Errorf("merge %d: %v", i, err)
		}
	}
	// Appends and transactions take no place in the queue.
	srv.Pause()
	for range 22 {
		start(t, c, mergeOnDate, "d", date(1))
	}
	for _, sql := range []string{appendMerge, script(merge)} {
		if st := start(t, c, sql).LastStatus(); st.State != bigquery.Running {
			t.Errorf("%s is %v behind 22 merges, want running", sql, st.State)
		}
	}
	srv.Resume()
	if got := srv.TableModifications("ds.t"); got != 46 {
		t.Errorf("TableModifications = %d, want 46", got)
	}
}
