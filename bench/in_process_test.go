package bench

import (
	"fmt"
	"log/slog"
	"os"
	"runtime"
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
// activity code, the worker's default configuration and the backfill's
// chunking, but called directly
// (through the SDK's in-memory activity environment, no server): every date
// planned, its chunks computed GOMAXPROCS at a time, each processor
// committed. It returns the players processed.
func inProcessSeason(b *testing.B, wh warehouse.Warehouse) int {
	b.Helper()
	a := nbaworker.NewActivities(testenv.WorkerConfig(b, "in-process"), wh)
	var suite testsuite.WorkflowTestSuite
	// Warnings only, as the worker (LOG_LEVEL=info) would not log the
	// activities' debug lines either.
	suite.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(a)
	var dates activities.GameDateList
	call(b, env, a.ListGameDates, activities.DatesRequest{StartDate: seasonFrom, EndDate: seasonTo}, &dates)
	players := 0
	for _, d := range dates.GameDates {
		players += inProcessDate(b, a, &suite, d.String())
	}
	return players
}

func inProcessDate(b *testing.B, a *activities.Activities, suite *testsuite.WorkflowTestSuite, date string) int {
	b.Helper()
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(a)
	var plan activities.Plan
	call(b, env, a.PlanDate, activities.PlanRequest{GameDate: date, Processors: []nba.Processor{nba.UPGC, nba.PSZA}}, &plan)
	if !plan.HasGames {
		return 0
	}
	runID := "in-process/" + date
	type job struct {
		fn  any
		req activities.ChunkRequest
	}
	var jobs []job
	players := 0
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		fn := any(a.ComputeContextChunk)
		if p == nba.PSZA {
			fn = a.ComputeShotZoneChunk
		}
		planned := plan.Players(p)
		players += len(planned)
		size := backfillChunkSizeOf(len(planned))
		for i := 0; i < len(planned); i += size {
			chunk := planned[i:min(i+size, len(planned))]
			jobs = append(jobs, job{fn, activities.ChunkRequest{RunID: runID, Flags: *plan.Flags, Mode: nba.RunBackfill, Players: chunk}})
		}
	}
	work := make(chan job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			env := suite.NewTestActivityEnvironment()
			env.RegisterActivity(a)
			for j := range work {
				var res activities.ChunkResult
				call(b, env, j.fn, j.req, &res)
			}
		})
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		var res warehouse.CommitResult
		call(b, env, a.CommitDate, activities.CommitDateRequest{RunID: runID, Processor: p, GameDate: plan.GameDate,
			RunKind: "backfill", StartedAt: time.Now()}, &res)
	}
	return players
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

// call runs one activity in the in-memory environment and decodes its result.
func call(b *testing.B, env *testsuite.TestActivityEnvironment, fn, req, out any) {
	b.Helper()
	v, err := env.ExecuteActivity(fn, req)
	if err != nil {
		b.Fatalf("%T %+v: %v", fn, req, err)
	}
	if err := v.Get(out); err != nil {
		b.Fatal(fmt.Errorf("decode the result: %w", err))
	}
}
