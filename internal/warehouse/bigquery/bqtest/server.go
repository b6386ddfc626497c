// Package bqtest is a fake BigQuery for tests, in the manner of
// net/http/httptest: only tests import it. It serves the part of BigQuery's
// REST API that cloud.google.com/go/bigquery uses to run query and load
// jobs and to manage datasets and tables, reached through
// Server.ClientOptions.
//
// It does not execute SQL. It records every job (see Job), reads each query
// text far enough to know its statements and the backticked tables they
// read and write, answers with rows scripted by Options.Answer, applies DDL
// and loads to its catalog, and enforces BigQuery's documented concurrency
// rules with BigQuery's error reasons and messages:
//
//   - a job naming a table or dataset that does not exist fails notFound;
//   - a transaction that mutates (UPDATE, DELETE, TRUNCATE or a MERGE that
//     updates or deletes) a table while another open transaction has
//     mutated it is aborted, whatever the partitions;
//   - outside transactions, at most 2 mutating statements run per table and
//     20 wait PENDING; one more fails quotaExceeded at once;
//   - two mutating statements that run at the same time on the same
//     partition conflict: the one that ends second fails. BigQuery may retry
//     such a statement internally before it fails; the fake never does;
//   - after 1,500 INSERT statements (insert-only MERGEs count as INSERTs) on
//     a table in a day, 10 run and 100 wait; one more fails;
//   - a table takes 1,500 modifications a day (loads, DML, DDL);
//   - a table created without an expiration takes its dataset's default,
//     and expired tables disappear;
//   - the query parameters and the @names of the text match one to one.
//
// The fake cannot see rows, so the partitions a statement mutates are the
// values of the job's DATE parameters (all of them); a job without one
// mutates every partition, and an unpartitioned table is one partition.
// Days for the daily quotas are UTC days of Options.Now.
//
// A table is a name in one pair of backticks with a dot, `dataset.table` or
// `project.dataset.table` (a wildcard `dataset.prefix_*` in FROM); other
// names are aliases, columns or temporary tables to the fake. Server.Pause
// holds running jobs so that a test can make them overlap. A request the
// fake does not serve is answered with an error that says so.
package bqtest

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/api/option"
)

// Options configure a Server; every field is optional.
type Options struct {
	Project  string // default "test-project"
	Location string // default "US"
	// QueryLatency is how long a job without DML stays RUNNING (default
	// 10ms); DMLLatency how long a job with DML runs once it starts (default
	// 40ms).
	QueryLatency time.Duration
	DMLLatency   time.Duration
	// Answer scripts the result of each query job; by default no rows and
	// zero DML statistics. It is called when a job is inserted, from the
	// server's goroutines, possibly at the same time for several jobs.
	Answer func(QueryJob) Answer
	// Now is the time of table creations, expirations and quota days
	// (default time.Now); it is called from the server's goroutines. Job
	// timestamps are always the wall clock.
	Now func() time.Time
}

// Server is a fake BigQuery listening on a local HTTP address.
type Server struct {
	URL  string // the base URL, without a path
	tb   testing.TB
	opts Options
	hs   *httptest.Server
	ids  atomic.Int64 // for jobs inserted without an ID

	mu       sync.Mutex
	jobs     []*job
	byID     map[string]*job
	datasets map[string]*dataset
	tables   map[string]*Table
	dropped  []DroppedTable
	sessions map[string]*session
	openTxns []*txn
	running  map[queueKey]int
	queued   map[queueKey]int
	pending  []*job
	inserts  map[dayKey]int
	mods     map[dayKey]int
	faults   []*fault
	paused   bool
	deferred []*job
	seq      int
	closing  chan struct{}
	closed   bool
}

// NewServer starts a server that tb's cleanup stops.
func NewServer(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.Project == "" {
		opts.Project = "test-project"
	}
	if opts.Location == "" {
		opts.Location = "US"
	}
	if opts.QueryLatency == 0 {
		opts.QueryLatency = 10 * time.Millisecond
	}
	if opts.DMLLatency == 0 {
		opts.DMLLatency = 40 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		tb: tb, opts: opts,
		byID: map[string]*job{}, datasets: map[string]*dataset{}, tables: map[string]*Table{},
		sessions: map[string]*session{}, running: map[queueKey]int{}, queued: map[queueKey]int{},
		inserts: map[dayKey]int{}, mods: map[dayKey]int{}, closing: make(chan struct{}),
	}
	s.hs = httptest.NewServer(s.routes())
	s.URL = s.hs.URL
	tb.Cleanup(s.close)
	return s
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	const p = "/bigquery/v2/projects/{project}"
	s.handle(mux, "POST "+p+"/jobs", s.insertJob)
	s.handle(mux, "POST /upload/bigquery/v2/projects/{project}/jobs", s.upload)
	s.handle(mux, "GET "+p+"/jobs/{job}", s.getJob)
	s.handle(mux, "POST "+p+"/jobs/{job}/cancel", s.cancelJob)
	s.handle(mux, "GET "+p+"/queries/{job}", s.queryResults)
	s.handle(mux, "POST "+p+"/queries", s.fastPath)
	s.handle(mux, "POST "+p+"/datasets", s.insertDataset)
	s.handle(mux, "GET "+p+"/datasets/{dataset}", s.getDataset)
	s.handle(mux, "DELETE "+p+"/datasets/{dataset}", s.deleteDataset)
	s.handle(mux, "POST "+p+"/datasets/{dataset}/tables", s.insertTable)
	s.handle(mux, "GET "+p+"/datasets/{dataset}/tables", s.listTables)
	s.handle(mux, "GET "+p+"/datasets/{dataset}/tables/{table}", s.getTable)
	s.handle(mux, "PATCH "+p+"/datasets/{dataset}/tables/{table}", s.patchTable)
	s.handle(mux, "DELETE "+p+"/datasets/{dataset}/tables/{table}", s.deleteTable)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errorf("notImplemented", "bqtest: the fake BigQuery does not serve %s %s", r.Method, r.URL.Path))
	})
	return mux
}

// handle serves pattern with h for the server's project only, after
// dropping the tables that have expired.
func (s *Server) handle(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if p := r.PathValue("project"); p != s.opts.Project {
			writeError(w, errorf("notFound", "Not found: Project %s", p))
			return
		}
		s.mu.Lock()
		s.sweep()
		s.mu.Unlock()
		h(w, r)
	})
}

func (s *Server) close() {
	s.mu.Lock()
	s.closed = true
	close(s.closing)
	for _, j := range s.jobs {
		if j.timer != nil {
			j.timer.Stop()
		}
	}
	s.mu.Unlock()
	s.hs.Close()
}

// Project is the server's project.
func (s *Server) Project() string { return s.opts.Project }

// ClientOptions point a bigquery.Client at the server, without credentials.
func (s *Server) ClientOptions() []option.ClientOption {
	return []option.ClientOption{option.WithEndpoint(s.URL + "/bigquery/v2/"), option.WithoutAuthentication()}
}

// Jobs returns every job so far, in the order they were inserted.
func (s *Server) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, len(s.jobs))
	for i, j := range s.jobs {
		out[i] = j.record()
	}
	return out
}

// Job returns the job id.
func (s *Server) Job(id string) (Job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j := s.byID[id]; j != nil {
		return j.record(), true
	}
	return Job{}, false
}

// Pause holds every running job RUNNING, so that a test can see the
// queues and make jobs overlap; Resume ends the jobs whose time has come,
// in the order it came.
func (s *Server) Pause() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = true
}

// Resume undoes Pause.
func (s *Server) Resume() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = false
	for _, j := range s.deferred {
		s.complete(j)
	}
	s.deferred = nil
	s.startPending()
}

// fault is a scripted failure of FailNext or RejectNext.
type fault struct {
	match  func(Job) bool
	n      int
	err    *JobError
	reject bool
}

// FailNext makes the next n jobs for which match is true fail with reason
// and message: they are recorded, and end DONE with that error as soon as
// they are inserted, without touching any table. A query job's error
// reaches the client from jobs.getQueryResults as an HTTP error; note that
// the client's Job.Wait and Job.Read retry that call, until their context
// ends, when the reason is backendError, rateLimitExceeded,
// jobRateLimitExceeded or internalError.
func (s *Server) FailNext(match func(Job) bool, n int, reason, message string) {
	s.addFault(&fault{match: match, n: n, err: errorf(reason, "%s", message)})
}

// RejectNext makes jobs.insert answer the next n jobs for which match is
// true with an HTTP error of reason and message; they are not recorded. The
// client retries a rejected query insert by itself, with the same job ID,
// for backendError, rateLimitExceeded, jobRateLimitExceeded, internalError
// and the HTTP statuses 500, 502, 503 and 504; it never retries a load.
func (s *Server) RejectNext(match func(Job) bool, n int, reason, message string) {
	s.addFault(&fault{match: match, n: n, err: errorf(reason, "%s", message), reject: true})
}

func (s *Server) addFault(f *fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// takeFault returns the error of the first fault of the kind (reject or
// fail) that matches rec and has uses left, using one; match runs without
// the lock, so that it may call the server.
func (s *Server) takeFault(rec Job, reject bool) *JobError {
	s.mu.Lock()
	faults := slices.Clone(s.faults)
	s.mu.Unlock()
	for _, f := range faults {
		if f.reject != reject || !f.match(rec) {
			continue
		}
		s.mu.Lock()
		left := f.n > 0
		if left {
			f.n--
		}
		s.mu.Unlock()
		if left {
			return f.err
		}
	}
	return nil
}
