package bench

import (
	"context"
	"runtime"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"nbaflow/activities"
	"nbaflow/internal/nba"
	"nbaflow/internal/nbaworker"
	"nbaflow/internal/testenv"
)

// BenchmarkContextsOneCore builds the context rows of every player of the
// bench date on one core, from the inputs the warehouse loads for them, a
// new builder every 25 players as a chunk of the daily run makes one: what
// internal/nba computes per second, loads left out.
func BenchmarkContextsOneCore(b *testing.B) {
	wh := testenv.Seeded(b)
	a := nbaworker.NewActivities(testenv.WorkerConfig(b, "contexts"), wh)
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger())
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(a)
	var plan activities.Plan
	call(b, env, a.PlanDate, activities.PlanRequest{GameDate: benchDate, Processors: []nba.Processor{nba.UPGC}}, &plan)
	players := plan.Players(nba.UPGC)
	opts := nba.BuildOptions{Now: time.Now(), Config: nba.DefaultConfig, Flags: *plan.Flags, Mode: nba.RunDaily}
	var chunks []*nba.ContextInputs
	for i := 0; i < len(players); i += activities.DefaultChunking.ChunkSize {
		in, err := wh.ContextInputs(context.Background(), plan.Flags.GameDate, plan.Flags.SeasonStart,
			players[i:min(i+activities.DefaultChunking.ChunkSize, len(players))])
		if err != nil {
			b.Fatal(err)
		}
		chunks = append(chunks, in)
	}

	// One goroutine on one core, for at least a second whatever b.N is
	// (make bench runs each benchmark once).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	size := activities.DefaultChunking.ChunkSize
	built := 0
	start := time.Now()
	for range b.N {
		for time.Since(start) < time.Second {
			for i, in := range chunks {
				builder := nba.NewContextBuilder(in, opts)
				for _, p := range players[i*size : min((i+1)*size, len(players))] {
					builder.Build(p)
					built++
				}
			}
		}
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(built)/elapsed.Seconds(), "contexts/s")
	record(contextsOneCore, elapsed, built)
}
