package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

// Phases of a daily run, in its progress.
const (
	phasePlanning  = "planning"
	phaseComputing = "computing"
	phaseDone      = "done"
	phaseNoGames   = "no_games"
	phaseFailed    = "failed"
	phaseCancelled = "cancelled"
)

// DailyProgress is the answer to the "progress" query of a daily run.
type DailyProgress struct {
	GameDate   string              `json:"game_date"`
	RunKind    string              `json:"run_kind"`
	Phase      string              `json:"phase"`
	Processors []ProcessorProgress `json:"processors,omitempty"`
}

// ProcessorProgress is one processor's progress within a daily run.
type ProcessorProgress struct {
	Processor      nba.Processor `json:"processor"`
	Status         string        `json:"status"`
	Planned        int           `json:"planned"`
	Done           int           `json:"done"`
	Failed         int           `json:"failed"`
	Deleted        int           `json:"deleted"`
	ChunksTotal    int           `json:"chunks_total"`
	ChunksDone     int           `json:"chunks_done"`
	ChunksInFlight int           `json:"chunks_in_flight"`
}

// dailyRun is the orchestration state of one daily run.
type dailyRun struct {
	params     dailyParams
	runID      string // this execution (runIDs)
	stagingID  string // the run whose staging it writes (runIDs)
	started    time.Time
	plannedAt  time.Time // the plan's fence
	planMS     int64
	phase      string
	flags      *nba.DateFlags
	chunking   chunking
	processors []*processorRun
	// commitTurn lets one processor commit at a time (serialCommitsVersion).
	commitTurn workflow.Mutex
}

func newDailyRun(ctx workflow.Context, params dailyParams, started time.Time) *dailyRun {
	d := &dailyRun{params: params, started: started, phase: phasePlanning, commitTurn: workflow.NewMutex(ctx)}
	d.runID, d.stagingID = runIDs(ctx)
	return d
}

// runIDs names the run twice. run is this execution, which commits and
// which the run history, the result and the UI show: a commit is
// idempotent for its own execution's retries only, so a reset commits for
// real. staging is the chain's first execution, stable across worker
// restarts, replays and resets: chunks whose completion a reset kept in
// its history staged under it, and commit together with the chunks staged
// after the reset.
func runIDs(ctx workflow.Context) (run, staging string) {
	info := workflow.GetInfo(ctx)
	run = info.WorkflowExecution.ID + "/" + info.WorkflowExecution.RunID
	staging = run
	if info.OriginalRunID != "" {
		staging = info.WorkflowExecution.ID + "/" + info.OriginalRunID
	}
	return run, staging
}

// startProcessors sets up each requested processor from the plan.
func (d *dailyRun) startProcessors(ctx workflow.Context, plan activities.Plan) {
	d.flags = plan.Flags
	d.chunking = d.params.chunkingFor(ctx, plan.Defaults)
	for _, p := range d.params.processors {
		players := plan.Players(p)
		d.processors = append(d.processors, newProcessorRun(p, players, d.chunking.sizeFor(len(players)), plan.SkipReason(p)))
	}
}

// mode is the builders' run mode: backfills skip the daily completeness gate.
func (d *dailyRun) mode() nba.RunMode {
	if d.params.kind == RunBackfill {
		return nba.RunBackfill
	}
	return nba.RunDaily
}

func (d *dailyRun) failedPlayers() int {
	n := 0
	for _, r := range d.processors {
		n += r.failedCount()
	}
	return n
}

// allCommitted reports whether every processor's commit has landed.
func (d *dailyRun) allCommitted() bool {
	for _, r := range d.processors {
		if !r.committed {
			return false
		}
	}
	return len(d.processors) > 0
}

// superseded reports whether a newer run committed every processor first.
func (d *dailyRun) superseded() bool {
	for _, r := range d.processors {
		if r.progress.Status != procSuperseded {
			return false
		}
	}
	return len(d.processors) > 0
}

// failedProcessor returns the first processor that failed for good.
func (d *dailyRun) failedProcessor() *processorRun {
	for _, r := range d.processors {
		if r.err != nil {
			return r
		}
	}
	return nil
}

// progress answers the "progress" query.
func (d *dailyRun) progress() (DailyProgress, error) {
	p := DailyProgress{GameDate: d.params.date.String(), RunKind: d.params.kind, Phase: d.phase}
	for _, r := range d.processors {
		p.Processors = append(p.Processors, r.progress)
	}
	return p, nil
}

// report shows a one-line summary in the UI, e.g.
// "2025-01-15 manual · computing · UPGC 312/450 (3 failed) · PSZA 120/440".
func (d *dailyRun) report(ctx workflow.Context) {
	parts := []string{d.params.date.String() + " " + d.params.kind, d.phase}
	for _, r := range d.processors {
		pr := r.progress
		s := fmt.Sprintf("%s %d/%d", shortName(pr.Processor), pr.Done, pr.Planned)
		switch {
		case pr.Status == procSkipped:
			s = shortName(pr.Processor) + " " + r.result.SkippedReason
		case pr.Failed > 0:
			s += fmt.Sprintf(" (%d failed)", pr.Failed)
		}
		parts = append(parts, s)
	}
	workflow.SetCurrentDetails(ctx, strings.Join(parts, " · "))
}
