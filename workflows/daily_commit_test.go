package workflows

import (
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

var testPlannedAt = time.Date(2025, time.January, 15, 14, 30, 0, 123456000, time.UTC)

// TestDailyCommitCarriesTheFence: each commit carries the plan's time (the
// run's fence) and the rows and failures the chunks reported staging, and
// the result and progress report what the commit deleted.
func TestDailyCommitCarriesTheFence(t *testing.T) {
	env := newTestEnv(t)
	plan := testPlan(40, 30, activities.ChunkDefaults{ChunkSize: 7, MaxParallelChunks: 3, Parallel: true})
	plan.PlannedAt = testPlannedAt
	mockPlan(env, plan)
	fake := newFakeChunks(0)
	fake.deleted = 2
	fake.mock(env)
	env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
	res := dailyResult(t, env)

	want := map[nba.Processor]warehouse.StagedCount{nba.UPGC: {Rows: 36, Failures: 4}, nba.PSZA: {Rows: 27, Failures: 3}}
	for _, c := range fake.commits {
		if !c.PlannedAt.Equal(testPlannedAt) || c.Staged == nil || *c.Staged != want[c.Processor] {
			t.Errorf("commit of %s: planned at %v, staged %+v; want %v and %+v", c.Processor, c.PlannedAt, c.Staged, testPlannedAt, want[c.Processor])
		}
	}
	for _, p := range res.Processors {
		if p.Deleted != 2 || p.Superseded {
			t.Errorf("%s result %+v, want 2 deleted", p.Processor, p)
		}
	}
	var progress DailyProgress
	if val, err := env.QueryWorkflow(ProgressQuery); err != nil || val.Get(&progress) != nil {
		t.Fatalf("progress query: %v", err)
	}
	for _, p := range progress.Processors {
		if p.Deleted != 2 || p.Status != procCommitted {
			t.Errorf("%s progress %+v, want committed with 2 deleted", p.Processor, p)
		}
	}
}

// TestDailySuperseded: a run whose commits find a newer run committed
// reports superseded, with no failed players.
func TestDailySuperseded(t *testing.T) {
	env := newTestEnv(t)
	mockPlan(env, testPlan(40, 30, activities.DefaultChunking))
	fake := newFakeChunks(0)
	fake.supersededBy = "nba-daily-2025-01-15/newer"
	fake.mock(env)
	env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
	res := dailyResult(t, env)
	if res.Status != StatusSuperseded || res.FailedPlayers != 0 {
		t.Errorf("result status %s with %d failed players, want superseded with none", res.Status, res.FailedPlayers)
	}
	for _, p := range res.Processors {
		if !p.Superseded || p.SupersededBy != fake.supersededBy || p.Inserted+p.Failed != 0 {
			t.Errorf("%s result %+v, want superseded by %s", p.Processor, p, fake.supersededBy)
		}
	}
}

// TestDailyEmptyOutcomes: a date without games, and a processor that skips
// the date, commit no players, so that rows left by an earlier schedule are
// deleted. Runs recorded before this behaviour commit nothing on replay.
func TestDailyEmptyOutcomes(t *testing.T) {
	noGames := activities.Plan{GameDate: testDate, PlannedAt: testPlannedAt, Defaults: activities.DefaultChunking}
	earlySeason := testPlan(40, 0, activities.DefaultChunking)
	earlySeason.ShotZoneSkipped = activities.SkippedEarlySeason
	both := []nba.Processor{nba.UPGC, nba.PSZA}
	tests := []struct {
		name        string
		plan        activities.Plan
		version     workflow.Version
		wantStatus  string
		wantCommits []nba.Processor
	}{
		{"no games", noGames, 1, StatusNoGames, both},
		{"no games, recorded before", noGames, workflow.DefaultVersion, StatusNoGames, nil},
		{"shot zones skipped early in the season", earlySeason, 1, StatusPartial, both}, // u007 fails to build
		{"shot zones skipped, recorded before", earlySeason, workflow.DefaultVersion, StatusPartial, []nba.Processor{nba.UPGC}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			env.OnGetVersion(commitEmptyOutcomesVersion, workflow.DefaultVersion, 1).Return(tt.version)
			mockPlan(env, tt.plan)
			fake := newFakeChunks(0)
			fake.deleted = 3
			fake.mock(env)
			env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
			res := dailyResult(t, env)
			got := fake.committed()
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.wantCommits))
			if res.Status != tt.wantStatus || !slices.Equal(got, want) {
				t.Errorf("status %s, commits %v; want %s and %v", res.Status, got, tt.wantStatus, want)
			}
			for _, c := range fake.commits {
				if *c.Staged != (warehouse.StagedCount{}) && c.Processor == nba.PSZA {
					t.Errorf("the skipped PSZA commit expects %+v staged, want nothing", *c.Staged)
				}
			}
			for _, p := range res.Processors {
				if p.Processor == nba.PSZA && tt.plan.ShotZoneSkipped != "" && p.SkippedReason != activities.SkippedEarlySeason {
					t.Errorf("PSZA result %+v, want skipped early in the season", p)
				}
				if len(tt.wantCommits) == 2 && p.Deleted != 3 {
					t.Errorf("%s result %+v, want the 3 deleted rows reported", p.Processor, p)
				}
			}
		})
	}
}

// TestDailyCommitsOneAtATime: the two processors of a date never commit at
// once (their BigQuery statements would conflict on the date's partition);
// runs recorded before that may, and replay so.
func TestDailyCommitsOneAtATime(t *testing.T) {
	for _, tt := range []struct {
		version workflow.Version
		want    int
	}{{1, 1}, {workflow.DefaultVersion, 2}} {
		env := newTestEnv(t)
		env.OnGetVersion(serialCommitsVersion, workflow.DefaultVersion, 1).Return(tt.version)
		mockPlan(env, testPlan(10, 10, activities.ChunkDefaults{ChunkSize: 10, MaxParallelChunks: 2, Parallel: true}))
		fake := newFakeChunks(20 * time.Millisecond)
		fake.commitDelay = 200 * time.Millisecond
		fake.mock(env)
		env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
		dailyResult(t, env)
		if len(fake.commits) != 2 || fake.maxCommitsInFlight != tt.want {
			t.Errorf("version %d: %d commits, at most %d at once; want 2 and %d", tt.version, len(fake.commits), fake.maxCommitsInFlight, tt.want)
		}
	}
}

// TestDailyCancelledAfterItsCommitsLanded: a cancellation that arrives
// while the last commit runs does not cut it short, and the run reports
// what it wrote instead of Canceled; a run recorded before that cancels
// the commit in flight and discards its staging.
func TestDailyCancelledAfterItsCommitsLanded(t *testing.T) {
	for _, tt := range []struct {
		version workflow.Version
		wantErr bool
	}{{1, false}, {workflow.DefaultVersion, true}} {
		env := newTestEnv(t)
		env.OnGetVersion(serialCommitsVersion, workflow.DefaultVersion, 1).Return(tt.version)
		mockPlan(env, testPlan(10, 10, activities.ChunkDefaults{ChunkSize: 10, MaxParallelChunks: 2, Parallel: true}))
		fake := newFakeChunks(0)
		fake.commitDelay = 100 * time.Millisecond
		fake.onCommit = func(begun int) {
			if begun == 2 {
				env.CancelWorkflow()
			}
		}
		fake.mock(env)
		env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
		err := env.GetWorkflowError()
		if tt.wantErr {
			if !temporal.IsCanceledError(err) || len(fake.discards) != 1 {
				t.Errorf("version %d: %v with %d discards, want Canceled and the staging discarded", tt.version, err, len(fake.discards))
			}
			continue
		}
		res := dailyResult(t, env)
		if res.Status != StatusPartial || len(fake.commits) != 2 || len(fake.discards) != 0 {
			t.Errorf("version %d: %+v after %d commits and %d discards, want both commits reported", tt.version, res, len(fake.commits), len(fake.discards))
		}
	}
}
