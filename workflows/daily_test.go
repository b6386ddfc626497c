package workflows

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

func TestDailyChunkWindowIsNeverExceeded(t *testing.T) {
	tests := []struct {
		name         string
		upgc, psza   int
		size, window int
		parallel     bool
	}{
		{"default chunking", 450, 440, 25, 8, true},
		{"one activity per player", 60, 50, 1, 12, true},
		{"window wider than the chunks", 40, 30, 10, 8, true},
		{"serial", 90, 80, 10, 8, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			mockPlan(env, testPlan(tt.upgc, tt.psza, activities.ChunkDefaults{ChunkSize: tt.size, MaxParallelChunks: tt.window, Parallel: tt.parallel}))
			fake := newFakeChunks(20 * time.Millisecond)
			fake.mock(env)

			env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
			res := dailyResult(t, env)

			// The window is respected and reached: min(window, chunks) per
			// processor side by side, or one chunk at a time when serial.
			wantTotal := 0
			for i, n := range []int{tt.upgc, tt.psza} {
				p := allProcessors[i]
				want := 1
				if tt.parallel {
					want = min(tt.window, (n+tt.size-1)/tt.size)
				}
				if got := fake.maxInFlight[p]; got != want {
					t.Errorf("%s: at most %d chunks at once, want %d (window %d)", p, got, want, tt.window)
				}
				wantTotal += want
			}
			if !tt.parallel {
				wantTotal = 1
			}
			if fake.maxTotal != wantTotal {
				t.Errorf("at most %d chunks at once over both processors, want %d", fake.maxTotal, wantTotal)
			}
			for i, want := range []int{tt.upgc, tt.psza} {
				pr := res.Processors[i]
				if chunks := (want + tt.size - 1) / tt.size; pr.Planned != want || pr.Chunks != chunks || len(fake.staged[pr.Processor]) != want {
					t.Errorf("%s: planned %d in %d chunks, staged %d; want %d players in %d chunks",
						pr.Processor, pr.Planned, pr.Chunks, len(fake.staged[pr.Processor]), want, chunks)
				}
			}
		})
	}
}

// TestDailySerialEqualsParallel runs one date both ways: the same players
// are staged and the same counts reported.
func TestDailySerialEqualsParallel(t *testing.T) {
	run := func(parallel bool) (map[nba.Processor][]string, DailyResult) {
		env := newTestEnv(t)
		mockPlan(env, testPlan(97, 83, activities.DefaultChunking))
		fake := newFakeChunks(time.Millisecond)
		fake.mock(env)
		env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String(), ChunkSize: 7, Parallel: boolPtr(parallel)})
		res := dailyResult(t, env)
		if !parallel && fake.maxTotal != 1 {
			t.Errorf("serial run had %d chunks at once", fake.maxTotal)
		}
		return fake.stagedSorted(), res
	}
	serialStaged, serial := run(false)
	parallelStaged, parallel := run(true)
	for _, p := range allProcessors {
		if !slices.Equal(serialStaged[p], parallelStaged[p]) {
			t.Errorf("%s: serial staged %d players, parallel %d, or different ones", p, len(serialStaged[p]), len(parallelStaged[p]))
		}
	}
	for i := range serial.Processors {
		s, p := serial.Processors[i], parallel.Processors[i]
		s.ComputeMS, s.CommitMS, p.ComputeMS, p.CommitMS = 0, 0, 0, 0
		if s.Processor != p.Processor || s.Planned != p.Planned || s.Inserted != p.Inserted || s.Failed != p.Failed || s.Chunks != p.Chunks {
			t.Errorf("serial %+v, parallel %+v", s, p)
		}
	}
	if serial.Status != StatusPartial || serial.FailedPlayers != parallel.FailedPlayers || serial.FailedPlayers == 0 {
		t.Errorf("status %s with %d failed players serially, %d in parallel", serial.Status, serial.FailedPlayers, parallel.FailedPlayers)
	}
}

func TestDailyRetriesAFailingChunk(t *testing.T) {
	env := newTestEnv(t)
	mockPlan(env, testPlan(50, 50, activities.DefaultChunking))
	fake := newFakeChunks(time.Millisecond)
	fake.fail = func(p nba.Processor, req activities.ChunkRequest, attempt int32) error {
		if p == nba.UPGC && req.Players[0].PlayerLookup == "u025" && attempt < 3 {
			return errors.New("database is locked")
		}
		return nil
	}
	fake.mock(env)
	env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
	res := dailyResult(t, env)
	if got := fake.calls["upcoming_player_game_context/u025"]; got != 3 {
		t.Errorf("failing chunk ran %d times, want 3", got)
	}
	if res.Processors[0].Planned != 50 || len(fake.stagedSorted()[nba.UPGC]) != 50 || len(fake.commits) != 2 {
		t.Errorf("result %+v after %d commits, want every player staged and both processors committed", res, len(fake.commits))
	}
}

func TestDailyNonRetryableFailures(t *testing.T) {
	badData := temporal.NewNonRetryableApplicationError("no opener", activities.ErrNoSeasonStart, nil)
	t.Run("a chunk fails its processor, not the other", func(t *testing.T) {
		env := newTestEnv(t)
		mockPlan(env, testPlan(100, 100, activities.DefaultChunking))
		fake := newFakeChunks(time.Millisecond)
		fake.fail = func(p nba.Processor, req activities.ChunkRequest, _ int32) error {
			if p == nba.UPGC && req.Players[0].PlayerLookup == "u050" {
				return badData
			}
			return nil
		}
		fake.mock(env)
		env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})

		err := env.GetWorkflowError()
		var app *temporal.ApplicationError
		if !errors.As(err, &app) || app.Type() != ErrProcessorFailed || !strings.Contains(app.Message(), "UPGC chunk 3/4") ||
			!strings.Contains(app.Message(), activities.ErrNoSeasonStart) {
			t.Fatalf("workflow error %v, want %s naming the chunk and the cause", err, ErrProcessorFailed)
		}
		if got := fake.calls["upcoming_player_game_context/u050"]; got != 1 {
			t.Errorf("non-retryable chunk ran %d times, want 1", got)
		}
		if got := fake.committed(); !slices.Equal(got, []nba.Processor{nba.PSZA}) {
			t.Errorf("committed %v, want only PSZA", got)
		}
		if len(fake.discards) != 1 {
			t.Errorf("discarded %v, want the run's staging discarded once", fake.discards)
		}
	})
	t.Run("planning fails the run", func(t *testing.T) {
		env := newTestEnv(t)
		calls := 0
		env.OnActivity(activities.PlanDateName, mock.Anything, mock.Anything).Return(
			func(context.Context, activities.PlanRequest) (activities.Plan, error) {
				calls++
				return activities.Plan{}, badData
			})
		env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})
		var app *temporal.ApplicationError
		if err := env.GetWorkflowError(); !errors.As(err, &app) || app.Type() != ErrPlanFailed {
			t.Fatalf("workflow error %v, want %s", err, ErrPlanFailed)
		}
		if calls != 1 {
			t.Errorf("PlanDate ran %d times, want 1: bad data is not retried", calls)
		}
	})
}

// TestDailyCancellation cancels a run mid-way: it stops starting chunks,
// lets the running ones stop, commits nothing and discards its staging.
func TestDailyCancellation(t *testing.T) {
	env := newTestEnv(t)
	mockPlan(env, testPlan(200, 200, activities.ChunkDefaults{ChunkSize: 10, MaxParallelChunks: 2, Parallel: true}))
	fake := newFakeChunks(50 * time.Millisecond)
	fake.mock(env)
	fake.onStart = func(started int) {
		if started == 6 {
			env.CancelWorkflow()
		}
	}
	env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String()})

	if err := env.GetWorkflowError(); !temporal.IsCanceledError(err) {
		t.Fatalf("workflow error %v, want cancelled", err)
	}
	if n := len(fake.calls); n >= 40 {
		t.Errorf("%d of 40 chunks ran after the cancellation", n)
	}
	if len(fake.commits) != 0 || len(fake.discards) != 1 {
		t.Errorf("commits %v, discards %v; want no commit and one discard", fake.commits, fake.discards)
	}
	var p DailyProgress
	val, err := env.QueryWorkflow(ProgressQuery)
	if err != nil || val.Get(&p) != nil || p.Phase != phaseCancelled {
		t.Errorf("progress %+v (%v), want phase cancelled", p, err)
	}
}
