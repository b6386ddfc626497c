// Package warehouse is the data side of nbaflow: the Warehouse interface that
// activities call, its table definitions, and (in sub-packages) its sqlite and
// bigquery backends.
//
// The warehouse knows SQL and nothing of Temporal or formulas: it reads input
// rows into the row types of internal/nba and writes nba's output rows. Every
// value reaches SQL as a query parameter, never as text. It must not import
// Temporal.
package warehouse

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// Warehouse is what the activities need from the data store. Every read that
// takes players is batched: one query per source table per call, never one
// per player.
type Warehouse interface {
	// GameDates returns the distinct dates in [from, to] that have at least
	// one scheduled game, ascending.
	GameDates(ctx context.Context, from, to civil.Date) ([]civil.Date, error)
	// SeasonStart returns the date of the first regular-season game of a
	// season year (docs/domain.md A.2.3); ok is false when the schedule has none.
	SeasonStart(ctx context.Context, seasonYear int) (start civil.Date, ok bool, err error)
	// PlanInputs loads the rows the context driver reads for a date.
	PlanInputs(ctx context.Context, date civil.Date) (nba.PlanInputs, error)
	// ShotZoneCandidates sums the qualifying box scores dated in
	// [seasonStart, date) per player, for the shot-zone universe
	// (nba.PlanShotZoneCandidates): one row per player, not the season's
	// box scores.
	ShotZoneCandidates(ctx context.Context, date, seasonStart civil.Date) ([]nba.ShotZoneCandidate, error)
	// ContextInputs loads what the context processor reads for players on a
	// date, as documented on nba.ContextInputs. Attempts are the context
	// processor's own (processor_name = nba.UPGC).
	ContextInputs(ctx context.Context, date, seasonStart civil.Date, players []nba.PlannedPlayer) (*nba.ContextInputs, error)
	// ShotZoneInputs loads what the shot-zone processor reads for players on
	// a date, as documented on nba.ShotZoneInputs. Attempts are the shot-zone
	// processor's own (processor_name = nba.PSZA).
	ShotZoneInputs(ctx context.Context, date, seasonStart civil.Date, players []nba.PlannedPlayer) (*nba.ShotZoneInputs, error)

	// Stage writes one chunk's results to staging under the batch's run. It
	// first removes what the same run staged earlier for the batch's players,
	// so a retried chunk rewrites its own rows and never duplicates them.
	// A batch that contradicts itself (a row of another date, a repeated
	// player, rows or attempts of the other processor) is refused whole.
	Stage(ctx context.Context, batch StageBatch) error
	// Commit makes (processor, date) hold exactly the outcome of the newest
	// run, in one atomic transaction. When no newer run has committed it
	// (Fence), the run's staged rows replace the date's rows: new keys are
	// inserted, keys whose content changed (RowChanged) are updated, the
	// rest are left alone, and rows of players the run did not produce (dropped from the
	// plan, ruled out, failed) are deleted. The run's entity failures replace
	// the date's earlier ones, its reprocess attempts are appended, and it
	// becomes the committed run with a run-history row. When a newer run has
	// committed, the run writes nothing but a run-history row saying it was
	// superseded. Either way its staging for (processor, date) is cleared.
	// Committing the same run again returns the recorded result and changes
	// nothing. Failures are recorded with created_at = req.Now.
	Commit(ctx context.Context, req CommitRequest) (CommitResult, error)
	// DiscardRun deletes everything a run staged and did not commit, for a
	// cancelled run. Committed rows are never touched.
	DiscardRun(ctx context.Context, runID string) error

	// LoadDataset writes input rows (seed and import), all or nothing, and
	// reports what it did per table: a row of a new key is inserted, a row
	// that differs from the stored row of its key in any column replaces it,
	// and a row identical to the stored one is left alone. A dataset that
	// repeats a key within a table is refused whole (CheckKeys).
	LoadDataset(ctx context.Context, ds *nba.Dataset) (LoadReport, error)

	// Reads of the outputs, for operators and tests.
	PlayerContexts(ctx context.Context, date civil.Date) ([]nba.PlayerContext, error)
	ShotZoneProfiles(ctx context.Context, date civil.Date) ([]nba.ShotZoneProfile, error)
	EntityFailures(ctx context.Context, date civil.Date) ([]FailureRecord, error)
	RunHistory(ctx context.Context, date civil.Date) ([]RunRecord, error)
	// CommittedRuns returns the committed run of every (processor, date)
	// with a date in [from, to], by date and processor: which nights hold
	// an outcome.
	CommittedRuns(ctx context.Context, from, to civil.Date) ([]CommittedRunRow, error)

	// StagedRuns lists the runs that have something in staging: runs in
	// flight, and runs that ended without committing or discarding it
	// (terminated, timed out, reset away from).
	StagedRuns(ctx context.Context) ([]StagedRun, error)
	// SweepStaging deletes the staging of every run whose newest staged row
	// is older than before, and returns those runs. A run in flight stages
	// a row at least every chunk, so an age far beyond a run's timeout
	// only finds the dead.
	SweepStaging(ctx context.Context, before time.Time) ([]StagedRun, error)

	Close() error
}

// StagedRun is a run with rows in staging.
type StagedRun struct {
	// RunID is the run (on BigQuery, the start of its tables' names).
	RunID string `json:"run_id"`
	// Rows are its staged rows (on BigQuery, its staging tables).
	Rows int `json:"rows"`
	// Newest is when its newest row was staged; zero when the backend
	// cannot tell (BigQuery, whose staging expires on its own).
	Newest time.Time `json:"newest,omitempty"`
}

// StageBatch is what one chunk activity produced.
type StageBatch struct {
	RunID     string
	Processor nba.Processor
	Date      civil.Date
	// Players are the chunk's players: their earlier staged rows of this run
	// are replaced, whatever this attempt produced for them.
	Players  []string
	Contexts []nba.PlayerContext   // when Processor is nba.UPGC
	Zones    []nba.ShotZoneProfile // when Processor is nba.PSZA
	Failures []nba.Failure
	Attempts []nba.ReprocessAttempt
}

// CommitRequest names the run and the (processor, date) to commit.
type CommitRequest struct {
	// RunID is the execution that commits: what the run history, the
	// failures and committed_runs record, and what makes a commit
	// idempotent for that execution's own retries only.
	RunID string
	// StagingID is the run whose staging holds the rows, when it differs
	// from RunID: a workflow reset re-executes under a new run ID but
	// stages under its chain's first (see StagingRun).
	StagingID string
	Processor nba.Processor
	Date      civil.Date
	RunKind   string // scheduled, manual or backfill
	StartedAt time.Time
	// PlannedAt is when the run's plan began reading its inputs: the fence
	// that orders it against other runs of the date (FenceOf).
	PlannedAt time.Time
	Now       time.Time
	// Staged, when set, is what the run's chunks reported staging for the
	// processor and date. Commit refuses (ErrStagingMismatch) to replace the
	// date's outcome with staging that holds anything else, so that lost
	// staging never reads as a run that computed no players.
	Staged *StagedCount
}

// StagingRun is the run whose staging the commit reads.
func (r CommitRequest) StagingRun() string {
	if r.StagingID != "" {
		return r.StagingID
	}
	return r.RunID
}

// StagedCount is how many rows and failures a run staged.
type StagedCount struct {
	Rows     int `json:"rows"`
	Failures int `json:"failures"`
}

// ErrRejected marks a warehouse error that retrying the same request cannot
// fix: a statement or schema the warehouse refuses, a table that does not
// exist, a permission denied. Transient errors (locks, timeouts, rate limits,
// concurrent updates) never carry it.
var ErrRejected = errors.New("the warehouse rejected the request")

// ErrStagingMismatch is the error of a commit whose staging does not hold
// what the run reported staging.
var ErrStagingMismatch = errors.New("the staging does not hold what the run staged")

// CheckStaged returns ErrStagingMismatch, with the counts, when req.Staged
// is set and differs from what the staging holds.
func CheckStaged(req CommitRequest, have StagedCount) error {
	if req.Staged == nil || *req.Staged == have {
		return nil
	}
	return fmt.Errorf("%w: it holds %d rows and %d failures, the run reported %d and %d",
		ErrStagingMismatch, have.Rows, have.Failures, req.Staged.Rows, req.Staged.Failures)
}

// CommitResult reports what a commit changed.
type CommitResult struct {
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Deleted are rows of the date the run did not produce: players dropped
	// from its plan, ruled out or failed.
	Deleted            int            `json:"deleted"`
	Failed             int            `json:"failed"`
	FailuresByCategory map[string]int `json:"failures_by_category,omitempty"`
	Attempts           int            `json:"attempts"`
	// Superseded is set when a newer run of the date had committed: this
	// run wrote nothing. SupersededBy names that run.
	Superseded   bool   `json:"superseded,omitempty"`
	SupersededBy string `json:"superseded_by,omitempty"`
}

// FailureRecord is one row of entity_failures.
type FailureRecord struct {
	RunID     string
	Processor nba.Processor
	Date      civil.Date
	Failure   nba.Failure
	CreatedAt time.Time
}

// RunRecord is one row of processor_run_history.
type RunRecord struct {
	RunID      string
	Processor  nba.Processor
	Date       civil.Date
	RunKind    string
	Status     string
	StartedAt  time.Time
	PlannedAt  time.Time
	FinishedAt time.Time
	Result     CommitResult
}
