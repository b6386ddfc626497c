package workflows

import (
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

// Statuses of a finished daily run.
const (
	StatusSuccess = "success" // every planned player has a row
	StatusPartial = "partial" // some players failed; their failures are recorded
	StatusNoGames = "no_games"
	// StatusSuperseded: a newer run of the date committed every processor
	// first; this run wrote nothing.
	StatusSuperseded = "superseded"
)

// commitEmptyOutcomesVersion marks runs that commit a processor with no
// players (a date without games, a skipped processor), so that rows a
// schedule change left behind are deleted. Runs recorded before it commit
// nothing then, and replay so.
const commitEmptyOutcomesVersion = "commit-empty-outcomes"

// serialCommitsVersion marks runs that commit their processors one at a
// time, each carried to its end once begun. On BigQuery both commits of a
// date mutate the date's partition of committed_runs and entity_failures,
// and two statements mutating one partition at once conflict; the commits
// are short, so waiting costs little. A commit that a cancellation does
// not cut short lets a run cancelled after its commits landed report them.
// Runs recorded before it commit both at once and cancel a commit in
// flight, and replay so.
const serialCommitsVersion = "serial-commits"

// commitsOneAtATime reports whether this run commits one processor at a time.
func commitsOneAtATime(ctx workflow.Context) bool {
	return workflow.GetVersion(ctx, serialCommitsVersion, workflow.DefaultVersion, 1) >= 1
}

// commitsEmptyOutcomes reports whether this run commits empty outcomes.
func commitsEmptyOutcomes(ctx workflow.Context) bool {
	return workflow.GetVersion(ctx, commitEmptyOutcomesVersion, workflow.DefaultVersion, 1) >= 1
}

// DailyResult is what a daily run reports: counts and timings, never rows.
type DailyResult struct {
	GameDate      string            `json:"game_date"`
	RunKind       string            `json:"run_kind"`
	RunID         string            `json:"run_id"`
	Status        string            `json:"status"`
	FailedPlayers int               `json:"failed_players"`
	Processors    []ProcessorResult `json:"processors,omitempty"`
	Timings       Timings           `json:"timings_ms"`
}

// ProcessorResult is one processor's share of a daily run.
type ProcessorResult struct {
	Processor nba.Processor `json:"processor"`
	Planned   int           `json:"planned"`
	Inserted  int           `json:"inserted"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	// Deleted are rows of the date this run did not produce (players
	// dropped from the plan, ruled out or failed), removed by its commit.
	Deleted int `json:"deleted"`
	Failed  int `json:"failed"`
	// Skipped are players with too few games to profile yet
	// (EXPECTED_INCOMPLETE): listed by category, not counted as failed.
	Skipped            int            `json:"skipped"`
	FailuresByCategory map[string]int `json:"failures_by_category,omitempty"`
	SkippedReason      string         `json:"skipped_reason,omitempty"`
	// Superseded is set when a newer run of the date had committed this
	// processor: this run wrote nothing for it. SupersededBy names that run.
	Superseded   bool   `json:"superseded,omitempty"`
	SupersededBy string `json:"superseded_by,omitempty"`
	Chunks       int    `json:"chunks"`
	ComputeMS    int64  `json:"compute_ms"`
	CommitMS     int64  `json:"commit_ms"`
}

// Timings are milliseconds of workflow time. The processors compute and
// commit side by side, so their own times are in ProcessorResult.
type Timings struct {
	PlanMS  int64 `json:"plan_ms"`
	TotalMS int64 `json:"total_ms"`
}

// DailyWorkflow computes both per-player processors for one game date:
// plan the date, compute each processor's players in chunks (the two
// processors side by side, a bounded window of chunks each), commit each
// processor's staged rows atomically, and report counts.
func DailyWorkflow(ctx workflow.Context, in DailyInput) (DailyResult, error) {
	started := workflow.Now(ctx)
	params, err := resolveDaily(ctx, in)
	if err != nil {
		return DailyResult{}, err
	}
	d := newDailyRun(ctx, params, started)
	if err := workflow.SetQueryHandler(ctx, ProgressQuery, d.progress); err != nil {
		return DailyResult{}, err
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx,
		GameDateKey.ValueSet(params.date.String()), RunKindKey.ValueSet(params.kind)); err != nil {
		return DailyResult{}, err
	}
	d.report(ctx)

	plan, err := d.plan(ctx)
	if err != nil {
		if ctx.Err() != nil { // cancelled while planning: nothing is staged yet
			d.phase = phaseCancelled
			return DailyResult{}, ctx.Err()
		}
		d.phase = phaseFailed
		d.report(ctx)
		return DailyResult{}, stepFailed(ErrPlanFailed, "PlanDate "+params.date.String(), err)
	}
	d.plannedAt = plan.PlannedAt
	if !plan.HasGames {
		d.phase = phaseNoGames
		d.report(ctx)
		if commitsEmptyOutcomes(ctx) {
			d.commitNoPlayers(ctx)
			if err := d.commitError(ctx); err != nil {
				return DailyResult{}, err
			}
		}
		return d.result(ctx, StatusNoGames), nil
	}

	d.startProcessors(ctx, plan)
	d.phase = phaseComputing
	d.report(ctx)
	if d.chunking.parallel {
		// Wait does not return early on cancellation: the processors
		// drain their chunks first, so staging is quiet before a discard.
		wg := workflow.NewWaitGroup(ctx)
		for _, r := range d.processors {
			wg.Go(ctx, func(ctx workflow.Context) { r.run(ctx, d) })
		}
		wg.Wait(ctx)
	} else {
		for _, r := range d.processors {
			r.run(ctx, d)
		}
	}
	return d.finish(ctx)
}

// plan runs PlanDate for the run's date and processors.
func (d *dailyRun) plan(ctx workflow.Context) (activities.Plan, error) {
	var plan activities.Plan
	req := activities.PlanRequest{GameDate: d.params.date.String(), Processors: d.params.processors, RunKind: d.params.kind}
	actx := withActivity(ctx, planOptions, "plan "+d.params.date.String())
	err := workflow.ExecuteActivity(actx, activities.PlanDateName, req).Get(ctx, &plan)
	d.planMS = workflow.Now(ctx).Sub(d.started).Milliseconds()
	return plan, err
}

// finish ends the run: a cancelled or failed run discards what it staged
// and did not commit; a finished one reports its counts, and so does one
// cancelled after every commit landed: it wrote them.
func (d *dailyRun) finish(ctx workflow.Context) (DailyResult, error) {
	if err := ctx.Err(); err != nil && !d.allCommitted() {
		d.phase = phaseCancelled
		d.discard(ctx)
		d.report(ctx)
		return d.result(ctx, ""), err
	}
	failed := d.failedPlayers()
	if err := workflow.UpsertTypedSearchAttributes(ctx, FailedPlayersKey.ValueSet(int64(failed))); err != nil {
		return DailyResult{}, err
	}
	if r := d.failedProcessor(); r != nil {
		d.phase = phaseFailed
		d.discard(ctx)
		d.report(ctx)
		return DailyResult{}, stepFailed(ErrProcessorFailed, r.failedStep, r.err)
	}
	d.phase = phaseDone
	d.report(ctx)
	status := StatusSuccess
	switch {
	case d.superseded():
		status = StatusSuperseded
	case failed > 0:
		status = StatusPartial
	}
	return d.result(ctx, status), nil
}

// commitError ends a run whose commits of no players were cancelled or
// failed; nothing was staged, so there is nothing to discard.
func (d *dailyRun) commitError(ctx workflow.Context) error {
	if err := ctx.Err(); err != nil && !d.allCommitted() {
		d.phase = phaseCancelled
		return err
	}
	if r := d.failedProcessor(); r != nil {
		d.phase = phaseFailed
		d.report(ctx)
		return stepFailed(ErrProcessorFailed, r.failedStep, r.err)
	}
	return nil
}

// commitNoPlayers commits each requested processor of a date without games
// with no players, so that the date holds no rows.
func (d *dailyRun) commitNoPlayers(ctx workflow.Context) {
	for _, p := range d.params.processors {
		r := newProcessorRun(p, nil, 1, "")
		d.processors = append(d.processors, r)
		r.commit(ctx, d)
	}
}

// discard deletes the run's uncommitted staging, on a context that outlives
// a cancellation. Committed processors are untouched (commits are atomic).
func (d *dailyRun) discard(ctx workflow.Context) {
	dctx, cancel := workflow.NewDisconnectedContext(ctx)
	defer cancel()
	actx := withActivity(dctx, discardOptions, "discard staging of "+d.stagingID)
	if err := workflow.ExecuteActivity(actx, activities.DiscardRunName, d.stagingID).Get(dctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("discarding the run's staging failed", "runID", d.stagingID, "error", err)
	}
}

// result builds the run's result with a status.
func (d *dailyRun) result(ctx workflow.Context, status string) DailyResult {
	res := DailyResult{
		GameDate:      d.params.date.String(),
		RunKind:       d.params.kind,
		RunID:         d.runID,
		Status:        status,
		FailedPlayers: d.failedPlayers(),
		Timings:       Timings{PlanMS: d.planMS, TotalMS: workflow.Now(ctx).Sub(d.started).Milliseconds()},
	}
	for _, r := range d.processors {
		res.Processors = append(res.Processors, r.result)
	}
	return res
}
