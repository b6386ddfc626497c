package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/temporal"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// CommitDateRequest names the run, processor and date to commit.
type CommitDateRequest struct {
	// RunID is the execution that commits; StagingID, when set, the run
	// whose staging holds its rows (warehouse.CommitRequest).
	RunID     string        `json:"run_id"`
	StagingID string        `json:"staging_id,omitempty"`
	Processor nba.Processor `json:"processor"`
	GameDate  civil.Date    `json:"game_date"`
	RunKind   string        `json:"run_kind"`
	// StartedAt is when the run started, for the run-history row.
	StartedAt time.Time `json:"started_at"`
	// PlannedAt is the run's plan time (Plan.PlannedAt), its fence.
	PlannedAt time.Time `json:"planned_at"`
	// Staged is what the run's chunks reported staging; the commit refuses
	// staging that holds anything else.
	Staged *warehouse.StagedCount `json:"staged,omitempty"`
}

// CommitDate makes a run's staged outcome of one processor and date the
// date's outcome in one atomic step (Warehouse.Commit), unless a newer run
// of the date has committed: then it reports superseded. Committing the
// same run again returns the recorded result, so a retry after a lost reply
// is safe. Staging that does not hold what the run staged is a
// non-retryable ErrStagingMismatch: retrying cannot bring it back.
func (a *Activities) CommitDate(ctx context.Context, req CommitDateRequest) (warehouse.CommitResult, error) {
	var res warehouse.CommitResult
	err := a.inTurn(ctx, nba.RunMode(req.RunKind), func() (err error) {
		res, err = a.commitDate(ctx, req)
		return err
	})
	return res, nonRetryableIfRejected(err)
}

func (a *Activities) commitDate(ctx context.Context, req CommitDateRequest) (warehouse.CommitResult, error) {
	if req.RunID == "" {
		return warehouse.CommitResult{}, invalidRequest("commit request without run_id")
	}
	begun := time.Now()
	res, err := a.Warehouse.Commit(ctx, warehouse.CommitRequest{
		RunID:     req.RunID,
		StagingID: req.StagingID,
		Processor: req.Processor,
		Date:      req.GameDate,
		RunKind:   req.RunKind,
		StartedAt: req.StartedAt,
		PlannedAt: req.PlannedAt,
		Now:       a.now(),
		Staged:    req.Staged,
	})
	if errors.Is(err, warehouse.ErrStagingMismatch) {
		return warehouse.CommitResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("commit %s %s: %v", req.Processor, req.GameDate, err), ErrStagingMismatch, nil)
	}
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("commit %s %s: %w", req.Processor, req.GameDate, err)
	}
	recordDuration(ctx, req.Processor, MetricCommitDuration, begun)
	recordCommit(ctx, req.Processor, res)
	return res, nil
}

// DiscardRun deletes what a cancelled or failed run staged and did not
// commit. Committed rows are never touched.
func (a *Activities) DiscardRun(ctx context.Context, runID string) error {
	return nonRetryableIfRejected(a.discardRun(ctx, runID))
}

func (a *Activities) discardRun(ctx context.Context, runID string) error {
	if runID == "" {
		return invalidRequest("discard request without run_id")
	}
	if err := a.Warehouse.DiscardRun(ctx, runID); err != nil {
		return fmt.Errorf("discard run %s: %w", runID, err)
	}
	return nil
}
