package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"nbaflow/internal/operator"
	"nbaflow/internal/testenv"
	"nbaflow/workflows"
)

// TestCLIDailyAttachesToRunInFlight: a daily run of a date started under
// another workflow ID (as the nba-daily Schedule names its runs), waiting
// for a worker, is what nbaflow daily finds for that date: without --wait
// it exits 4 naming that run and starts nothing; with --wait it attaches
// and exits with that run's result once a worker runs it.
func TestCLIDailyAttachesToRunInFlight(t *testing.T) {
	s := newIdleCLIStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const date = "2025-01-22"
	otherID := "nba-daily-" + date + "T15:00:00Z"
	other, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: otherID, TaskQueue: s.taskQueue,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			workflows.GameDateKey.ValueSet(date), workflows.RunKindKey.ValueSet(workflows.RunScheduled)),
	}, workflows.DailyWorkflowName, workflows.DailyInput{GameDate: date, RunKind: workflows.RunScheduled})
	if err != nil {
		t.Fatal(err)
	}
	if !listed(t, s, `NbaGameDate="`+date+`" AND ExecutionStatus="Running"`, otherID) {
		t.Fatalf("visibility does not list %s as running", otherID)
	}
	inFlight := fmt.Sprintf("a daily run of %s is already in flight: %s (run %s, UI ", date, otherID, other.GetRunID())

	cli := s.nbaflowAsync(ctx, "daily", "--date", date, "--json")
	var r operator.Run
	if code := cli.wait(t); code != 4 || json.Unmarshal(cli.stdout.Bytes(), &r) != nil {
		t.Fatalf("daily of a date in flight: exit %d, stdout %s; want 4 and the run's IDs", code, cli.stdout.String())
	}
	if want := (operator.Run{WorkflowID: otherID, RunID: other.GetRunID(), Existing: true}); r != want {
		t.Errorf("daily --json printed %+v, want %+v", r, want)
	}
	if stderr := cli.stderr.String(); !strings.Contains(stderr, inFlight) || !strings.Contains(stderr, "; not starting another") {
		t.Errorf("stderr %q does not say %q", stderr, inFlight)
	}
	checkNotStarted(t, s, date)

	cli = s.nbaflowAsync(ctx, "daily", "--date", date, "--wait", "--json")
	// The run can only finish once the CLI has attached, so a run started
	// by the CLI after it finished cannot pass for the attached one.
	if !eventually(func() bool { return strings.Contains(cli.stderr.String(), inFlight) }) {
		t.Fatalf("daily --wait did not attach; stderr %q", cli.stderr.String())
	}
	testenv.StartWorker(t, s.c, s.taskQueue, s.wh)
	code := cli.wait(t)
	var want workflows.DailyResult
	s.waitResult(t, otherID, &want)
	var got struct {
		Daily *workflows.DailyResult `json:"daily"`
	}
	if err := json.Unmarshal(cli.stdout.Bytes(), &got); err != nil || got.Daily == nil {
		t.Fatalf("daily --wait --json exit %d: %v\n%s", code, err, cli.stdout.String())
	}
	wantCode := 0
	if want.FailedPlayers > 0 {
		wantCode = 3
	}
	if code != wantCode || got.Daily.RunID != want.RunID || got.Daily.Status != want.Status || got.Daily.FailedPlayers != want.FailedPlayers {
		t.Errorf("attached daily exit %d with %+v; want %d with the result of %s: %+v", code, *got.Daily, wantCode, otherID, want)
	}
	checkNotStarted(t, s, date)
	if ids := executionsOf(t, s, date); !slices.Equal(ids, []string{otherID}) {
		t.Errorf("executions of %s: %v, want only %s", date, ids, otherID)
	}
}

// TestCLIDailyStartsWhenNoRunInFlight: a finished run of the date under
// another workflow ID does not count; nbaflow daily starts nba-daily-DATE.
func TestCLIDailyStartsWhenNoRunInFlight(t *testing.T) {
	s := newCLIStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const date = "2025-01-23"
	otherID := "nba-backfill-" + date + "_" + date + "-" + date
	if _, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: otherID, TaskQueue: s.taskQueue,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			workflows.GameDateKey.ValueSet(date), workflows.RunKindKey.ValueSet(workflows.RunBackfill)),
	}, workflows.DailyWorkflowName, workflows.DailyInput{GameDate: date, RunKind: workflows.RunBackfill}); err != nil {
		t.Fatal(err)
	}
	var done workflows.DailyResult
	s.waitResult(t, otherID, &done)

	cli := s.nbaflowAsync(ctx, "daily", "--date", date)
	code := cli.wait(t)
	id := "nba-daily-" + date
	if started := "started daily run " + id + " (run "; code != 0 || !strings.Contains(cli.stderr.String(), started) {
		t.Fatalf("daily exit %d, stderr %q; want 0 and %q", code, cli.stderr.String(), started)
	}
	var res workflows.DailyResult
	s.waitResult(t, id, &res)
	if res.RunID == done.RunID || res.GameDate != date {
		t.Errorf("nba-daily-%s computed %+v; want a new run of the date", date, res)
	}
}

// TestCLIBackfillChildCarriesItsDate: a backfill's child daily run has its
// NbaGameDate and NbaRunKind from its start, before its first workflow
// task upserts them, so nbaflow daily finds it even while no worker has
// picked it up.
func TestCLIBackfillChildCarriesItsDate(t *testing.T) {
	s := newCLIStack(t)
	const date = "2025-01-24"
	if code, out := s.nbaflow(t, "backfill", "--from", date, "--to", date, "--wait", "--json"); code != 0 && code != 3 {
		t.Fatalf("backfill exit %d:\n%s", code, out)
	}
	child := "nba-backfill-" + date + "_" + date + "-" + date
	first, err := s.c.GetWorkflowHistory(context.Background(), child, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT).Next()
	if err != nil {
		t.Fatalf("history of %s: %v", child, err)
	}
	fields := first.GetWorkflowExecutionStartedEventAttributes().GetSearchAttributes().GetIndexedFields()
	for key, want := range map[string]string{workflows.GameDateKey.GetName(): date, workflows.RunKindKey.GetName(): workflows.RunBackfill} {
		var got string
		if p, ok := fields[key]; !ok || converter.GetDefaultDataConverter().FromPayload(p, &got) != nil || got != want {
			t.Errorf("%s started with %s = %q, want %q", child, key, got, want)
		}
	}
}

// cliRun is this CLI running in process in the background.
type cliRun struct {
	done   chan int
	stdout bytes.Buffer
	stderr lockedBuffer
}

// nbaflowAsync starts this CLI on the stack and returns at once; ctx ends it.
func (s cliStack) nbaflowAsync(ctx context.Context, args ...string) *cliRun {
	r := &cliRun{done: make(chan int, 1)}
	env := &env{stdout: &r.stdout, stderr: &r.stderr, environ: []string{"TEMPORAL_ADDRESS=" + s.address, "TASK_QUEUE=" + s.taskQueue}}
	go func() { r.done <- run(ctx, args, env) }()
	return r
}

// wait returns the CLI's exit status; its stdout may be read after.
func (r *cliRun) wait(t *testing.T) int {
	t.Helper()
	code := <-r.done
	if testing.Verbose() {
		t.Logf("nbaflow -> %d\n%s", code, r.stderr.String())
	}
	return code
}

// lockedBuffer is a buffer the test may read while the CLI writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// eventually polls cond for up to 20 seconds.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

// checkNotStarted fails the test if nba-daily-DATE exists: the CLI started
// a run of its own.
func checkNotStarted(t *testing.T, s cliStack, date string) {
	t.Helper()
	_, err := s.c.DescribeWorkflowExecution(context.Background(), "nba-daily-"+date, "")
	var nf *serviceerror.NotFound
	if !errors.As(err, &nf) {
		t.Errorf("nba-daily-%s: %v; want not found: the CLI must not start a second run", date, err)
	}
}

// executionsOf lists the workflow IDs of every execution of a game date,
// whatever its state.
func executionsOf(t *testing.T, s cliStack, date string) []string {
	t.Helper()
	resp, err := s.c.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{
		Query: `NbaGameDate = "` + date + `"`,
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range resp.GetExecutions() {
		ids = append(ids, e.GetExecution().GetWorkflowId())
	}
	return ids
}
