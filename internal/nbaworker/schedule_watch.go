package nbaworker

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/operator"
)

// The gauges of the nightly Schedule's health, so that a night the
// Schedule did not run raises an alert rather than passing unseen.
const (
	MetricScheduleMissed  = "nbaflow_schedule_missed_actions"
	MetricScheduleSkipped = "nbaflow_schedule_skipped_actions"
	MetricMissedNights    = "nbaflow_schedule_missed_nights"
)

// WatchSchedule sets the Schedule's gauges from its health now and then
// every every, until ctx ends: the actions it missed (the server was down
// past the catch-up window), skipped (overlap), and the nights of the last
// two weeks with no run of their date at all. Without a Schedule it says
// nothing.
func WatchSchedule(ctx context.Context, op *operator.Operator, every time.Duration, logger *slog.Logger, metrics client.MetricsHandler) {
	if metrics == nil {
		metrics = client.MetricsNopHandler
	}
	op.WatchSchedule(ctx, every, func(h operator.ScheduleHealth, err error) { //nolint:errcheck // ends with ctx
		switch {
		case errors.Is(err, operator.ErrNoSchedule) || ctx.Err() != nil:
			return
		case err != nil:
			logger.Warn("reading the schedule's health failed", "schedule", operator.ScheduleID, "error", err)
			return
		}
		metrics.Gauge(MetricScheduleMissed).Update(float64(h.MissedCatchup))
		metrics.Gauge(MetricScheduleSkipped).Update(float64(h.SkippedOverlap))
		metrics.Gauge(MetricMissedNights).Update(float64(len(h.MissedNights)))
		if len(h.MissedNights) > 0 {
			logger.Warn("nights with no daily run", "schedule", operator.ScheduleID, "nights", h.MissedNights)
		}
	})
}
