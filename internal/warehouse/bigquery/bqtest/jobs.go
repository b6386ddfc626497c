package bqtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	bqv2 "google.golang.org/api/bigquery/v2"
)

// maxPoll caps how long jobs.getQueryResults waits for a job to end
// (BigQuery's default is 10 s); the client then asks again.
const maxPoll = 2 * time.Second

// insertJob serves jobs.insert without media: query jobs.
func (s *Server) insertJob(w http.ResponseWriter, r *http.Request) {
	var bj bqv2.Job
	if err := json.NewDecoder(r.Body).Decode(&bj); err != nil {
		writeError(w, errorf("invalid", "bqtest: cannot read the job: %v", err))
		return
	}
	switch {
	case bj.Configuration != nil && bj.Configuration.Query != nil:
		s.insertQuery(w, &bj)
	case bj.Configuration != nil && bj.Configuration.Load != nil:
		writeError(w, unsupported("the fake loads uploads only (bigquery.NewReaderSource), not sourceUris"))
	default:
		writeError(w, unsupported("the fake runs query and load jobs only"))
	}
}

// newJob is the record of bj before the fake looks at its configuration.
func (s *Server) newJob(bj *bqv2.Job, kind JobKind) *job {
	ref := bj.JobReference
	if ref == nil {
		ref = &bqv2.JobReference{}
	}
	j := &job{
		Job: Job{ID: ref.JobId, Location: ref.Location, Kind: kind, Labels: bj.Configuration.Labels,
			Created: time.Now(), State: "PENDING", TimeoutMs: bj.Configuration.JobTimeoutMs},
		conf: bj.Configuration,
		done: make(chan struct{}),
	}
	if j.ID == "" {
		j.ID = fmt.Sprintf("bqtest_job_%d", s.ids.Add(1))
	}
	j.IDPrefix = idPrefix(j.ID)
	if j.Location == "" {
		j.Location = s.opts.Location
	}
	return j
}

// register records j, unless its ID is taken; s.mu is held.
func (s *Server) register(j *job) *JobError {
	if s.byID[j.ID] != nil {
		return errorf("duplicate", "Already Exists: Job %s:%s.%s", s.opts.Project, j.Location, j.ID)
	}
	s.jobs = append(s.jobs, j)
	s.byID[j.ID] = j
	return nil
}

func (s *Server) insertQuery(w http.ResponseWriter, bj *bqv2.Job) {
	j := s.newJob(bj, KindQuery)
	q := bj.Configuration.Query
	failed := s.readQuery(j, q)
	if e := s.takeFault(j.record(), true); e != nil {
		writeError(w, e)
		return
	}
	if failed == nil {
		failed = s.takeFault(j.record(), false)
	}
	if failed == nil && s.opts.Answer != nil {
		j.answer = s.opts.Answer(QueryJob{ID: j.ID, SQL: j.SQL, Params: j.Params, Statements: j.Statements})
	}
	if failed == nil {
		failed = s.encodeAnswer(j)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.register(j); e != nil {
		writeError(w, e)
		return
	}
	if failed == nil {
		failed = s.bindSession(j, q.CreateSession, q.ConnectionProperties)
	}
	if failed != nil {
		s.end(j, failed)
	} else {
		s.admit(j)
	}
	writeJSON(w, http.StatusOK, j.toBQ(s.opts.Project))
}

// readQuery fills in what the fake reads of a query job's configuration and
// text; the error fails the job.
func (s *Server) readQuery(j *job, q *bqv2.JobConfigurationQuery) *JobError {
	j.SQL = q.Query
	for _, p := range q.QueryParameters {
		j.Params = append(j.Params, paramFromBQ(p))
	}
	switch {
	case q.UseLegacySql == nil || *q.UseLegacySql:
		return unsupported("the fake runs GoogleSQL only: useLegacySql must be false")
	case q.DestinationTable != nil:
		return unsupported("the fake does not write query results to a destination table")
	case j.conf.DryRun:
		return unsupported("the fake does not serve dry runs")
	}
	stmts, toks, err := parseQuery(q.Query, s.opts.Project)
	if err != nil {
		return errorf("invalidQuery", "%v", err)
	}
	if e := checkParams(j.Params, toks, q.Query); e != nil {
		return e
	}
	env := ddlEnv{params: j.Params, now: s.opts.Now(), project: s.opts.Project}
	for i := range stmts {
		switch stmts[i].Kind {
		case CreateTableStmt:
			stmts[i].def, err = parseCreate(stmts[i].body, env)
		case AlterTableStmt:
			stmts[i].alter, err = parseAlter(stmts[i].body, env)
		}
		if err != nil {
			return errorf("invalidQuery", "%v", err)
		}
	}
	j.stmts = stmts
	for _, st := range stmts {
		j.Statements = append(j.Statements, st.Statement)
		j.Reads = append(j.Reads, st.Reads...)
		j.InTransaction = j.InTransaction || st.Kind == BeginStmt
	}
	j.Reads = sortedSet(j.Reads)
	j.StatementType = statementType(stmts)
	j.Mutates = j.targets(func(StatementKind) bool { return true })
	if len(j.Mutates) > 0 {
		j.Partitions = partitions(j.Params)
	}
	return nil
}

// getJob serves jobs.get.
func (s *Server) getJob(w http.ResponseWriter, r *http.Request) {
	s.answer(w, func() (any, *JobError) {
		j, e := s.findJob(r)
		if e != nil {
			return nil, e
		}
		return j.toBQ(s.opts.Project), nil
	})
}

// findJob returns the job of the request's path, which must be asked for in
// its own location (or none); s.mu is held.
func (s *Server) findJob(r *http.Request) (*job, *JobError) {
	id, loc := r.PathValue("job"), r.URL.Query().Get("location")
	j := s.byID[id]
	if j == nil || loc != "" && !strings.EqualFold(loc, j.Location) {
		if loc == "" {
			loc = s.opts.Location
		}
		return nil, errorf("notFound", "Not found: Job %s:%s.%s", s.opts.Project, loc, id)
	}
	return j, nil
}

// cancelJob serves jobs.cancel: a job that has not ended ends stopped.
func (s *Server) cancelJob(w http.ResponseWriter, r *http.Request) {
	s.answer(w, func() (any, *JobError) {
		j, e := s.findJob(r)
		if e != nil {
			return nil, e
		}
		j.CancelRequested = true
		if j.State != "DONE" {
			s.end(j, cancelled())
			s.startPending()
		}
		return &bqv2.JobCancelResponse{Kind: "bigquery#jobCancelResponse", Job: j.toBQ(s.opts.Project)}, nil
	})
}

// queryResults serves jobs.getQueryResults: it waits for the job to end,
// then answers its rows, or its error as an HTTP error as BigQuery does.
func (s *Server) queryResults(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	j, e := s.findJob(r)
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	if j.Kind != KindQuery {
		writeError(w, errorf("invalid", "Job %s:%s.%s is not a query job", s.opts.Project, j.Location, j.ID))
		return
	}
	wait := maxPoll
	if ms, err := strconv.Atoi(r.URL.Query().Get("timeoutMs")); err == nil {
		wait = min(wait, time.Duration(ms)*time.Millisecond)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-j.done:
	case <-timer.C:
	case <-s.closing:
	case <-r.Context().Done():
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := &bqv2.GetQueryResultsResponse{
		Kind:         "bigquery#getQueryResultsResponse",
		JobReference: &bqv2.JobReference{ProjectId: s.opts.Project, JobId: j.ID, Location: j.Location},
		JobComplete:  j.State == "DONE",
	}
	switch {
	case !res.JobComplete:
	case j.Err != nil:
		writeError(w, j.errs()...)
		return
	case j.dml():
		d := j.answer.DML
		res.NumDmlAffectedRows = d.Inserted + d.Updated + d.Deleted
		res.ForceSendFields = []string{"NumDmlAffectedRows"}
	default:
		if err := page(res, j, r); err != nil {
			writeError(w, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, res)
}

// fastPath refuses jobs.query, which the client uses for Query.Read of a
// query without a job ID.
func (s *Server) fastPath(w http.ResponseWriter, _ *http.Request) {
	writeError(w, unsupported("the fake does not serve jobs.query, the client's fast path: run every query as a job (jobs.insert), which the client does when the query has a job ID (Query.JobID) or through Query.Run"))
}
