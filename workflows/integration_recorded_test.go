package workflows_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"nbaflow/internal/nba"
	"nbaflow/workflows"
)

// The tests of this file check runs whose histories the replay tests pin
// (record_test.go): a date that lost its games, a scheduled run, a
// backfill of listed dates, as retry-failed starts it, and a backfill date
// in chunks per processor.

// TestIntegrationDateThatLostItsGames: a committed date whose games the
// schedule then moves away is run again: it has no games, and its commit of
// no players deletes the rows the earlier run left.
func TestIntegrationDateThatLostItsGames(t *testing.T) {
	s := newStack(t)
	date := mustDate(t, integrationDate)
	first, _ := s.runDaily(t, "lost-games-first", workflows.DailyInput{GameDate: integrationDate})
	rows := first.Processors[0].Inserted + first.Processors[1].Inserted
	if _, err := s.wh.DB().Exec("DELETE FROM schedule WHERE game_date = ?", date.String()); err != nil {
		t.Fatal(err)
	}
	res, run := s.runDaily(t, "lost-games-again", workflows.DailyInput{GameDate: integrationDate})
	deleted := 0
	for _, p := range res.Processors {
		deleted += p.Deleted
	}
	if res.Status != workflows.StatusNoGames || deleted != rows {
		t.Errorf("rerun %+v, want no_games and the %d rows of the first run deleted", res, rows)
	}
	if got := readOutcomes(t, s, date); len(got[nba.UPGC].rows)+len(got[nba.PSZA].rows) != 0 {
		t.Errorf("%s still holds rows after its games moved away", date)
	}
	recordHistory(t, s.c, run.GetID(), run.GetRunID(), "daily_no_games_committed.json")
}

// TestIntegrationScheduledRun triggers a Schedule's action: the run takes
// its game date from its scheduled time in New York and says it was
// scheduled.
func TestIntegrationScheduledRun(t *testing.T) {
	s := newStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	handle, err := s.c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:     "test-schedule-" + s.taskQueue,
		Spec:   client.ScheduleSpec{},
		Paused: true,
		Action: &client.ScheduleWorkflowAction{ID: "scheduled-" + s.taskQueue, Workflow: workflows.DailyWorkflowName,
			Args: []any{workflows.DailyInput{}}, TaskQueue: s.taskQueue},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { handle.Delete(context.Background()) })
	if err := handle.Trigger(ctx, client.ScheduleTriggerOptions{}); err != nil {
		t.Fatal(err)
	}
	var started *client.ScheduleWorkflowExecution
	for started == nil {
		desc, err := handle.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(desc.Info.RecentActions) > 0 {
			started = desc.Info.RecentActions[0].StartWorkflowResult
		}
		time.Sleep(50 * time.Millisecond)
	}
	var res workflows.DailyResult
	if err := s.c.GetWorkflow(ctx, started.WorkflowID, started.FirstExecutionRunID).Get(ctx, &res); err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if res.RunKind != workflows.RunScheduled || res.GameDate != time.Now().In(ny).Format(time.DateOnly) {
		t.Errorf("scheduled run %+v, want kind scheduled and today's date in New York", res)
	}
	recordHistory(t, s.c, started.WorkflowID, started.FirstExecutionRunID, "daily_scheduled.json")
}

// TestIntegrationBackfillOfListedDates runs a backfill of listed dates with
// one processor, as retry-failed starts one: only those dates and that
// processor are written.
func TestIntegrationBackfillOfListedDates(t *testing.T) {
	s := newStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dates := []string{"2025-01-14", integrationDate}
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "listed-dates-retry-1", TaskQueue: s.taskQueue},
		workflows.BackfillWorkflowName, workflows.BackfillInput{Dates: dates, Processors: []string{"upgc"}, ChunkSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	var res workflows.BackfillResult
	if err := run.Get(ctx, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != workflows.StatusSuccess || res.DatesDone != 2 {
		t.Errorf("backfill %+v, want both dates done", res)
	}
	for _, d := range dates {
		got := readOutcomes(t, s, mustDate(t, d))
		if len(got[nba.UPGC].rows) == 0 || len(got[nba.PSZA].rows) != 0 {
			t.Errorf("%s: %d context and %d shot-zone rows, want contexts only", d, len(got[nba.UPGC].rows), len(got[nba.PSZA].rows))
		}
	}
	recordHistory(t, s.c, run.GetID(), run.GetRunID(), "backfill_of_listed_dates.json")
}

// TestIntegrationCancelledRunDiscardsItsStaging cancels a daily run in the
// middle of its chunks: it ends cancelled, discards what it staged, and
// commits nothing.
func TestIntegrationCancelledRunDiscardsItsStaging(t *testing.T) {
	s := newStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	serial := false
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "cancelled-" + integrationDate, TaskQueue: s.taskQueue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: integrationDate, Parallel: &serial, ChunkSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	for {
		var p workflows.DailyProgress
		if v, err := s.c.QueryWorkflow(ctx, run.GetID(), run.GetRunID(), workflows.ProgressQuery); err == nil && v.Get(&p) == nil &&
			len(p.Processors) > 0 && p.Processors[0].ChunksDone >= 2 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.c.CancelWorkflow(ctx, run.GetID(), run.GetRunID()); err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); !temporal.IsCanceledError(err) {
		t.Fatalf("run ended with %v, want cancelled", err)
	}
	if staged, err := s.wh.StagedRuns(ctx); err != nil || len(staged) != 0 {
		t.Errorf("staging after the cancellation: %+v, %v", staged, err)
	}
	if hist, _ := s.wh.RunHistory(ctx, mustDate(t, integrationDate)); len(hist) != 0 {
		t.Errorf("a cancelled run committed: %+v", hist)
	}
	recordHistory(t, s.c, run.GetID(), run.GetRunID(), "daily_cancelled_with_discard.json")
}

// TestIntegrationBackfillChunksPerProcessor backfills one date without a
// chunk_size after a daily run of it: the backfill's daily run cuts each
// processor's players into workflows.BackfillChunks chunks, not the
// worker's 25 players, and leaves the date holding what the daily run did.
func TestIntegrationBackfillChunksPerProcessor(t *testing.T) {
	s := newStack(t)
	date := mustDate(t, integrationDate)
	daily, _ := s.runDaily(t, "chunks-daily-"+integrationDate, workflows.DailyInput{GameDate: integrationDate})
	want := readOutcomes(t, s, date)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "backfill-chunks", TaskQueue: s.taskQueue},
		workflows.BackfillWorkflowName, workflows.BackfillInput{Dates: []string{integrationDate}})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	childID := run.GetID() + "-" + integrationDate
	var res workflows.DailyResult
	if err := s.c.GetWorkflow(ctx, childID, "").Get(ctx, &res); err != nil {
		t.Fatal(err)
	}
	for i, p := range res.Processors {
		if p.Chunks != workflows.BackfillChunks || p.Planned != daily.Processors[i].Planned || daily.Processors[i].Chunks <= workflows.BackfillChunks {
			t.Errorf("%s: backfill date in %d chunks of %d players, daily run in %d chunks of %d, want %d chunks in the backfill",
				p.Processor, p.Chunks, p.Planned, daily.Processors[i].Chunks, daily.Processors[i].Planned, workflows.BackfillChunks)
		}
	}
	got := readOutcomes(t, s, date)
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		if !slices.Equal(got[p].rows, want[p].rows) || !maps.Equal(got[p].failures, want[p].failures) {
			t.Errorf("%s after the backfill: %d rows, %d failures; the daily run left %d rows, %d failures",
				p, len(got[p].rows), len(got[p].failures), len(want[p].rows), len(want[p].failures))
		}
	}
	recordHistory(t, s.c, childID, "", "daily_backfill_chunks.json")
}
