package workflows

import (
	"fmt"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Workflow type names, stable across renames of the Go functions.
const (
	DailyWorkflowName    = "DailyWorkflow"
	BackfillWorkflowName = "BackfillWorkflow"
)

// DefaultTaskQueue is the task queue the workers poll and the runs are
// started on.
const DefaultTaskQueue = "nba-analytics"

// BackfillTaskQueue is the task queue a backfill started on taskQueue runs
// its daily runs on: the same workers poll it, with fewer activity slots
// than they give taskQueue, so that a backfill never holds the slots
// tonight's run needs (docs/operations.md §4.1).
func BackfillTaskQueue(taskQueue string) string { return taskQueue + "-backfill" }

// ProgressQuery is the query both workflows answer with their progress.
const ProgressQuery = "progress"

// Run kinds, in NbaRunKind and in run history.
const (
	RunScheduled = "scheduled"
	RunManual    = "manual"
	RunBackfill  = "backfill"
)

// Custom search attributes; a namespace must register them before runs
// start (see internal/devserver and the operator docs).
var (
	GameDateKey      = temporal.NewSearchAttributeKeyKeyword("NbaGameDate")
	RunKindKey       = temporal.NewSearchAttributeKeyKeyword("NbaRunKind")
	FailedPlayersKey = temporal.NewSearchAttributeKeyInt64("NbaFailedPlayers")
)

// SearchAttributes returns the custom search attributes with placeholder
// values, in the form a dev server takes to register them.
func SearchAttributes() temporal.SearchAttributes {
	return temporal.NewSearchAttributes(GameDateKey.ValueSet(""), RunKindKey.ValueSet(""), FailedPlayersKey.ValueSet(0))
}

// Search attributes a Temporal Schedule sets on the runs it starts.
var (
	scheduledStartKey = temporal.NewSearchAttributeKeyTime("TemporalScheduledStartTime")
	scheduledByKey    = temporal.NewSearchAttributeKeyKeyword("TemporalScheduledById")
)

// DailyWorkflowID is the business key of a date's daily run.
func DailyWorkflowID(date civil.Date) string {
	return "nba-daily-" + date.String()
}

// BackfillWorkflowID is the business key of a backfill over [start, end].
func BackfillWorkflowID(start, end civil.Date) string {
	return fmt.Sprintf("nba-backfill-%s_%s", start, end)
}

// Registry is the part of a worker (or replayer) that registers workflows.
type Registry interface {
	RegisterWorkflowWithOptions(w any, options workflow.RegisterOptions)
}

// Register registers both workflows under their stable names.
func Register(r Registry) {
	r.RegisterWorkflowWithOptions(DailyWorkflow, workflow.RegisterOptions{Name: DailyWorkflowName})
	r.RegisterWorkflowWithOptions(BackfillWorkflow, workflow.RegisterOptions{Name: BackfillWorkflowName})
}
