package workflows_test

import (
	"context"
	"os"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/devserver"
	"nbaflow/internal/testenv"
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

// newStack starts a worker configured as the worker binary is by default.
func newStack(t testing.TB) *stack {
	t.Helper()
	s := &stack{c: server.Client(t), wh: testenv.Seeded(t), taskQueue: testenv.TaskQueue(t)}
	testenv.StartWorker(t, s.c, s.taskQueue, s.wh)
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
