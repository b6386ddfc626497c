package workflows

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

func TestDailyInputResolution(t *testing.T) {
	// 01:30 UTC on the 16th is still the 15th in New York.
	scheduledAt := time.Date(2025, time.January, 16, 1, 30, 0, 0, time.UTC)
	tests := []struct {
		name           string
		in             DailyInput
		scheduled      bool
		wantDate       string
		wantKind       string
		wantProcessors []nba.Processor
		wantErr        bool
	}{
		{name: "explicit date, both processors", in: DailyInput{GameDate: "2025-01-15"},
			wantDate: "2025-01-15", wantKind: RunManual, wantProcessors: allProcessors},
		{name: "scheduled run takes its date in New York", scheduled: true,
			wantDate: "2025-01-15", wantKind: RunScheduled, wantProcessors: allProcessors},
		{name: "aliases, any case, report order", in: DailyInput{GameDate: "2025-01-15", Processors: []string{"PSZA", "upgc", "psza"}},
			wantDate: "2025-01-15", wantKind: RunManual, wantProcessors: allProcessors},
		{name: "full name", in: DailyInput{GameDate: "2025-01-15", Processors: []string{"player_shot_zone_analysis"}},
			wantDate: "2025-01-15", wantKind: RunManual, wantProcessors: []nba.Processor{nba.PSZA}},
		{name: "backfill kind from the parent", in: DailyInput{GameDate: "2025-01-15", RunKind: RunBackfill},
			wantDate: "2025-01-15", wantKind: RunBackfill, wantProcessors: allProcessors},
		{name: "malformed date", in: DailyInput{GameDate: "15/01/2025"}, wantErr: true},
		{name: "unknown processor", in: DailyInput{GameDate: "2025-01-15", Processors: []string{"box"}}, wantErr: true},
		{name: "unknown kind", in: DailyInput{GameDate: "2025-01-15", RunKind: "nightly"}, wantErr: true},
		{name: "window too wide", in: DailyInput{GameDate: "2025-01-15", MaxParallelChunks: MaxParallelChunks + 1}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			if tt.scheduled {
				if err := env.SetTypedSearchAttributesOnStart(temporal.NewSearchAttributes(
					scheduledStartKey.ValueSet(scheduledAt), scheduledByKey.ValueSet("nba-daily"))); err != nil {
					t.Fatal(err)
				}
			}
			reqs := mockPlan(env, activities.Plan{GameDate: testDate, Defaults: activities.DefaultChunking})
			newFakeChunks(0).mock(env) // the date has no games: each processor commits no players
			var upserts []temporal.SearchAttributes
			env.OnUpsertTypedSearchAttributes(mock.Anything).Run(func(args mock.Arguments) {
				upserts = append(upserts, args.Get(0).(temporal.SearchAttributes))
			}).Return(nil)
			env.ExecuteWorkflow(DailyWorkflow, tt.in)
			if tt.wantErr {
				var app *temporal.ApplicationError
				if err := env.GetWorkflowError(); !errors.As(err, &app) || app.Type() != ErrInvalidInput {
					t.Fatalf("workflow error %v, want %s", err, ErrInvalidInput)
				}
				return
			}
			res := dailyResult(t, env)
			if len(*reqs) != 1 || (*reqs)[0].GameDate != tt.wantDate || !slices.Equal((*reqs)[0].Processors, tt.wantProcessors) {
				t.Errorf("PlanDate got %+v, want date %s and processors %v", *reqs, tt.wantDate, tt.wantProcessors)
			}
			if res.RunKind != tt.wantKind || res.GameDate != tt.wantDate {
				t.Errorf("result %+v, want kind %s", res, tt.wantKind)
			}
			if len(upserts) == 0 {
				t.Fatal("no search attributes upserted")
			}
			date, _ := upserts[0].GetKeyword(GameDateKey)
			kind, _ := upserts[0].GetKeyword(RunKindKey)
			if date != tt.wantDate || kind != tt.wantKind {
				t.Errorf("upserted %s / %s, want %s / %s", date, kind, tt.wantDate, tt.wantKind)
			}
		})
	}
}

func TestDailyReportsFailuresProgressAndSearchAttributes(t *testing.T) {
	env := newTestEnv(t)
	mockPlan(env, testPlan(45, 30, activities.DefaultChunking))
	fake := newFakeChunks(time.Millisecond)
	fake.mock(env)
	var failedUpserted []int64
	env.OnUpsertTypedSearchAttributes(mock.Anything).Run(func(args mock.Arguments) {
		if n, ok := args.Get(0).(temporal.SearchAttributes).GetInt64(FailedPlayersKey); ok {
			failedUpserted = append(failedUpserted, n)
		}
	}).Return(nil)
	env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
	res := dailyResult(t, env)

	// Players u007, u017, ... fail: 4 of 45 and 3 of 30.
	wantFailed := []int{4, 3}
	for i, pr := range res.Processors {
		if pr.Failed != wantFailed[i] || pr.FailuresByCategory[string(nba.DataError)] != wantFailed[i] || pr.Inserted != pr.Planned-wantFailed[i] {
			t.Errorf("%s: %+v, want %d failed by category", pr.Processor, pr, wantFailed[i])
		}
	}
	if res.Status != StatusPartial || res.FailedPlayers != 7 || !slices.Equal(failedUpserted, []int64{7}) {
		t.Errorf("status %s, %d failed, NbaFailedPlayers upserts %v; want partial, 7, [7]", res.Status, res.FailedPlayers, failedUpserted)
	}
	if res.RunID != "default-test-workflow-id/default-test-run-id" {
		t.Errorf("run ID %q, want workflow ID / run ID", res.RunID)
	}

	val, err := env.QueryWorkflow(ProgressQuery)
	if err != nil {
		t.Fatal(err)
	}
	var p DailyProgress
	if err := val.Get(&p); err != nil {
		t.Fatal(err)
	}
	want := []ProcessorProgress{
		{Processor: nba.UPGC, Status: procCommitted, Planned: 45, Done: 45, Failed: 4, ChunksTotal: 2, ChunksDone: 2},
		{Processor: nba.PSZA, Status: procCommitted, Planned: 30, Done: 30, Failed: 3, ChunksTotal: 2, ChunksDone: 2},
	}
	if p.Phase != phaseDone || !slices.Equal(p.Processors, want) {
		t.Errorf("progress %+v, want done with %+v", p, want)
	}
}

func TestChunkSummary(t *testing.T) {
	tests := []struct {
		processor nba.Processor
		i, n      int
		players   []nba.PlannedPlayer
		want      string
	}{
		{nba.UPGC, 2, 18, []nba.PlannedPlayer{{PlayerLookup: "a", TeamAbbr: "ATL"}, {PlayerLookup: "b", TeamAbbr: "BOS"}},
			"UPGC chunk 3/18 · 2 players · ATL–BOS"},
		{nba.PSZA, 0, 2, []nba.PlannedPlayer{{PlayerLookup: "a", TeamAbbr: "DEN"}, {PlayerLookup: "b", TeamAbbr: "DEN"}},
			"PSZA chunk 1/2 · 2 players · DEN"},
		{nba.PSZA, 6, 450, []nba.PlannedPlayer{{PlayerLookup: "jokicnikola", TeamAbbr: "DEN"}},
			"PSZA 7/450 · jokicnikola · DEN"},
	}
	for _, tt := range tests {
		if got := chunkSummary(tt.processor, tt.i, tt.n, tt.players); got != tt.want {
			t.Errorf("chunkSummary = %q, want %q", got, tt.want)
		}
	}
}

func TestWorkflowIDs(t *testing.T) {
	if got := DailyWorkflowID(testDate); got != "nba-daily-2025-01-15" {
		t.Errorf("DailyWorkflowID = %s", got)
	}
	if got := BackfillWorkflowID(testOpener, testDate); got != "nba-backfill-2024-10-22_2025-01-15" {
		t.Errorf("BackfillWorkflowID = %s", got)
	}
}

func TestDescribeShowsCodesNotGoTypes(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{temporal.NewApplicationError("no opener", "NO_SEASON_START"), "NO_SEASON_START: no opener"},
		{temporal.NewApplicationError("stage: database is locked", "wrapError"), "stage: database is locked"},
		{temporal.NewApplicationError("plain", ""), "plain"},
	}
	for _, tt := range tests {
		if got := describe(tt.err); got != tt.want {
			t.Errorf("describe = %q, want %q", got, tt.want)
		}
	}
}
