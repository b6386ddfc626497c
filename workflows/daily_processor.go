package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// Statuses of one processor within a daily run.
const (
	procPending    = "pending"
	procComputing  = "computing"
	procCommitting = "committing"
	procCommitted  = "committed"
	procSkipped    = "skipped"
	procSuperseded = "superseded" // a newer run of the date had committed
	procFailed     = "failed"
	procCancelled  = "cancelled"
)

// chunkActivities names each processor's chunk activity.
var chunkActivities = map[nba.Processor]string{
	nba.UPGC: activities.ComputeContextChunkName,
	nba.PSZA: activities.ComputeShotZoneChunkName,
}

// processorRun is one processor's share of a date: its chunks, the window
// they run in, and its commit.
type processorRun struct {
	processor nba.Processor
	chunks    [][]nba.PlannedPlayer
	progress  ProcessorProgress
	result    ProcessorResult
	// rows are the rows the chunks staged (progress.Failed the failures):
	// what the commit must find in staging.
	rows int
	// committed is set once the processor's commit has landed.
	committed bool
	// err is the first failure that stops the processor, at failedStep.
	err        error
	failedStep string
}

func newProcessorRun(p nba.Processor, players []nba.PlannedPlayer, size int, skipped string) *processorRun {
	r := &processorRun{
		processor: p,
		chunks:    splitChunks(players, size),
		progress:  ProcessorProgress{Processor: p, Status: procPending, Planned: len(players)},
		result:    ProcessorResult{Processor: p, Planned: len(players), SkippedReason: skipped},
	}
	r.progress.ChunksTotal = len(r.chunks)
	r.result.Chunks = len(r.chunks)
	if skipped != "" {
		r.progress.Status = procSkipped
	}
	return r
}

// splitChunks cuts players into chunks of size, keeping plan order (by
// team), so a chunk's inputs load in few rows.
func splitChunks(players []nba.PlannedPlayer, size int) [][]nba.PlannedPlayer {
	var chunks [][]nba.PlannedPlayer
	for start := 0; start < len(players); start += size {
		chunks = append(chunks, players[start:min(start+size, len(players))])
	}
	return chunks
}

// run computes the processor's chunks, then commits them unless a chunk
// failed for good or the run was cancelled. A processor that skips the
// date commits that it has no players, so that the date holds none.
func (r *processorRun) run(ctx workflow.Context, d *dailyRun) {
	if r.progress.Status == procSkipped {
		if commitsEmptyOutcomes(ctx) {
			r.commit(ctx, d)
		}
		return
	}
	r.compute(ctx, d)
	if ctx.Err() != nil {
		r.progress.Status = procCancelled
		return
	}
	if r.err != nil {
		r.progress.Status = procFailed
		return
	}
	r.commit(ctx, d)
}

// compute runs the chunks through a window of d.chunking.window in flight.
func (r *processorRun) compute(ctx workflow.Context, d *dailyRun) {
	begun := workflow.Now(ctx)
	r.progress.Status = procComputing
	n := len(r.chunks)
	slidingWindow(ctx, n, d.chunking.window,
		func(int) bool { return r.err != nil || ctx.Err() != nil },
		func(i int) workflow.Future {
			r.progress.ChunksInFlight++
			opts := chunkOptions
			opts.ActivityID = fmt.Sprintf("%s-chunk-%d", strings.ToLower(shortName(r.processor)), i+1)
			actx := withActivity(ctx, opts, chunkSummary(r.processor, i, n, r.chunks[i]))
			req := activities.ChunkRequest{RunID: d.stagingID, Flags: *d.flags, Mode: d.mode(), Players: r.chunks[i]}
			return workflow.ExecuteActivity(actx, chunkActivities[r.processor], req)
		},
		func(i int, f workflow.Future) {
			r.progress.ChunksInFlight--
			var res activities.ChunkResult
			if err := f.Get(ctx, &res); err != nil {
				r.fail(fmt.Sprintf("%s chunk %d/%d", shortName(r.processor), i+1, n), err)
			} else {
				r.progress.ChunksDone++
				r.progress.Done += res.Players
				r.progress.Failed += res.Failed
				r.rows += res.Rows
			}
			d.report(ctx)
		})
	r.result.ComputeMS = workflow.Now(ctx).Sub(begun).Milliseconds()
}

// commit makes the run's staged rows of this processor the date's
// outcome, unless a newer run of the date committed first.
func (r *processorRun) commit(ctx workflow.Context, d *dailyRun) {
	actx := ctx
	if commitsOneAtATime(ctx) {
		if err := d.commitTurn.Lock(ctx); err != nil { // cancelled while waiting
			r.progress.Status = procCancelled
			return
		}
		defer d.commitTurn.Unlock()
		// A commit once begun is carried to its end, cancellation or not:
		// it is one atomic step, and a run must report what it wrote.
		var cancel workflow.CancelFunc
		actx, cancel = workflow.NewDisconnectedContext(ctx)
		defer cancel()
	}
	begun := workflow.Now(ctx)
	status := r.progress.Status
	r.progress.Status = procCommitting
	d.report(ctx)
	req := activities.CommitDateRequest{
		RunID: d.runID, StagingID: d.stagingID, Processor: r.processor, GameDate: d.params.date, RunKind: d.params.kind, StartedAt: d.started,
		PlannedAt: d.plannedAt, Staged: &warehouse.StagedCount{Rows: r.rows, Failures: r.progress.Failed},
	}
	summary := fmt.Sprintf("commit %s %s · %d players", shortName(r.processor), d.params.date, r.progress.Planned)
	var res warehouse.CommitResult
	err := workflow.ExecuteActivity(withActivity(actx, commitOptions, summary), activities.CommitDateName, req).Get(actx, &res)
	r.result.CommitMS = workflow.Now(ctx).Sub(begun).Milliseconds()
	if err != nil {
		r.fail("commit "+shortName(r.processor), err)
		r.progress.Status = procFailed
		if temporal.IsCanceledError(err) {
			r.progress.Status = procCancelled
		}
		return
	}
	r.record(res, status)
	d.report(ctx)
}

// record takes in what the commit did; a skipped processor stays skipped.
func (r *processorRun) record(res warehouse.CommitResult, status string) {
	r.committed = true
	r.result.Inserted, r.result.Updated, r.result.Unchanged, r.result.Deleted = res.Inserted, res.Updated, res.Unchanged, res.Deleted
	r.progress.Deleted = res.Deleted
	// An expected early-season gap is a skip, not a failure: it must not
	// count in NbaFailedPlayers or alerts.
	r.result.Skipped = res.FailuresByCategory[string(nba.ExpectedIncomplete)]
	r.result.Failed, r.result.FailuresByCategory = res.Failed-r.result.Skipped, res.FailuresByCategory
	r.result.Superseded, r.result.SupersededBy = res.Superseded, res.SupersededBy
	switch {
	case res.Superseded:
		r.progress.Status = procSuperseded
	case status == procSkipped:
		r.progress.Status = procSkipped
	default:
		r.progress.Status = procCommitted
	}
}

// fail records the processor's first failure. A cancellation is not one:
// the run as a whole is cancelled.
func (r *processorRun) fail(step string, err error) {
	if r.err != nil || temporal.IsCanceledError(err) {
		return
	}
	r.err, r.failedStep = err, step
}

// failedCount is the players that failed: the commit's count once
// committed, else what the chunks reported.
func (r *processorRun) failedCount() int {
	if r.progress.Status == procCommitted || r.progress.Status == procSuperseded {
		return r.result.Failed
	}
	return r.progress.Failed
}

// chunkSummary is the one line the UI shows for a chunk activity, e.g.
// "UPGC chunk 3/18 · 25 players · ATL–BOS" or "PSZA 7/450 · jokicnikola · DEN".
func chunkSummary(p nba.Processor, i, n int, players []nba.PlannedPlayer) string {
	if len(players) == 1 {
		return fmt.Sprintf("%s %d/%d · %s · %s", shortName(p), i+1, n, players[0].PlayerLookup, players[0].TeamAbbr)
	}
	first, last := players[0].TeamAbbr, players[len(players)-1].TeamAbbr
	teams := first
	if first != last {
		teams = first + "–" + last
	}
	return fmt.Sprintf("%s chunk %d/%d · %d players · %s", shortName(p), i+1, n, len(players), teams)
}
