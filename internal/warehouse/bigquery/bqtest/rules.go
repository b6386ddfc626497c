package bqtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	bqv2 "google.golang.org/api/bigquery/v2"
)

// BigQuery's limits (cloud.google.com/bigquery/quotas#data-manipulation-
// language-statements and #standard_tables).
const (
	mutatingRunning      = 2
	mutatingQueued       = 20
	insertsBeforeQueuing = 1500
	insertRunning        = 10
	insertQueued         = 100
	modificationsPerDay  = 1500
)

// queueKey names a per-table DML queue: the mutating statements of a table,
// or its INSERT statements once they are limited.
type queueKey struct {
	table   string
	inserts bool
}

func (k queueKey) limits() (running, queued int) {
	if k.inserts {
		return insertRunning, insertQueued
	}
	return mutatingRunning, mutatingQueued
}

func (k queueKey) full(project string) *JobError {
	what, limit := "DML statements", mutatingQueued
	if k.inserts {
		what, limit = "DML insert statements", insertQueued
	}
	return errorf("quotaExceeded", "Resources exceeded during query execution: Too many %s outstanding against table %s:%s, limit is %d.", what, project, k.table, limit)
}

// dayKey counts a table's statements in one of the fake's days.
type dayKey struct{ table, day string }

func (s *Server) today(table string) dayKey {
	return dayKey{table, s.opts.Now().UTC().Format(time.DateOnly)}
}

// InsertStatements is how many INSERT statements (insert-only MERGEs
// included) query jobs have sent against table ("dataset.table") today: a
// job counts when it is admitted to run or to wait, whatever its end.
func (s *Server) InsertStatements(table string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inserts[s.today(table)]
}

// TableModifications is how many jobs have modified table
// ("dataset.table") today: a query job with DML or DDL on it counts when it
// is admitted, a load when it succeeds.
func (s *Server) TableModifications(table string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mods[s.today(table)]
}

// countModification applies the daily table-modification quota to the
// tables a job modifies and counts the job; s.mu is held.
func (s *Server) countModification(tables []string) *JobError {
	for _, t := range tables {
		if s.mods[s.today(t)] >= modificationsPerDay {
			return tooManyModifications()
		}
	}
	for _, t := range tables {
		s.mods[s.today(t)]++
	}
	return nil
}

// admit applies the DML quotas to a query job, then starts it or queues it;
// s.mu is held.
func (s *Server) admit(j *job) {
	inserts := map[string]int{}
	for _, st := range j.stmts {
		if st.Kind.Appending() && st.Target != "" {
			inserts[st.Target]++
		}
	}
	if !j.InTransaction {
		for _, t := range j.mutating() {
			j.keys = append(j.keys, queueKey{table: t})
		}
	}
	for _, t := range slices.Sorted(maps.Keys(inserts)) {
		if s.inserts[s.today(t)] >= insertsBeforeQueuing {
			j.keys = append(j.keys, queueKey{table: t, inserts: true})
		}
	}
	wait := false
	for _, k := range j.keys {
		running, queued := k.limits()
		if s.running[k] < running && s.queued[k] == 0 {
			continue
		}
		if s.queued[k] >= queued {
			j.keys = nil
			s.end(j, k.full(s.opts.Project))
			return
		}
		wait = true
	}
	if e := s.countModification(j.Mutates); e != nil {
		j.keys = nil
		s.end(j, e)
		return
	}
	for t, n := range inserts {
		s.inserts[s.today(t)] += n
	}
	if wait {
		j.Queued = true
		for _, k := range j.keys {
			s.queued[k]++
		}
		s.pending = append(s.pending, j)
		return
	}
	s.start(j)
	s.startPending()
}

// startPending starts the queued jobs that have their turn, first come
// first served per table; s.mu is held.
func (s *Server) startPending() {
	for started := true; started; {
		started = false
		blocked := map[queueKey]bool{}
		for _, j := range s.pending {
			if !s.fits(j, blocked) {
				for _, k := range j.keys {
					blocked[k] = true
				}
				continue
			}
			s.unqueue(j)
			s.start(j)
			started = true
			break // start may have ended jobs: look again from the start
		}
	}
}

func (s *Server) fits(j *job, blocked map[queueKey]bool) bool {
	for _, k := range j.keys {
		if running, _ := k.limits(); blocked[k] || s.running[k] >= running {
			return false
		}
	}
	return true
}

func (s *Server) unqueue(j *job) {
	if i := slices.Index(s.pending, j); i >= 0 {
		s.pending = slices.Delete(s.pending, i, i+1)
		for _, k := range j.keys {
			s.queued[k]--
		}
	}
}

// start runs j: it resolves its tables, joins its transaction and ends
// after its latency; s.mu is held.
func (s *Server) start(j *job) {
	j.State, j.Started = "RUNNING", time.Now()
	s.seq++
	j.startSeq = s.seq
	for _, k := range j.keys {
		s.running[k]++
	}
	if e := s.resolve(j); e != nil {
		s.end(j, e)
		return
	}
	if j.InTransaction {
		s.joinTxn(j)
	}
	latency := s.opts.QueryLatency
	if slices.ContainsFunc(j.stmts, func(st stmt) bool { return st.Kind.Mutating() || st.Kind.Appending() }) {
		latency = s.opts.DMLLatency
	}
	j.timer = time.AfterFunc(latency, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch {
		case s.closed:
		case s.paused:
			s.deferred = append(s.deferred, j)
		default:
			s.complete(j)
			s.startPending()
		}
	})
}

// complete ends a job whose time has come: aborted by rule 2, in conflict
// by rule 4, or done with its effects applied; s.mu is held.
func (s *Server) complete(j *job) {
	if j.State == "DONE" {
		return
	}
	err := j.doomed
	if err == nil {
		err = s.conflict(j)
	}
	if err == nil {
		err = s.apply(j)
	}
	s.end(j, err)
}

// end marks j DONE with err and gives back its places; s.mu is held.
func (s *Server) end(j *job, err *JobError) {
	if j.State == "DONE" {
		return
	}
	if j.timer != nil {
		j.timer.Stop()
	}
	if j.State == "RUNNING" {
		for _, k := range j.keys {
			s.running[k]--
		}
	}
	s.unqueue(j)
	s.seq++
	j.State, j.Ended, j.Err, j.endSeq = "DONE", time.Now(), err, s.seq
	s.leaveTxn(j, err)
	close(j.done)
}

// conflict is rule 4: a mutating job fails when a job that ran at the same
// time mutated one of its tables' partitions and ended first. Two
// transactions are rule 2's business.
func (s *Server) conflict(j *job) *JobError {
	mine := j.mutating()
	for _, k := range s.jobs {
		if k == j || k.State != "DONE" || k.Err != nil || k.startSeq == 0 || k.endSeq < j.startSeq || j.InTransaction && k.InTransaction {
			continue
		}
		theirs := k.mutating()
		for _, t := range mine {
			if slices.Contains(theirs, t) && s.samePartition(t, j, k) {
				return serializationConflict(s.opts.Project, t)
			}
		}
	}
	return nil
}

func (s *Server) samePartition(table string, a, b *job) bool {
	t := s.tables[table]
	if t == nil || t.Partitioning == nil || a.Partitions == nil || b.Partitions == nil {
		return true
	}
	return slices.ContainsFunc(a.Partitions, func(p string) bool { return slices.Contains(b.Partitions, p) })
}

// txn is an open transaction: one job's, or a session's across its jobs.
type txn struct {
	mutated map[string]bool
}

// session is a BigQuery session (createSession, the session_id connection
// property).
type session struct {
	id    string
	txn   *txn
	ended bool
}

// bindSession puts j in the session it creates or names; s.mu is held.
func (s *Server) bindSession(j *job, create bool, props []*bqv2.ConnectionProperty) *JobError {
	id := ""
	for _, p := range props {
		if p.Key == "session_id" {
			id = p.Value
		}
	}
	switch {
	case create:
		id = fmt.Sprintf("bqtest_session_%d", len(s.sessions)+1)
		s.sessions[id] = &session{id: id}
	case id == "":
		return nil
	case s.sessions[id] == nil || s.sessions[id].ended:
		return errorf("notFound", "Not found: Session %s", id)
	}
	j.session, j.SessionID = s.sessions[id], id
	j.InTransaction = j.InTransaction || j.session.txn != nil
	return nil
}

// joinTxn is rule 2: a transaction that mutates a table another open
// transaction has mutated is aborted; s.mu is held.
func (s *Server) joinTxn(j *job) {
	u := &txn{mutated: map[string]bool{}}
	if j.session != nil && j.session.txn != nil {
		u = j.session.txn
	} else {
		s.openTxns = append(s.openTxns, u)
		if j.session != nil {
			j.session.txn = u
		}
	}
	for _, t := range j.mutating() {
		for _, o := range s.openTxns {
			if o != u && o.mutated[t] && j.doomed == nil {
				j.doomed = transactionAborted(s.opts.Project, t)
			}
		}
		u.mutated[t] = true
	}
	j.txn = u
}

// leaveTxn closes j's transaction unless it goes on in j's session; s.mu is
// held.
func (s *Server) leaveTxn(j *job, err *JobError) {
	if j.session != nil && slices.ContainsFunc(j.stmts, func(st stmt) bool {
		return st.Kind == CallStmt && strings.Contains(strings.ToUpper(st.Text), "BQ.ABORT_SESSION")
	}) {
		j.session.ended = true
		s.closeTxn(j.session)
	}
	if j.txn == nil {
		return
	}
	last := BeginStmt
	for _, st := range j.stmts {
		if st.Kind == BeginStmt || st.Kind == CommitStmt || st.Kind == RollbackStmt {
			last = st.Kind
		}
	}
	if j.session == nil {
		s.openTxns = slices.DeleteFunc(s.openTxns, func(t *txn) bool { return t == j.txn })
	} else if err != nil || last != BeginStmt {
		s.closeTxn(j.session)
	}
}

func (s *Server) closeTxn(sess *session) {
	s.openTxns = slices.DeleteFunc(s.openTxns, func(t *txn) bool { return t == sess.txn })
	sess.txn = nil
}
