package nbaworker

import (
	"context"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/warehouse"
)

// MetricStagingSwept counts the runs whose abandoned staging a worker
// removed.
const MetricStagingSwept = "nbaflow_staging_runs_swept_total"

// SweepStaging removes, now and then every every until ctx ends, the
// staging of runs whose newest staged row is older than maxAge: runs that
// were terminated, timed out or reset away from, which never commit or
// discard it. Every worker sweeps; a sweep finds nothing the others took.
func SweepStaging(ctx context.Context, wh warehouse.Warehouse, every, maxAge time.Duration, logger *slog.Logger, metrics client.MetricsHandler) {
	if metrics == nil {
		metrics = client.MetricsNopHandler
	}
	for {
		swept, err := wh.SweepStaging(ctx, time.Now().Add(-maxAge))
		if err != nil && ctx.Err() == nil {
			logger.Warn("sweeping abandoned staging failed; the next sweep tries again", "every", every, "error", err)
		}
		for _, r := range swept {
			logger.Info("swept the staging of a run that ended without committing it", "runID", r.RunID, "rows", r.Rows, "stagedLast", r.Newest)
		}
		metrics.Counter(MetricStagingSwept).Inc(int64(len(swept)))
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
