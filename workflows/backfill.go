package workflows

import (
	"fmt"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
)

// Backfill defaults and bounds.
const (
	// DefaultMaxParallelDates fills both cores of a small machine: measured
	// on a synthetic season, 8 dates in flight took 99 to 101 s where 4 took
	// 113 to 126 s.
	DefaultMaxParallelDates = 8
	MaxParallelDates        = 50
	// DefaultContinueEvery dates per run keeps a run near 500 history
	// events; MaxContinueEvery keeps it under the server's suggestion to
	// continue as new (4,096 events), at about 8 events per date.
	DefaultContinueEvery = 50
	MaxContinueEvery     = 400
)

// BackfillInput starts a backfill over [start_date, end_date], or over an
// explicit list of dates (to re-run the failed dates of an earlier one):
//
//	temporal workflow start --type BackfillWorkflow --task-queue nba-analytics \
//	  --workflow-id nba-backfill-2024-10-22_2025-04-13 \
//	  --input '{"start_date":"2024-10-22","end_date":"2025-04-13"}'
type BackfillInput struct {
	StartDate  string   `json:"start_date,omitempty"`
	EndDate    string   `json:"end_date,omitempty"`
	Dates      []string `json:"dates,omitempty"`
	Processors []string `json:"processors,omitempty"`
	// MaxParallelDates bounds the daily runs in flight (default 8).
	MaxParallelDates int `json:"max_parallel_dates,omitempty"`
	// ChunkSize, MaxParallelChunks and Parallel pass through to each date.
	ChunkSize         int   `json:"chunk_size,omitempty"`
	MaxParallelChunks int   `json:"max_parallel_chunks,omitempty"`
	Parallel          *bool `json:"parallel,omitempty"`
	// ContinueEvery is how many dates one run starts before it continues
	// as new (default 50).
	ContinueEvery int `json:"continue_every,omitempty"`
	// StopAfterFailures stops the backfill after this many dates in a row
	// fail with the same error code (default 10; negative: never).
	StopAfterFailures int `json:"stop_after_failures,omitempty"`
	// OnlyStale runs only the game dates whose committed rows the inputs as
	// they are now would change, or that never committed (nbaflow stale);
	// the others are reported as up to date and left as they are.
	OnlyStale bool `json:"only_stale,omitempty"`
	// Carried is the progress of the earlier runs of this backfill, set by
	// continue-as-new; a new backfill leaves it empty.
	Carried *BackfillState `json:"carried,omitempty"`

	// unknown are the keys of the JSON input no field takes, Carried's
	// included (UnmarshalJSON); BackfillWorkflow rejects them.
	unknown []unknownField
}

// BackfillResult reports a whole backfill, across its runs.
type BackfillResult struct {
	Status         string       `json:"status"` // success, partial when dates failed, or stopped (StoppedReason)
	DatesTotal     int          `json:"dates_total"`
	DatesDone      int          `json:"dates_done"`
	DatesFailed    int          `json:"dates_failed"`
	Failed         []FailedDate `json:"failed,omitempty"`
	SkippedOffDays []civil.Date `json:"skipped_off_days,omitempty"`
	// UpToDate are the game dates an only_stale backfill left as they were.
	UpToDate         []civil.Date `json:"up_to_date,omitempty"`
	PlayersProcessed int          `json:"players_processed"`
	FailedPlayers    int          `json:"failed_players"`
	Runs             int          `json:"runs"`
	ElapsedMS        int64        `json:"elapsed_ms"`
	DatesPerMinute   float64      `json:"dates_per_minute"`
	// StoppedReason says why a stopped backfill stopped; NotStarted are
	// the dates it did not start then, which retry-failed re-runs with the
	// failed ones.
	StoppedReason   string       `json:"stopped_reason,omitempty"`
	DatesNotStarted int          `json:"dates_not_started,omitempty"`
	NotStarted      []civil.Date `json:"not_started,omitempty"`
}

// BackfillWorkflow runs DailyWorkflow for every game date of a range as
// child workflows, at most MaxParallelDates at a time, and continues as new
// every ContinueEvery dates with its progress carried, so a multi-season
// range never nears the history limits. Off-days are reported as skipped,
// failed dates are listed with their errors, and cancelling it cancels the
// daily runs in flight (each discards what it had staged).
func BackfillWorkflow(ctx workflow.Context, in BackfillInput) (BackfillResult, error) {
	if err := rejectUnknown(ctx, in.unknown); err != nil {
		return BackfillResult{}, err
	}
	if in.MaxParallelDates == 0 {
		in.MaxParallelDates = defaultParallelDates(ctx)
	}
	in, err := settleBackfill(in)
	if err != nil {
		return BackfillResult{}, err
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, RunKindKey.ValueSet(RunBackfill)); err != nil {
		return BackfillResult{}, err
	}
	b := &backfill{input: in, stopAfter: stopAfter(ctx, in)}
	if err := workflow.SetQueryHandler(ctx, ProgressQuery, func() (BackfillProgress, error) {
		return b.progress(ctx), nil
	}); err != nil {
		return BackfillResult{}, err
	}
	if in.Carried != nil {
		b.state = *in.Carried
	} else if b.state, err = listDates(ctx, in); err != nil {
		if ctx.Err() != nil {
			return BackfillResult{}, ctx.Err()
		}
		return BackfillResult{}, stepFailed(ErrPlanFailed, "ListGameDates", err)
	} else if in.OnlyStale {
		if err := b.keepStale(ctx); err != nil {
			if ctx.Err() != nil {
				return BackfillResult{}, ctx.Err()
			}
			return BackfillResult{}, stepFailed(ErrPlanFailed, "SelectStaleDates", err)
		}
	}
	b.report(ctx)

	b.runDates(ctx)
	if err := ctx.Err(); err != nil {
		b.report(ctx)
		return b.result(ctx), err
	}
	if len(b.state.Pending) > 0 && b.state.StoppedReason == "" {
		next := in
		next.Carried = &b.state
		next.Carried.Runs++
		return BackfillResult{}, workflow.NewContinueAsNewError(ctx, BackfillWorkflowName, next)
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, FailedPlayersKey.ValueSet(int64(b.state.FailedPlayers))); err != nil {
		return BackfillResult{}, err
	}
	b.report(ctx)
	return b.result(ctx), nil
}

// parallelDatesVersion marks the change of the default window from 4 dates
// to DefaultMaxParallelDates.
const parallelDatesVersion = "default-max-parallel-dates-8"

// defaultParallelDates is the window of a backfill started without one. A
// backfill started before the default changed keeps its 4 dates on replay;
// a continued run carries its window in its input and never asks.
func defaultParallelDates(ctx workflow.Context) int {
	if workflow.GetVersion(ctx, parallelDatesVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return 4
	}
	return DefaultMaxParallelDates
}

// settleBackfill fills in defaults and rejects what cannot run.
func settleBackfill(in BackfillInput) (BackfillInput, error) {
	if _, err := parseProcessors(in.Processors); err != nil {
		return in, err
	}
	if in.MaxParallelDates == 0 {
		in.MaxParallelDates = DefaultMaxParallelDates
	}
	if in.ContinueEvery == 0 {
		in.ContinueEvery = DefaultContinueEvery
	}
	if in.MaxParallelDates < 1 || in.MaxParallelDates > MaxParallelDates {
		return in, invalidInput("max_parallel_dates %d is not in [1, %d]", in.MaxParallelDates, MaxParallelDates)
	}
	if in.ContinueEvery < 1 || in.ContinueEvery > MaxContinueEvery {
		return in, invalidInput("continue_every %d is not in [1, %d]", in.ContinueEvery, MaxContinueEvery)
	}
	return in, nil
}

// listDates runs ListGameDates and starts the backfill's state from it.
func listDates(ctx workflow.Context, in BackfillInput) (BackfillState, error) {
	req := activities.DatesRequest{StartDate: in.StartDate, EndDate: in.EndDate, Dates: in.Dates}
	summary := fmt.Sprintf("list game dates %s to %s", in.StartDate, in.EndDate)
	if len(in.Dates) > 0 {
		summary = fmt.Sprintf("list game dates of %d dates", len(in.Dates))
	}
	var list activities.GameDateList
	if err := workflow.ExecuteActivity(withActivity(ctx, listDatesOptions, summary), activities.ListGameDatesName, req).Get(ctx, &list); err != nil {
		return BackfillState{}, err
	}
	return BackfillState{
		Pending:        list.GameDates,
		DatesTotal:     len(list.GameDates),
		SkippedOffDays: list.OffDays,
		StartedAt:      workflow.Now(ctx),
	}, nil
}

// keepStale leaves pending only the game dates that SelectStaleDates says
// need a run; the others become up to date. It runs once, in a backfill's
// first run, so every date is judged against the inputs of the same moment.
func (b *backfill) keepStale(ctx workflow.Context) error {
	processors, err := parseProcessors(b.input.Processors)
	if err != nil {
		return err
	}
	req := activities.StaleDatesRequest{Processors: processors}
	for _, d := range b.state.Pending {
		req.Dates = append(req.Dates, d.String())
	}
	summary := fmt.Sprintf("select the stale dates of %d game dates", len(req.Dates))
	var list activities.StaleDateList
	if err := workflow.ExecuteActivity(withActivity(ctx, staleDatesOptions, summary), activities.SelectStaleDatesName, req).Get(ctx, &list); err != nil {
		return err
	}
	b.state.Pending, b.state.UpToDate = list.Run, list.UpToDate
	b.state.DatesTotal = len(list.Run)
	return nil
}

// runDates starts this run's share of the pending dates as child daily
// runs through the window, and waits for all of them: a run continues as new
// only with no child in flight, so none is orphaned.
func (b *backfill) runDates(ctx workflow.Context) {
	batch := b.state.Pending[:min(len(b.state.Pending), b.input.ContinueEvery)]
	started := slidingWindow(ctx, len(batch), b.input.MaxParallelDates,
		func(started int) bool {
			// Heed the server's suggestion to continue as new, but only
			// after one date, so that every run makes progress.
			return ctx.Err() != nil || b.stopping() || (started > 0 && workflow.GetInfo(ctx).GetContinueAsNewSuggested())
		},
		func(i int) workflow.Future {
			b.inFlight++
			return workflow.ExecuteChildWorkflow(b.childContext(ctx, batch[i]), DailyWorkflowName, b.childInput(batch[i]))
		},
		func(i int, f workflow.Future) {
			b.inFlight--
			var res DailyResult
			b.record(ctx, batch[i], res, f.Get(ctx, &res))
			b.report(ctx)
		})
	b.state.Pending = b.state.Pending[started:]
}

// childContext names the date's child run after the backfill, so a re-run
// of the backfill finds its children, and asks for the child to be
// cancelled, not abandoned, when the backfill closes. The child carries its
// NbaGameDate and NbaRunKind from its start, not only from its own upsert,
// so that nbaflow daily sees the date in flight even before a worker has
// picked the child up. Replay matches a child start by its workflow type
// only, so histories recorded without them still replay.
func (b *backfill) childContext(ctx workflow.Context, date civil.Date) workflow.Context {
	opts := workflow.ChildWorkflowOptions{
		WorkflowID:          workflow.GetInfo(ctx).WorkflowExecution.ID + "-" + date.String(),
		ParentClosePolicy:   enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		WaitForCancellation: true,
		StaticSummary:       "backfill " + date.String(),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			GameDateKey.ValueSet(date.String()), RunKindKey.ValueSet(RunBackfill)),
	}
	if workflow.GetVersion(ctx, backfillPriorityVersion, workflow.DefaultVersion, 1) >= 1 {
		opts.Priority = temporal.Priority{PriorityKey: BackfillPriorityKey}
	}
	if workflow.GetVersion(ctx, backfillQueueVersion, workflow.DefaultVersion, 1) >= 1 {
		opts.TaskQueue = BackfillTaskQueue(workflow.GetInfo(ctx).TaskQueueName)
	}
	return workflow.WithChildOptions(ctx, opts)
}

// backfillQueueVersion marks backfills whose children run on the backfill
// task queue (BackfillTaskQueue); earlier ones replay on their own queue.
const backfillQueueVersion = "backfill-own-queue"

// BackfillPriorityKey is the task-queue priority of a backfill's daily
// runs, and so of their workflow and activity tasks: below the default (3)
// that the nightly and manual runs have, so that when tasks back up in the
// queue tonight's run is served first (docs/operations.md §4.1). A server
// without the priority matcher ignores it.
const BackfillPriorityKey = 5

// backfillPriorityVersion marks backfills whose children carry
// BackfillPriorityKey; earlier ones replay without it.
const backfillPriorityVersion = "backfill-low-priority"

func (b *backfill) childInput(date civil.Date) DailyInput {
	return DailyInput{
		GameDate:          date.String(),
		Processors:        b.input.Processors,
		ChunkSize:         b.input.ChunkSize,
		MaxParallelChunks: b.input.MaxParallelChunks,
		Parallel:          b.input.Parallel,
		RunKind:           RunBackfill,
	}
}

// record counts one finished child. A child cancelled because the backfill
// is being cancelled is neither done nor failed.
func (b *backfill) record(ctx workflow.Context, date civil.Date, res DailyResult, err error) {
	switch {
	case err == nil:
		b.state.Done++
		b.state.ConsecutiveFailures = 0
		b.state.FailedPlayers += res.FailedPlayers
		for _, p := range res.Processors {
			b.state.PlayersProcessed += p.Planned
		}
	case temporal.IsCanceledError(err) && ctx.Err() != nil:
	default:
		b.recordFailure(date, err)
	}
}
