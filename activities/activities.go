package activities

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// Activity names: the stable names Register uses and the workflows call.
// Renaming a Go method must not rename an activity, since recorded histories
// and running workflows refer to these.
const (
	PlanDateName             = "PlanDate"
	ComputeContextChunkName  = "ComputeContextChunk"
	ComputeShotZoneChunkName = "ComputeShotZoneChunk"
	CommitDateName           = "CommitDate"
	DiscardRunName           = "DiscardRun"
	ListGameDatesName        = "ListGameDates"
	SelectStaleDatesName     = "SelectStaleDates"
)

// Error types of the non-retryable application errors. Each names the
// category of bad data that makes a whole activity impossible.
const (
	// ErrInvalidRequest: the request itself is malformed (a date that does
	// not parse, an empty run ID, a range that ends before it starts).
	ErrInvalidRequest = "INVALID_REQUEST"
	// ErrNoSeasonStart: the date has games but the schedule has no
	// regular-season opener for its season (docs/domain.md A.2.3: no hard-coded openers).
	ErrNoSeasonStart = "NO_SEASON_START"
	// ErrStagingMismatch: a commit found the run's staging not holding what
	// its chunks staged (swept or discarded while the run was alive), and
	// refused to replace the date's outcome with it.
	ErrStagingMismatch = "STAGING_MISMATCH"
	// ErrWarehouseRejected: the warehouse refused a request in a way that
	// retrying cannot change (warehouse.ErrRejected): an invalid statement,
	// a missing table, a schema that drifted, a permission denied.
	ErrWarehouseRejected = "WAREHOUSE_REJECTED"
	// ErrBadStoredValue: a stored input value cannot be read into its
	// column (warehouse.BadValueError); the message names the table, the
	// row's key and the column.
	ErrBadStoredValue = "BAD_STORED_VALUE"
)

// NonRetryableErrorTypes lists the error types above, for retry policies.
var NonRetryableErrorTypes = []string{ErrInvalidRequest, ErrNoSeasonStart, ErrStagingMismatch, ErrWarehouseRejected, ErrBadStoredValue}

// ChunkDefaults are the worker's chunking settings, reported to the workflow
// by PlanDate so that a worker started with ENABLE_PLAYER_PARALLELIZATION=false
// reaches the workflow through history, deterministically.
type ChunkDefaults struct {
	ChunkSize         int  `json:"chunk_size"`
	MaxParallelChunks int  `json:"max_parallel_chunks"`
	Parallel          bool `json:"parallel"`
}

// DefaultChunking is the worker default of docs/design.md: chunks of 25 players,
// 8 chunks in flight per processor.
var DefaultChunking = ChunkDefaults{ChunkSize: 25, MaxParallelChunks: 8, Parallel: true}

// DefaultStageEvery is how many players a chunk builds between two writes to
// staging by default. Measured on sqlite (450 shot-zone rows, one writer):
// a write per player costs 0.45 ms a player, a write per 5 players 0.14 ms,
// per 25 players 0.07 ms; writes are serialized across all chunks of all
// dates, so per-player writes would add about 0.2 s to a date of 660 players.
// Five keeps most of the gain while a retry redoes at most four players.
// BigQuery, where every write is a job of a second or more, wants whole
// chunks (StageEveryFor).
const DefaultStageEvery = 5

// BackfillStageEvery is how many players a backfill's chunk builds between
// two writes to staging. Its chunks are a processor's half of a date (100
// to 250 players), and a season's 19,000 writes of five players spent 73 %
// of the chunks' time waiting for sqlite's one writer; no one watches a
// backfill's players staged one by one, and a retry redoes at most 24.
// Measured on the synthetic season: 5 players took the backfill 38.7 s and
// the in-process floor 29.2 s, 25 players 32.8 s and 24.6 s, 50 players
// 31.7 s and 23.5 s; past 25 the writer's time is the rows, not the writes.
const BackfillStageEvery = 25

// StageEveryFor is how often chunks write to staging on a warehouse
// backend: every few players on sqlite, whole chunks on BigQuery.
func StageEveryFor(backend string) int {
	if backend == warehouse.BackendBigQuery {
		return math.MaxInt
	}
	return DefaultStageEvery
}

// Activities holds what the activities depend on.
type Activities struct {
	Warehouse warehouse.Warehouse
	// Clock is the processing time for timestamps and the circuit breaker;
	// nil means time.Now.
	Clock    func() time.Time
	Config   nba.Config
	Chunking ChunkDefaults
	// StageEvery is how many players a chunk builds between two writes to
	// staging (0 means DefaultStageEvery). A chunk heartbeats after every
	// player, always with the count of players already staged, so a retry
	// resumes after the last staged player and loses nothing.
	StageEvery int
	// QuietStart is how long a chunk runs before it heartbeats (0: from
	// the start). The SDK sends an activity's first heartbeat at once, a
	// write to the workflow's state on the server; a daily chunk ends in a
	// tenth of a second, so that write bought nothing: the heartbeat
	// timeout runs from the start of the attempt anyway, and a retry of a
	// chunk lost in its quiet start redoes less than QuietStart of work.
	QuietStart time.Duration

	// urgent counts this process's chunks, plans and commits of runs other
	// than backfills, which a backfill's work yields to (tonight_first.go).
	urgent urgentWork

	// heartbeat records a chunk's progress, or that a plan or a commit is
	// alive (no details); nil means activity.RecordHeartbeat.
	// Tests observe every call through it, since the SDK throttles what
	// reaches the server.
	heartbeat func(ctx context.Context, details ...any)
}

func (a *Activities) now() time.Time {
	if a.Clock == nil {
		return time.Now()
	}
	return a.Clock()
}

func (a *Activities) recordHeartbeat(ctx context.Context, progress ChunkProgress) {
	if begun, ok := ctx.Value(chunkBegunKey{}).(time.Time); ok && time.Since(begun) < a.QuietStart {
		return
	}
	if a.heartbeat != nil {
		a.heartbeat(ctx, progress)
		return
	}
	activity.RecordHeartbeat(ctx, progress)
}

// alive runs one warehouse step of an activity without progress to report
// (a plan, a commit), heartbeating every third of the activity's heartbeat
// timeout meanwhile, as a chunk does while it waits: the server learns of
// a lost worker within that timeout instead of the step's StartToClose.
// Without a heartbeat timeout it only runs call.
func (a *Activities) alive(ctx context.Context, call func() error) error {
	beat := func() { activity.RecordHeartbeat(ctx) }
	if a.heartbeat != nil {
		beat = func() { a.heartbeat(ctx) }
	}
	return beatWhile(activity.GetInfo(ctx).HeartbeatTimeout/3, beat, call)
}

// stageEvery is how many players a chunk of a run of mode builds between
// two writes to staging: the worker's StageEvery, and at least
// BackfillStageEvery in a backfill.
func (a *Activities) stageEvery(mode nba.RunMode) int {
	n := a.StageEvery
	if n <= 0 {
		n = DefaultStageEvery
	}
	if mode == nba.RunBackfill {
		n = max(n, BackfillStageEvery)
	}
	return n
}

// Registry is the part of a worker (or test environment) that registers
// activities.
type Registry interface {
	RegisterActivityWithOptions(a any, options activity.RegisterOptions)
}

// Register registers every activity of a under its stable name.
func Register(r Registry, a *Activities) {
	for _, reg := range []struct {
		name string
		fn   any
	}{
		{PlanDateName, a.PlanDate},
		{ComputeContextChunkName, a.ComputeContextChunk},
		{ComputeShotZoneChunkName, a.ComputeShotZoneChunk},
		{CommitDateName, a.CommitDate},
		{DiscardRunName, a.DiscardRun},
		{ListGameDatesName, a.ListGameDates},
		{SelectStaleDatesName, a.SelectStaleDates},
	} {
		r.RegisterActivityWithOptions(reg.fn, activity.RegisterOptions{Name: reg.name})
	}
}

// nonRetryableIfRejected returns a warehouse error that retrying cannot fix
// as a non-retryable application error with its message and a code for a
// type: ErrBadStoredValue for a stored value that cannot be read,
// ErrWarehouseRejected for a request the warehouse refused. Other errors,
// transient ones included, are returned as they are, for the retry policy
// to retry.
func nonRetryableIfRejected(err error) error {
	var app *temporal.ApplicationError
	var bad *warehouse.BadValueError
	switch {
	case err == nil || errors.As(err, &app):
		return err
	case errors.As(err, &bad):
		return temporal.NewNonRetryableApplicationError(err.Error(), ErrBadStoredValue, err)
	case errors.Is(err, warehouse.ErrRejected):
		return temporal.NewNonRetryableApplicationError(err.Error(), ErrWarehouseRejected, err)
	}
	return err
}

// invalidRequest is the non-retryable error of a malformed request.
func invalidRequest(format string, args ...any) error {
	return temporal.NewNonRetryableApplicationError(fmt.Sprintf(format, args...), ErrInvalidRequest, nil)
}
