package bqtest

import (
	"maps"
	"regexp"
	"slices"
	"time"

	bqv2 "google.golang.org/api/bigquery/v2"
)

// JobKind is what a job does.
type JobKind string

// The kinds of job the fake runs.
const (
	KindQuery JobKind = "query"
	KindLoad  JobKind = "load"
)

// Job is the fake's record of a job.
type Job struct {
	ID string
	// IDPrefix is the ID without the random suffix the client appends for
	// JobIDConfig.AddJobIDSuffix; the whole ID when it has none, empty when
	// the client made up the whole ID.
	IDPrefix string
	Location string
	Kind     JobKind
	Labels   map[string]string

	// SQL, Params and Statements are a query job's text, its parameters as
	// sent, and its statements in order.
	SQL        string
	Params     []Param
	Statements []Statement
	// StatementType is statistics.query.statementType: the statement's
	// kind, or SCRIPT for a text of several statements.
	StatementType string
	// InTransaction is set for a text with BEGIN TRANSACTION, and for a job
	// in a session whose transaction is open.
	InTransaction bool
	SessionID     string // the session the job runs in or created
	TimeoutMs     int64  // jobTimeoutMs, recorded but not enforced

	// Reads are the tables and wildcards the job reads; Mutates the tables
	// it writes or defines (a load's destination too). Each is
	// "dataset.table", sorted.
	Reads   []string
	Mutates []string
	// Partitions are the partitions of a partitioned table the job's
	// mutations touch: the values of its DATE parameters, sorted; nil means
	// every partition.
	Partitions []string

	// Destination, CreateDisposition, WriteDisposition and Rows are a load
	// job's; Rows counts the rows it loaded.
	Destination       string
	CreateDisposition string
	WriteDisposition  string
	Rows              int64

	State   string // PENDING, RUNNING or DONE
	Queued  bool   // it waited PENDING behind other DML
	Created time.Time
	Started time.Time
	Ended   time.Time
	// Err is the error the job ended with, nil for success.
	Err             *JobError
	CancelRequested bool
}

// QueryJob is what Options.Answer is asked about.
type QueryJob struct {
	ID         string
	SQL        string
	Params     []Param
	Statements []Statement
}

// Answer is the scripted result of a query job: the rows of a SELECT or a
// script (its last SELECT's, as BigQuery returns), the DML statistics of a
// single DML statement. BigQuery reports no DML statistics on a script (its
// child jobs carry them), so neither does the fake.
type Answer struct {
	Schema []Field
	Rows   [][]any
	DML    DMLStats
}

// DMLStats are the row counts of statistics.query.dmlStats.
type DMLStats struct {
	Inserted, Updated, Deleted int64
}

// job is a Job with what the fake runs it with.
type job struct {
	Job
	conf       *bqv2.JobConfiguration
	stmts      []stmt
	answer     Answer
	rows       []*bqv2.TableRow // the answer's rows, encoded
	session    *session
	keys       []queueKey // the per-table queues the job takes a place in
	txn        *txn
	doomed     *JobError // the abort of rule 2, reported when the job ends
	loadErrors []*JobError
	inputBytes int64
	timer      *time.Timer
	done       chan struct{}
	// startSeq and endSeq order starts and ends, which wall-clock times
	// cannot do reliably.
	startSeq, endSeq int
}

// record returns a copy of the job's record that shares nothing mutable.
func (j *job) record() Job {
	r := j.Job
	r.Labels = maps.Clone(j.Labels)
	return r
}

// sortedSet sorts names and drops repeats.
func sortedSet(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}

// targets are the tables of the job's statements whose kind is in kinds.
func (j *job) targets(keep func(StatementKind) bool) []string {
	var out []string
	for _, s := range j.stmts {
		if s.Target != "" && keep(s.Kind) {
			out = append(out, s.Target)
		}
	}
	return sortedSet(out)
}

func (j *job) mutating() []string { return j.targets(StatementKind.Mutating) }

// dml reports whether the job is one DML statement, the jobs BigQuery
// reports DML statistics for.
func (j *job) dml() bool {
	return len(j.stmts) == 1 && (j.stmts[0].Kind.Mutating() || j.stmts[0].Kind.Appending())
}

// statementType is statistics.query.statementType of stmts.
func statementType(stmts []stmt) string {
	if len(stmts) != 1 || stmts[0].Kind.Control() {
		return "SCRIPT"
	}
	switch s := stmts[0]; {
	case s.Kind == MergeInsertOnlyStmt:
		return string(MergeStmt)
	case s.Kind == CreateTableStmt && s.def.asSelect:
		return "CREATE_TABLE_AS_SELECT"
	default:
		return string(s.Kind)
	}
}

// randomSuffix is the suffix the Go client appends to a job ID: 32 hex
// digits.
var randomSuffix = regexp.MustCompile(`(^|-)[0-9a-f]{32}$`)

func idPrefix(id string) string {
	if loc := randomSuffix.FindStringIndex(id); loc != nil {
		return id[:loc[0]]
	}
	return id
}

func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func (e *JobError) toBQ() *bqv2.ErrorProto {
	return &bqv2.ErrorProto{Reason: e.Reason, Message: e.Message, Location: e.Location}
}

// errs are the job's status.errors: its error first, then the bad rows of
// a load.
func (j *job) errs() []*JobError {
	if j.Err == nil {
		return j.loadErrors
	}
	return append([]*JobError{j.Err}, j.loadErrors...)
}

// toBQ is the job as jobs.get answers it.
func (j *job) toBQ(project string) *bqv2.Job {
	b := &bqv2.Job{
		Kind:          "bigquery#job",
		Id:            project + ":" + j.Location + "." + j.ID,
		JobReference:  &bqv2.JobReference{ProjectId: project, JobId: j.ID, Location: j.Location},
		Configuration: j.conf,
		Status:        &bqv2.JobStatus{State: j.State},
		Statistics: &bqv2.JobStatistics{
			CreationTime: millis(j.Created), StartTime: millis(j.Started), EndTime: millis(j.Ended),
		},
		UserEmail: "bqtest@" + project + ".iam.gserviceaccount.com",
	}
	if j.Err != nil {
		b.Status.ErrorResult = j.Err.toBQ()
	}
	for _, e := range j.errs() {
		b.Status.Errors = append(b.Status.Errors, e.toBQ())
	}
	ok := j.State == "DONE" && j.Err == nil
	switch j.Kind {
	case KindQuery:
		q := &bqv2.JobStatistics2{StatementType: j.StatementType}
		if ok && j.dml() {
			d := j.answer.DML
			q.NumDmlAffectedRows = d.Inserted + d.Updated + d.Deleted
			q.DmlStats = &bqv2.DmlStatistics{InsertedRowCount: d.Inserted, UpdatedRowCount: d.Updated, DeletedRowCount: d.Deleted,
				ForceSendFields: []string{"InsertedRowCount", "UpdatedRowCount", "DeletedRowCount"}}
			q.ForceSendFields = []string{"NumDmlAffectedRows"}
		}
		b.Statistics.Query = q
		if j.SessionID != "" {
			b.Statistics.SessionInfo = &bqv2.SessionInfo{SessionId: j.SessionID}
		}
	case KindLoad:
		if ok {
			b.Statistics.Load = &bqv2.JobStatistics3{OutputRows: j.Rows, InputFiles: 1, InputFileBytes: j.inputBytes,
				BadRecords: int64(len(j.loadErrors)), ForceSendFields: []string{"OutputRows"}}
		}
	}
	return b
}
