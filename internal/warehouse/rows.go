package warehouse

import (
	"encoding/json"
	"fmt"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// FailureRow is a row of entity_failures (and of its staging table): one
// player a run could not process on a date.
type FailureRow struct {
	RunID           string     `col:"run_id"`
	ProcessorName   string     `col:"processor_name"`
	AnalysisDate    civil.Date `col:"analysis_date"`
	EntityID        string     `col:"entity_id"`
	GameID          *string    `col:"game_id"`
	FailureCategory string     `col:"failure_category"`
	FailureReason   string     `col:"failure_reason"`
	CanRetry        bool       `col:"can_retry"`
	CompletenessPct *float64   `col:"completeness_pct"`
	CreatedAt       time.Time  `col:"created_at"`
}

// NewFailureRow records f, a failure of run on date.
func NewFailureRow(runID string, date civil.Date, f nba.Failure, createdAt time.Time) FailureRow {
	r := FailureRow{
		RunID:           runID,
		ProcessorName:   string(f.Processor),
		AnalysisDate:    date,
		EntityID:        f.PlayerLookup,
		FailureCategory: string(f.Category),
		FailureReason:   f.Reason,
		CanRetry:        f.CanRetry,
		CompletenessPct: f.Completeness,
		CreatedAt:       createdAt.UTC(),
	}
	if f.GameID != "" {
		r.GameID = &f.GameID
	}
	return r
}

// Record returns the row as the interface reports it.
func (r FailureRow) Record() FailureRecord {
	f := nba.Failure{
		Processor:    nba.Processor(r.ProcessorName),
		PlayerLookup: r.EntityID,
		Category:     nba.Category(r.FailureCategory),
		Reason:       r.FailureReason,
		CanRetry:     r.CanRetry,
		Completeness: r.CompletenessPct,
	}
	if r.GameID != nil {
		f.GameID = *r.GameID
	}
	return FailureRecord{RunID: r.RunID, Processor: f.Processor, Date: r.AnalysisDate, Failure: f, CreatedAt: r.CreatedAt}
}

// RunHistoryRow is a row of processor_run_history: one committed
// (processor, date, run) and what its commit changed. The columns after
// attempts came with fencing; they are last so that existing tables gain
// them by ALTER TABLE ADD COLUMN.
type RunHistoryRow struct {
	ProcessorName      string     `col:"processor_name"`
	RunID              string     `col:"run_id"`
	DataDate           civil.Date `col:"data_date"`
	RunKind            string     `col:"run_kind"`
	Status             string     `col:"status"`
	StartedAt          time.Time  `col:"started_at"`
	FinishedAt         time.Time  `col:"finished_at"`
	DurationMS         int64      `col:"duration_ms"`
	Inserted           int64      `col:"inserted"`
	Updated            int64      `col:"updated"`
	Unchanged          int64      `col:"unchanged"`
	Failed             int64      `col:"failed"`
	FailuresByCategory JSON       `col:"failures_by_category"`
	Attempts           int64      `col:"attempts"`
	Deleted            int64      `col:"deleted"`
	PlannedAt          time.Time  `col:"planned_at"`
	SupersededBy       *string    `col:"superseded_by"`
}

// Run statuses of the history.
const (
	StatusSuccess = "success" // every player produced a row
	StatusPartial = "partial" // some players failed
	StatusFailed  = "failed"  // every player failed
	// StatusSuperseded: a newer run of the date had committed, so this run
	// wrote nothing.
	StatusSuperseded = "superseded"
)

// NewRunHistoryRow records the result of committing req.
func NewRunHistoryRow(req CommitRequest, res CommitResult) RunHistoryRow {
	byCat, _ := json.Marshal(res.FailuresByCategory) // a map[string]int always marshals
	if len(res.FailuresByCategory) == 0 {
		byCat = []byte("{}")
	}
	status := StatusSuccess
	switch {
	case res.Superseded:
		status = StatusSuperseded
	case res.Failed > 0 && res.Inserted+res.Updated+res.Unchanged == 0:
		status = StatusFailed
	case res.Failed > 0:
		status = StatusPartial
	}
	row := RunHistoryRow{
		ProcessorName:      string(req.Processor),
		RunID:              req.RunID,
		DataDate:           req.Date,
		RunKind:            req.RunKind,
		Status:             status,
		StartedAt:          req.StartedAt.UTC(),
		FinishedAt:         req.Now.UTC(),
		DurationMS:         req.Now.Sub(req.StartedAt).Milliseconds(),
		Inserted:           int64(res.Inserted),
		Updated:            int64(res.Updated),
		Unchanged:          int64(res.Unchanged),
		Failed:             int64(res.Failed),
		FailuresByCategory: JSON(byCat),
		Attempts:           int64(res.Attempts),
		Deleted:            int64(res.Deleted),
		PlannedAt:          FenceOf(req).PlannedAt,
	}
	if res.Superseded {
		row.SupersededBy = &res.SupersededBy
	}
	return row
}

// Result returns the recorded commit result.
func (r RunHistoryRow) Result() (CommitResult, error) {
	res := CommitResult{
		Inserted:   int(r.Inserted),
		Updated:    int(r.Updated),
		Unchanged:  int(r.Unchanged),
		Deleted:    int(r.Deleted),
		Failed:     int(r.Failed),
		Attempts:   int(r.Attempts),
		Superseded: r.Status == StatusSuperseded,
	}
	if r.SupersededBy != nil {
		res.SupersededBy = *r.SupersededBy
	}
	if err := json.Unmarshal([]byte(r.FailuresByCategory), &res.FailuresByCategory); err != nil {
		return CommitResult{}, fmt.Errorf("failures_by_category of run %s: %w", r.RunID, err)
	}
	if len(res.FailuresByCategory) == 0 {
		res.FailuresByCategory = nil
	}
	return res, nil
}

// Record returns the row as the interface reports it.
func (r RunHistoryRow) Record() (RunRecord, error) {
	res, err := r.Result()
	if err != nil {
		return RunRecord{}, err
	}
	return RunRecord{
		RunID: r.RunID, Processor: nba.Processor(r.ProcessorName), Date: r.DataDate, RunKind: r.RunKind,
		Status: r.Status, StartedAt: r.StartedAt, PlannedAt: r.PlannedAt, FinishedAt: r.FinishedAt, Result: res,
	}, nil
}
