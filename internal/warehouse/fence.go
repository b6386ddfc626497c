package warehouse

import (
	"time"

	"cloud.google.com/go/civil"
)

// Fence orders the runs of one (processor, date). The newest run is the one
// whose plan read its inputs last, whatever order the commits arrive in: an
// older run that commits after a newer one must not overwrite it. Two plans
// in the same microsecond are ordered by run ID, so that every writer orders
// any two runs the same way.
type Fence struct {
	PlannedAt time.Time
	RunID     string
}

// FenceOf returns the fence of a commit: its plan time, or the run's start
// when the request carries no plan time (a run planned by a worker that
// predates fencing).
func FenceOf(req CommitRequest) Fence {
	at := req.PlannedAt
	if at.IsZero() {
		at = req.StartedAt
	}
	return Fence{PlannedAt: at.UTC().Truncate(time.Microsecond), RunID: req.RunID}
}

// Supersedes reports whether f belongs to a newer run than g.
func (f Fence) Supersedes(g Fence) bool {
	if !f.PlannedAt.Equal(g.PlannedAt) {
		return f.PlannedAt.After(g.PlannedAt)
	}
	return f.RunID > g.RunID
}

// CommittedRunRow is a row of committed_runs: the run whose outcome the
// output table holds for a (processor, date), with its fence. Commit reads
// and writes it in the same transaction as the output rows.
type CommittedRunRow struct {
	ProcessorName string     `col:"processor_name"`
	DataDate      civil.Date `col:"data_date"`
	RunID         string     `col:"run_id"`
	PlannedAt     time.Time  `col:"planned_at"`
	CommittedAt   time.Time  `col:"committed_at"`
}

// NewCommittedRunRow records req as the run a (processor, date) holds.
func NewCommittedRunRow(req CommitRequest) CommittedRunRow {
	f := FenceOf(req)
	return CommittedRunRow{ProcessorName: string(req.Processor), DataDate: req.Date, RunID: req.RunID,
		PlannedAt: f.PlannedAt, CommittedAt: req.Now.UTC()}
}

// Fence returns the fence of the committed run.
func (r CommittedRunRow) Fence() Fence { return Fence{PlannedAt: r.PlannedAt, RunID: r.RunID} }
