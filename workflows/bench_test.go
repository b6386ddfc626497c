package workflows_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// benchDate is a full slate of the seeded league: 15 games.
const benchDate = "2025-02-26"

// BenchmarkDailyDate runs one full date, both processors, on a real worker
// and dev server over sqlite, in default chunking and one activity per
// player. DESIGN.md targets: under 3 s a date in default chunking, at least
// 60 players/s one activity per player.
//
//	NBAFLOW_TEMPORAL_BIN=$PWD/bin/temporal go test -run '^$' -bench DailyDate -benchtime 3x ./workflows
func BenchmarkDailyDate(b *testing.B) {
	defaults := defaultStackConfig(b)
	with := func(change func(*stackConfig)) stackConfig {
		cfg := defaults
		change(&cfg)
		return cfg
	}
	// One activity per player with a window of 16: every completion takes
	// a workflow task before the next player starts, so a wider window
	// keeps the worker's slots busier (window_8 compares).
	perPlayer := defaults.chunking
	perPlayer.ChunkSize, perPlayer.MaxParallelChunks = 1, 16
	for _, bc := range []struct {
		name string
		cfg  stackConfig
	}{
		{"chunks_of_25", defaults},
		{"chunks_of_25_stage_every_player", with(func(c *stackConfig) { c.stageEvery = 1 })},
		{"chunks_of_25_sdk_default_slots_and_pollers", with(func(c *stackConfig) { c.worker = worker.Options{} })},
		{"per_player", with(func(c *stackConfig) { c.chunking = perPlayer })},
		{"per_player_window_8", with(func(c *stackConfig) { c.chunking = perPlayer; c.chunking.MaxParallelChunks = 8 })},
		{"per_player_2_pollers", with(func(c *stackConfig) {
			c.chunking = perPlayer
			c.worker.MaxConcurrentActivityTaskPollers, c.worker.MaxConcurrentWorkflowTaskPollers = 2, 2
		})},
		// Orchestration alone: the same activities over a warehouse whose
		// chunk reads and writes cost nothing, for Temporal's own ceiling.
		{"per_player_orchestration_only", with(func(c *stackConfig) { c.chunking = perPlayer; c.wrap = withFreeChunks })},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := newStackWith(b, bc.cfg)
			date := mustDate(b, benchDate)
			players, retries := 0, 0
			var runs []client.WorkflowRun
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				res, run := s.runDaily(b, fmt.Sprintf("%s-bench-%s-%d", workflows.DailyWorkflowID(date), bc.name, i), workflows.DailyInput{GameDate: benchDate})
				for _, p := range res.Processors {
					players += p.Planned
				}
				runs = append(runs, run)
			}
			elapsed := time.Since(start)
			b.StopTimer()
			for _, run := range runs {
				retries += retriedActivities(b, s.c, run.GetID(), run.GetRunID())
			}
			b.ReportMetric(float64(players)/elapsed.Seconds(), "players/s")
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/date")
			b.ReportMetric(float64(retries)/float64(b.N), "retries/date")
		})
	}
}

// retriedActivities counts the activity attempts of a run after the first.
func retriedActivities(t testing.TB, c client.Client, id, runID string) int {
	t.Helper()
	n := 0
	for _, e := range history(t, c, id, runID) {
		if e.GetEventType() == enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED {
			n += int(e.GetActivityTaskStartedEventAttributes().GetAttempt()) - 1
		}
	}
	return n
}

// BenchmarkSeasonBackfill backfills the seeded league's whole regular
// season (166 game dates) with the worker's defaults. DESIGN.md target:
// under 90 s.
//
//	NBAFLOW_TEMPORAL_BIN=$PWD/bin/temporal go test -run '^$' -bench SeasonBackfill -benchtime 1x ./workflows
func BenchmarkSeasonBackfill(b *testing.B) {
	s := newStack(b)
	start, end := mustDate(b, "2024-10-01"), mustDate(b, "2025-04-30")
	b.ResetTimer()
	for i := range b.N {
		ctx := context.Background()
		began := time.Now()
		run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID: fmt.Sprintf("%s-bench-%d", workflows.BackfillWorkflowID(start, end), i), TaskQueue: s.taskQueue,
		}, workflows.BackfillWorkflowName, workflows.BackfillInput{StartDate: start.String(), EndDate: end.String()})
		if err != nil {
			b.Fatal(err)
		}
		var res workflows.BackfillResult
		if err := run.Get(ctx, &res); err != nil {
			b.Fatal(err)
		}
		if res.DatesFailed != 0 {
			b.Errorf("failed dates: %+v", res.Failed)
		}
		b.ReportMetric(time.Since(began).Seconds(), "s/season")
		b.ReportMetric(float64(res.DatesDone)/time.Since(began).Minutes(), "dates/min")
		b.ReportMetric(float64(res.PlayersProcessed)/time.Since(began).Seconds(), "players/s")
	}
}

// freeChunks is a warehouse whose chunk inputs are empty and whose staging
// and commits do nothing; planning still reads the real warehouse.
type freeChunks struct{ warehouse.Warehouse }

func withFreeChunks(wh warehouse.Warehouse) warehouse.Warehouse { return freeChunks{wh} }

func (freeChunks) ContextInputs(_ context.Context, date, start civil.Date, _ []nba.PlannedPlayer) (*nba.ContextInputs, error) {
	return &nba.ContextInputs{Date: date, SeasonStart: start}, nil
}

func (freeChunks) ShotZoneInputs(_ context.Context, date, start civil.Date, _ []nba.PlannedPlayer) (*nba.ShotZoneInputs, error) {
	return &nba.ShotZoneInputs{Date: date, SeasonStart: start}, nil
}

func (freeChunks) Stage(context.Context, warehouse.StageBatch) error { return nil }

func (freeChunks) Commit(context.Context, warehouse.CommitRequest) (warehouse.CommitResult, error) {
	return warehouse.CommitResult{}, nil
}
