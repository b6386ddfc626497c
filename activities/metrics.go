package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// nbaflow's own metrics. The activities record them through
// activity.GetMetricsHandler, the handler of the worker's client: no global
// registry, the same exporter as the SDK's metrics, and the SDK's labels
// (namespace, task_queue, activity_type, workflow_type) on every series.
const (
	// MetricPlayersProcessed counts players a chunk staged, with a row or
	// with a failure, per processor. Counts are per attempt: a chunk
	// retried after a crash between a staging write and its heartbeat
	// counts the few players it stages again.
	MetricPlayersProcessed = "nbaflow_players_processed_total"
	// MetricPlayersFailed counts the staged players that failed, per
	// processor and failure category (nba.Category).
	MetricPlayersFailed = "nbaflow_players_failed_total"
	// MetricChunkDuration is the time of a chunk attempt that succeeded:
	// loading the inputs, building the players and staging them.
	MetricChunkDuration = "nbaflow_chunk_duration_seconds"
	// MetricCommitDuration is the time of a successful commit of one
	// processor and date, lock waits included.
	MetricCommitDuration = "nbaflow_commit_duration_seconds"
	// MetricRowsCommitted counts the rows commits changed or kept, per
	// processor and change (inserted, updated, unchanged, deleted).
	MetricRowsCommitted = "nbaflow_rows_committed_total"
	// MetricCommitsSuperseded counts commits that wrote nothing because a
	// newer run of the date had committed, per processor.
	MetricCommitsSuperseded = "nbaflow_commits_superseded_total"
)

// Labels of nbaflow's own metrics.
const (
	LabelProcessor = "processor"
	LabelCategory  = "category"
	LabelChange    = "change"
)

// metricsOf returns the activity's metrics handler tagged with a processor.
func metricsOf(ctx context.Context, p nba.Processor) client.MetricsHandler {
	return activity.GetMetricsHandler(ctx).WithTags(map[string]string{LabelProcessor: string(p)})
}

// recordStaged counts the players of one staging write.
func recordStaged(ctx context.Context, p nba.Processor, players int, failures []nba.Failure) {
	m := metricsOf(ctx, p)
	m.Counter(MetricPlayersProcessed).Inc(int64(players))
	byCategory := map[nba.Category]int64{}
	for _, f := range failures {
		byCategory[f.Category]++
	}
	for c, n := range byCategory {
		m.WithTags(map[string]string{LabelCategory: string(c)}).Counter(MetricPlayersFailed).Inc(n)
	}
}

// recordDuration records the time since begun on a processor's timer.
func recordDuration(ctx context.Context, p nba.Processor, name string, begun time.Time) {
	metricsOf(ctx, p).Timer(name).Record(time.Since(begun))
}

// recordCommit counts what a commit did.
func recordCommit(ctx context.Context, p nba.Processor, res warehouse.CommitResult) {
	m := metricsOf(ctx, p)
	if res.Superseded {
		m.Counter(MetricCommitsSuperseded).Inc(1)
		return
	}
	for _, c := range []struct {
		change string
		rows   int
	}{{"inserted", res.Inserted}, {"updated", res.Updated}, {"unchanged", res.Unchanged}, {"deleted", res.Deleted}} {
		m.WithTags(map[string]string{LabelChange: c.change}).Counter(MetricRowsCommitted).Inc(int64(c.rows))
	}
}
