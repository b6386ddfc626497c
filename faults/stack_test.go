package faults_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// stack is a task queue of the test's own with worker processes on it,
// over a fresh copy of the seeded warehouse that the test also reads.
type stack struct {
	c       client.Client
	address string
	queue   string
	path    string
	wh      *sqlite.Warehouse
	workers []*workerProc
}

// newStack starts n worker processes on the shared dev server.
func newStack(t *testing.T, n int, extra ...string) *stack {
	t.Helper()
	srv := server.Server(t)
	return newStackOn(t, srv.Client(), srv.FrontendHostPort(), testenv.SeededPath(t), n, extra...)
}

// newStackOn starts n worker processes over the warehouse file at path on
// the server at address, which c is a client of.
func newStackOn(t *testing.T, c client.Client, address, path string, n int, extra ...string) *stack {
	t.Helper()
	s := &stack{c: c, address: address, queue: testenv.TaskQueue(t), path: path}
	var err error
	if s.wh, err = sqlite.Open(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.wh.Close() })
	for i := range n {
		s.addWorker(t, fmt.Sprintf("w%d", i+1), extra...)
	}
	return s
}

// addWorker starts one more worker process on the stack's queue.
func (s *stack) addWorker(t *testing.T, name string, extra ...string) *workerProc {
	t.Helper()
	w := startWorker(t, name, workerEnv{address: s.address, queue: s.queue, sqlite: s.path, extra: extra})
	w.waitReady(t)
	s.workers = append(s.workers, w)
	return w
}

// startDaily starts a daily run on the stack's queue.
func (s *stack) startDaily(t *testing.T, id string, in workflows.DailyInput) client.WorkflowRun {
	t.Helper()
	run, err := s.c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: s.queue}, workflows.DailyWorkflowName, in)
	if err != nil {
		t.Fatalf("start daily run %s: %v", id, err)
	}
	return run
}

// startBackfill starts a backfill over [start, end] on the stack's queue.
func (s *stack) startBackfill(t *testing.T, start, end civil.Date, in workflows.BackfillInput) client.WorkflowRun {
	t.Helper()
	in.StartDate, in.EndDate = start.String(), end.String()
	run, err := s.c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: workflows.BackfillWorkflowID(start, end), TaskQueue: s.queue},
		workflows.BackfillWorkflowName, in)
	if err != nil {
		t.Fatalf("start backfill: %v", err)
	}
	return run
}

// wait waits up to timeout for a run (and the runs it continued as) and
// decodes its result.
func wait[R any](t *testing.T, run client.WorkflowRun, timeout time.Duration) R {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var res R
	if err := run.Get(ctx, &res); err != nil {
		t.Fatalf("run %s: %v", run.GetID(), err)
	}
	return res
}

// gameDates returns the game dates of [start, end] in the stack's warehouse.
func (s *stack) gameDates(t *testing.T, start, end civil.Date) []civil.Date {
	t.Helper()
	dates, err := s.wh.GameDates(context.Background(), start, end)
	if err != nil {
		t.Fatal(err)
	}
	if len(dates) == 0 {
		t.Fatalf("no game dates in %s..%s", start, end)
	}
	return dates
}

// A reference is an undisturbed run of some work: what it stored, and how
// long it took. References are computed once per test binary and shared.
type reference struct {
	outcomes outcomes
	elapsed  time.Duration
}

var (
	refMu sync.Mutex
	refs  = map[string]reference{}
)

// referenceBackfill backfills [start, end] on an undisturbed stack of two
// worker processes.
func referenceBackfill(t *testing.T, start, end civil.Date, in workflows.BackfillInput) reference {
	t.Helper()
	return cachedReference(t, fmt.Sprintf("backfill %s..%s %s", start, end, asJSON(t, in)), func(s *stack) []civil.Date {
		wait[workflows.BackfillResult](t, s.startBackfill(t, start, end, in), 5*time.Minute)
		return s.gameDates(t, start, end)
	})
}

// referenceDaily runs one date on an undisturbed stack of two worker
// processes.
func referenceDaily(t *testing.T, date civil.Date, in workflows.DailyInput) reference {
	t.Helper()
	in.GameDate = date.String()
	return cachedReference(t, "daily "+asJSON(t, in), func(s *stack) []civil.Date {
		wait[workflows.DailyResult](t, s.startDaily(t, "reference-"+s.queue, in), 2*time.Minute)
		return []civil.Date{date}
	})
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func cachedReference(t *testing.T, name string, run func(s *stack) []civil.Date) reference {
	t.Helper()
	refMu.Lock()
	defer refMu.Unlock()
	if r, ok := refs[name]; ok {
		return r
	}
	s := newStack(t, 2)
	begun := time.Now()
	dates := run(s)
	r := reference{elapsed: time.Since(begun), outcomes: readOutcomes(t, s.wh, dates)}
	for _, w := range s.workers {
		w.signal(t, sigterm)
	}
	refs[name] = r
	t.Logf("reference (%s): %v", name, r.elapsed.Round(time.Millisecond))
	return r
}
