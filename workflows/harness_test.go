package workflows_test

import (
	"context"
	"os"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"nbaflow/activities"
	"nbaflow/internal/config"
	"nbaflow/internal/devserver"
	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// The integration tests share one dev server and one seeded warehouse file
// (a season of the synthetic league, internal/testenv), which each test
// copies.
var server devserver.Shared

// seasonYear and leagueSeed name the synthetic season of the warehouse.
const (
	seasonYear = testenv.SeasonYear
	leagueSeed = testenv.Seed
)

func TestMain(m *testing.M) {
	code := m.Run()
	server.Stop()
	testenv.Cleanup()
	os.Exit(code)
}

// stack is a real worker, in process, on the shared dev server, over its
// own copy of the seeded warehouse and its own task queue.
type stack struct {
	c         client.Client
	wh        *sqlite.Warehouse
	taskQueue string
}

// stackConfig sets up a stack's worker.
type stackConfig struct {
	chunking   activities.ChunkDefaults
	stageEvery int // 0: the default
	worker     worker.Options
	// wrap, when set, wraps the warehouse the activities use.
	wrap func(warehouse.Warehouse) warehouse.Warehouse
}

// newStack starts a worker configured as the worker binary is by default.
func newStack(t testing.TB) *stack {
	t.Helper()
	return newStackWith(t, defaultStackConfig(t))
}

// defaultStackConfig is the worker binary's default configuration.
func defaultStackConfig(t testing.TB) stackConfig {
	t.Helper()
	cfg, err := config.LoadWorker(nil)
	if err != nil {
		t.Fatal(err)
	}
	return stackConfig{
		chunking: activities.ChunkDefaults{
			ChunkSize: cfg.PlayerChunkSize, MaxParallelChunks: cfg.MaxParallelChunks, Parallel: cfg.EnablePlayerParallelization,
		},
		stageEvery: activities.StageEveryFor(cfg.Backend),
		worker: worker.Options{
			MaxConcurrentActivityExecutionSize: cfg.ActivitySlots(),
			MaxConcurrentActivityTaskPollers:   config.TaskPollers,
			MaxConcurrentWorkflowTaskPollers:   config.TaskPollers,
		},
	}
}

// newStackWith starts a worker as cfg says.
func newStackWith(t testing.TB, cfg stackConfig) *stack {
	t.Helper()
	c := server.Client(t)
	s := &stack{c: c, wh: testenv.Seeded(t), taskQueue: testenv.TaskQueue(t)}
	w := worker.New(c, s.taskQueue, cfg.worker)
	workflows.Register(w)
	var wh warehouse.Warehouse = s.wh
	if cfg.wrap != nil {
		wh = cfg.wrap(wh)
	}
	activities.Register(w, &activities.Activities{
		Warehouse: wh, Clock: time.Now, Config: nba.DefaultConfig, Chunking: cfg.chunking, StageEvery: cfg.stageEvery,
	})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return s
}

// runDaily runs one daily workflow to its end under id.
func (s *stack) runDaily(t testing.TB, id string, in workflows.DailyInput) (workflows.DailyResult, client.WorkflowRun) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue}, workflows.DailyWorkflowName, in)
	if err != nil {
		t.Fatal(err)
	}
	var res workflows.DailyResult
	if err := run.Get(ctx, &res); err != nil {
		t.Fatalf("daily run %s: %v", id, err)
	}
	return res, run
}

func mustDate(t testing.TB, s string) civil.Date {
	t.Helper()
	d, err := civil.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
