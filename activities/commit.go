package activities

import (
	"context"
	"fmt"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// CommitDateRequest names the run, processor and date to commit.
type CommitDateRequest struct {
	RunID     string        `json:"run_id"`
	Processor nba.Processor `json:"processor"`
	GameDate  civil.Date    `json:"game_date"`
	RunKind   string        `json:"run_kind"`
	// StartedAt is when the run started, for the run-history row.
	StartedAt time.Time `json:"started_at"`
}

// CommitDate merges a run's staged rows of one processor and date into the
// output table in one atomic step (Warehouse.Commit). Committing the same run
// again returns the recorded result, so a retry after a lost reply is safe.
func (a *Activities) CommitDate(ctx context.Context, req CommitDateRequest) (warehouse.CommitResult, error) {
	if req.RunID == "" {
		return warehouse.CommitResult{}, invalidRequest("commit request without run_id")
	}
	begun := time.Now()
	res, err := a.Warehouse.Commit(ctx, warehouse.CommitRequest{
		RunID:     req.RunID,
		Processor: req.Processor,
		Date:      req.GameDate,
		RunKind:   req.RunKind,
		StartedAt: req.StartedAt,
		Now:       a.now(),
	})
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("commit %s %s: %w", req.Processor, req.GameDate, err)
	}
	recordDuration(ctx, req.Processor, MetricCommitDuration, begun)
	return res, nil
}

// DiscardRun deletes what a cancelled or failed run staged and did not
// commit. Committed rows are never touched.
func (a *Activities) DiscardRun(ctx context.Context, runID string) error {
	if runID == "" {
		return invalidRequest("discard request without run_id")
	}
	if err := a.Warehouse.DiscardRun(ctx, runID); err != nil {
		return fmt.Errorf("discard run %s: %w", runID, err)
	}
	return nil
}
