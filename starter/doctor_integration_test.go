package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/internal/warehouse/warehousetest"
	"nbaflow/workflows"
)

// TestDoctor: over a range of the seeded season, doctor names the game
// date one processor has not committed (exit 3), and is content once it
// has (exit 0); then it lists the staging an hour old of a workflow that
// has ended, and not that of a workflow still running nor fresh staging.
func TestDoctor(t *testing.T) {
	srv := server.Server(t)
	path := testenv.SeededPath(t)
	wh, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	s := cliStack{c: srv.Client(), wh: wh, address: srv.FrontendHostPort(), taskQueue: testenv.TaskQueue(t)}
	from, to := civil.Date{Year: 2025, Month: 1, Day: 14}, civil.Date{Year: 2025, Month: 1, Day: 16}
	gap := from.AddDays(1)
	for d := from; !d.After(to); d = d.AddDays(1) {
		commit(t, wh, d, nba.UPGC)
		if d != gap {
			commit(t, wh, d, nba.PSZA)
		}
	}
	doctor := []string{"doctor", "--from", from.String(), "--to", to.String(), "--db", path}

	rep := s.doctor(t, 3, doctor...)
	if want := []uncommittedDate{{Date: gap, Processors: []string{"psza"}}}; rep.GameDates != 3 || !slices.EqualFunc(rep.Uncommitted, want,
		func(a, b uncommittedDate) bool { return a.Date == b.Date && slices.Equal(a.Processors, b.Processors) }) {
		t.Errorf("doctor: %d game dates, uncommitted %+v; want 3 and %+v", rep.GameDates, rep.Uncommitted, want)
	}
	if code, out := s.nbaflow(t, doctor...); code != 3 || !strings.Contains(out, "no committed run  2025-01-15  psza\n") {
		t.Errorf("doctor exit %d, want 3 naming 2025-01-15:\n%s", code, out)
	}
	commit(t, wh, gap, nba.PSZA)
	if code, out := s.nbaflow(t, doctor...); code != 0 || !strings.HasSuffix(out, "all well\n") {
		t.Errorf("doctor exit %d, want 0 and all well:\n%s", code, out)
	}

	ended, running := s.idleRun(t, "nba-daily-doctor-ended"), s.idleRun(t, "nba-daily-doctor-running")
	if err := s.c.TerminateWorkflow(context.Background(), ended.GetID(), ended.GetRunID(), "test"); err != nil {
		t.Fatal(err)
	}
	hourAgo := time.Now().Add(-time.Hour - time.Minute)
	for run, at := range map[string]time.Time{
		ended.GetID() + "/" + ended.GetRunID(): hourAgo, running.GetID() + "/" + running.GetRunID(): hourAgo,
		"nba-daily-doctor-fresh/r1": time.Now(),
	} {
		if err := wh.Stage(context.Background(), warehousetest.ContextBatch(run, gap, []string{"aaaone", "aaatwo"}, 10, at)); err != nil {
			t.Fatal(err)
		}
	}
	rep = s.doctor(t, 3, doctor...)
	if len(rep.Staging) != 1 || rep.Staging[0].RunID != ended.GetID()+"/"+ended.GetRunID() || rep.Staging[0].Rows != 2 ||
		rep.Staging[0].Workflow != "Terminated" {
		t.Errorf("staging left behind: %+v; want the 2 rows of %s, Terminated", rep.Staging, ended.GetID())
	}
}

// commit commits an empty run of processor on date.
func commit(t *testing.T, wh warehouse.Warehouse, date civil.Date, processor nba.Processor) {
	t.Helper()
	if _, err := wh.Commit(context.Background(), warehousetest.CommitRequest("r-"+date.String(), processor, date)); err != nil {
		t.Fatal(err)
	}
}

// doctor runs nbaflow doctor --json, which must exit with code.
func (s cliStack) doctor(t *testing.T, code int, args ...string) doctorReport {
	t.Helper()
	got, out := s.nbaflow(t, append(args, "--json")...)
	var rep doctorReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || got != code {
		t.Fatalf("doctor --json exit %d, want %d: %v\n%s", got, code, err, out)
	}
	return rep
}

// idleRun starts a daily run on the stack's task queue, which no worker
// polls: it runs until the test ends.
func (s cliStack) idleRun(t *testing.T, id string) client.WorkflowRun {
	t.Helper()
	ctx := context.Background()
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: "2025-01-15"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.c.TerminateWorkflow(ctx, id, run.GetRunID(), "test over") })
	return run
}
