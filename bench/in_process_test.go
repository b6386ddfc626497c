package bench

import (
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"nbaflow/activities"
	"nbaflow/internal/nba"
	"nbaflow/internal/nbaworker"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// inProcessSeason computes the season as the backfill does, with the same
// activity code, the worker's default configuration, the backfill's
// chunking and its dates in flight, but called directly (through the SDK's
// in-memory activity environment, no server): workflows.DefaultMaxParallelDates
// dates at a time, each planned, its chunks computed at once, each processor
// committed, and no more activities running than the worker has slots. It
// returns the players processed.
func inProcessSeason(b *testing.B, wh warehouse.Warehouse) int {
	b.Helper()
	cfg := testenv.WorkerConfig(b, "in-process")
	f := &floor{a: nbaworker.NewActivities(cfg, wh), slots: make(chan struct{}, max(cfg.ActivitySlots(), 1))}
	// Warnings only, as the worker (LOG_LEVEL=info) would not log the
	// activities' debug lines either.
	f.suite.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	var dates activities.GameDateList
	if err := f.call(f.a.ListGameDates, activities.DatesRequest{StartDate: seasonFrom, EndDate: seasonTo}, &dates); err != nil {
		b.Fatal(err)
	}
	work := make(chan string)
	var wg sync.WaitGroup
	for range workflows.DefaultMaxParallelDates {
		wg.Go(func() {
			for d := range work {
				f.date(d)
			}
		})
	}
	for _, d := range dates.GameDates {
		work <- d.String()
	}
	close(work)
	wg.Wait()
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f.players
}

// floor runs the season's activities in process. Its goroutines record the
// first error, since a benchmark may fail only from its own goroutine.
type floor struct {
	a     *activities.Activities
	suite testsuite.WorkflowTestSuite
	slots chan struct{} // the worker's activity slots

	mu      sync.Mutex
	players int
	err     error
}

// date plans one date, runs its chunks at once and commits each processor.
func (f *floor) date(date string) {
	var plan activities.Plan
	req := activities.PlanRequest{GameDate: date, Processors: nba.Processors, RunKind: string(nba.RunBackfill)}
	if !f.ok(f.call(f.a.PlanDate, req, &plan)) || !plan.HasGames {
		return
	}
	runID := "in-process/" + date
	var wg sync.WaitGroup
	for _, p := range nba.Processors {
		fn := any(f.a.ComputeContextChunk)
		if p == nba.PSZA {
			fn = f.a.ComputeShotZoneChunk
		}
		planned := plan.Players(p)
		f.add(len(planned))
		size := backfillChunkSizeOf(len(planned))
		for i := 0; i < len(planned); i += size {
			req := activities.ChunkRequest{RunID: runID, Flags: *plan.Flags, Mode: nba.RunBackfill, Players: planned[i:min(i+size, len(planned))]}
			wg.Go(func() {
				var res activities.ChunkResult
				f.ok(f.call(fn, req, &res))
			})
		}
	}
	wg.Wait()
	for _, p := range nba.Processors {
		var res warehouse.CommitResult
		f.ok(f.call(f.a.CommitDate, activities.CommitDateRequest{RunID: runID, Processor: p, GameDate: plan.GameDate,
			RunKind: string(nba.RunBackfill), StartedAt: time.Now()}, &res))
	}
}

// call runs one activity in a worker slot.
func (f *floor) call(fn, req, out any) error {
	f.slots <- struct{}{}
	defer func() { <-f.slots }()
	env := f.suite.NewTestActivityEnvironment()
	env.RegisterActivity(f.a)
	return execute(env, fn, req, out)
}

// ok records err, the first one only, and reports whether there was none.
func (f *floor) ok(err error) bool {
	if err == nil {
		return true
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
	return false
}

func (f *floor) add(players int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.players += players
}

// backfillChunkSizeOf is the chunk size a backfill date gives a processor
// of n players: NBAFLOW_BENCH_BACKFILL_CHUNK when set, else its players cut
// into workflows.BackfillChunks chunks, as the orchestrated season does.
func backfillChunkSizeOf(n int) int {
	if backfillChunkSize > 0 {
		return backfillChunkSize
	}
	return max((n+workflows.BackfillChunks-1)/workflows.BackfillChunks, 1)
}

// call runs one activity in the in-memory environment and decodes its
// result, failing the benchmark on an error.
func call(b *testing.B, env *testsuite.TestActivityEnvironment, fn, req, out any) {
	b.Helper()
	if err := execute(env, fn, req, out); err != nil {
		b.Fatal(err)
	}
}

// execute runs one activity in the in-memory environment and decodes its
// result.
func execute(env *testsuite.TestActivityEnvironment, fn, req, out any) error {
	v, err := env.ExecuteActivity(fn, req)
	if err != nil {
		return fmt.Errorf("%T %+v: %w", fn, req, err)
	}
	if err := v.Get(out); err != nil {
		return fmt.Errorf("decode the result: %w", err)
	}
	return nil
}
