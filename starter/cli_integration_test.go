package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/devserver"
	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// These tests drive the running system the way an operator does: through
// bin/temporal itself and through this CLI, against a real dev server and
// a real worker over a seeded SQLite warehouse.

var server devserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	server.Stop()
	testenv.Cleanup()
	os.Exit(code)
}

// cliStack is a worker on its own task queue and the flags that point the
// CLIs at it.
type cliStack struct {
	c         client.Client
	wh        *sqlite.Warehouse
	address   string
	taskQueue string
}

func newCLIStack(t *testing.T) cliStack {
	t.Helper()
	s := newIdleCLIStack(t)
	testenv.StartWorker(t, s.c, s.taskQueue, s.wh)
	return s
}

// newIdleCLIStack is a cliStack whose task queue has no worker yet: runs
// started on it wait until the test starts one.
func newIdleCLIStack(t *testing.T) cliStack {
	t.Helper()
	srv := server.Server(t)
	return cliStack{c: srv.Client(), wh: testenv.Seeded(t), address: srv.FrontendHostPort(), taskQueue: testenv.TaskQueue(t)}
}

// temporal runs bin/temporal against the dev server and returns its stdout.
func (s cliStack) temporal(t *testing.T, args ...string) []byte {
	t.Helper()
	bin, err := devserver.Binary()
	if err != nil {
		t.Fatal(err)
	}
	args = append(args, "--address", s.address)
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("temporal %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// nbaflow runs this CLI in process and returns its exit status and stdout.
func (s cliStack) nbaflow(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &env{stdout: &stdout, stderr: &stderr, environ: []string{"TEMPORAL_ADDRESS=" + s.address, "TASK_QUEUE=" + s.taskQueue}}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	code := run(ctx, args, env)
	if testing.Verbose() {
		t.Logf("nbaflow %s -> %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return code, stdout.String()
}

// waitResult waits for a run and decodes its result.
func (s cliStack) waitResult(t *testing.T, id string, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := s.c.GetWorkflow(ctx, id, "").Get(ctx, out); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
}

// TestTemporalCLIDailyRun: temporal workflow start runs DailyWorkflow from
// its JSON input; the progress query answers readable JSON; the run is
// found by its NbaGameDate search attribute.
func TestTemporalCLIDailyRun(t *testing.T) {
	s := newCLIStack(t)
	id := "nba-daily-2025-01-15-cli"
	s.temporal(t, "workflow", "start", "--type", "DailyWorkflow", "--task-queue", s.taskQueue,
		"--workflow-id", id, "--input", `{"game_date":"2025-01-15"}`)
	var res workflows.DailyResult
	s.waitResult(t, id, &res)
	if res.GameDate != "2025-01-15" || res.RunKind != workflows.RunManual || len(res.Processors) != 2 {
		t.Fatalf("result = %+v", res)
	}

	var query struct {
		QueryResult []workflows.DailyProgress `json:"queryResult"`
	}
	out := s.temporal(t, "workflow", "query", "--workflow-id", id, "--name", "progress", "--output", "json")
	if err := json.Unmarshal(out, &query); err != nil || len(query.QueryResult) != 1 {
		t.Fatalf("progress query output is not the progress JSON: %v\n%s", err, out)
	}
	p := query.QueryResult[0]
	if p.GameDate != "2025-01-15" || p.Phase != "done" || len(p.Processors) != 2 || p.Processors[0].Planned == 0 ||
		p.Processors[0].Done != p.Processors[0].Planned {
		t.Errorf("progress = %+v", p)
	}

	if !listed(t, s, `NbaGameDate="2025-01-15"`, id) {
		t.Errorf("temporal workflow list --query NbaGameDate=\"2025-01-15\" does not find %s", id)
	}
}

// listed polls temporal workflow list (visibility is eventually consistent)
// until the query finds id.
func listed(t *testing.T, s cliStack, query, id string) bool {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		var runs []struct {
			Execution struct {
				WorkflowID string `json:"workflowId"`
			} `json:"execution"`
		}
		out := s.temporal(t, "workflow", "list", "--query", query, "--output", "json")
		if err := json.Unmarshal(out, &runs); err != nil {
			t.Fatalf("workflow list output: %v\n%s", err, out)
		}
		for _, r := range runs {
			if r.Execution.WorkflowID == id {
				return true
			}
		}
	}
	return false
}

// TestTemporalCLIBackfill: temporal workflow start runs BackfillWorkflow
// over a range with the All-Star break; its progress query answers while it
// runs and its result commits every game date and skips the off-days.
func TestTemporalCLIBackfill(t *testing.T) {
	s := newCLIStack(t)
	id := "nba-backfill-2025-02-12_2025-02-24-cli"
	s.temporal(t, "workflow", "start", "--type", "BackfillWorkflow", "--task-queue", s.taskQueue,
		"--workflow-id", id, "--input", `{"start_date":"2025-02-12","end_date":"2025-02-24","max_parallel_dates":3}`)
	var query struct {
		QueryResult []workflows.BackfillProgress `json:"queryResult"`
	}
	out := s.temporal(t, "workflow", "query", "--workflow-id", id, "--name", "progress", "--output", "json")
	if err := json.Unmarshal(out, &query); err != nil || len(query.QueryResult) != 1 {
		t.Fatalf("progress query output: %v\n%s", err, out)
	}
	var res workflows.BackfillResult
	s.waitResult(t, id, &res)
	if res.DatesFailed != 0 || res.DatesDone != res.DatesTotal || res.DatesTotal == 0 {
		t.Errorf("backfill = %d/%d done, %d failed: %+v", res.DatesDone, res.DatesTotal, res.DatesFailed, res.Failed)
	}
	if len(res.SkippedOffDays) == 0 || res.DatesTotal+len(res.SkippedOffDays) != 13 {
		t.Errorf("13 days = %d game dates + %v off-days", res.DatesTotal, res.SkippedOffDays)
	}
}

// TestScheduleTriggerRunsTodaysDate: the CLI creates the nba-daily Schedule
// (twice: idempotent); temporal schedule trigger starts a daily run whose
// game date is today in America/New_York and whose kind is scheduled.
func TestScheduleTriggerRunsTodaysDate(t *testing.T) {
	s := newCLIStack(t)
	for range 2 {
		if code, out := s.nbaflow(t, "schedule", "create", "--json"); code != 0 {
			t.Fatalf("schedule create exit %d: %s", code, out)
		}
	}
	t.Cleanup(func() { s.nbaflow(t, "schedule", "delete") })
	s.temporal(t, "schedule", "trigger", "--schedule-id", "nba-daily")

	ny, _ := time.LoadLocation("America/New_York")
	today := time.Now().In(ny).Format(time.DateOnly)
	var found string
	for deadline := time.Now().Add(30 * time.Second); found == "" && time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		var runs []struct {
			Execution struct {
				WorkflowID string `json:"workflowId"`
			} `json:"execution"`
		}
		out := s.temporal(t, "workflow", "list", "--query", `NbaRunKind="scheduled" AND NbaGameDate="`+today+`"`, "--output", "json")
		if err := json.Unmarshal(out, &runs); err != nil {
			t.Fatal(err)
		}
		if len(runs) > 0 {
			found = runs[0].Execution.WorkflowID
		}
	}
	if found == "" {
		t.Fatalf("no scheduled run for %s after the trigger", today)
	}
	var res workflows.DailyResult
	s.waitResult(t, found, &res)
	if res.GameDate != today || res.RunKind != workflows.RunScheduled {
		t.Errorf("triggered run computed %s (%s), want %s (scheduled)", res.GameDate, res.RunKind, today)
	}
	code, out := s.nbaflow(t, "schedule", "describe", "--json")
	if code != 0 || !strings.Contains(out, `"id": "nba-daily"`) || !strings.Contains(out, `"time_zone": "America/New_York"`) {
		t.Errorf("schedule describe exit %d:\n%s", code, out)
	}
}

// TestCLIDailyStatusAndRerun: nbaflow daily --wait writes a row per planned
// player (exit 0, or 3 when some players have a categorized failure);
// status reports the same result; running the date again changes nothing.
func TestCLIDailyStatusAndRerun(t *testing.T) {
	s := newCLIStack(t)
	var first, second, status struct {
		Daily *workflows.DailyResult `json:"daily"`
	}
	for _, r := range []*struct {
		Daily *workflows.DailyResult `json:"daily"`
	}{&first, &second} {
		code, out := s.nbaflow(t, "daily", "--date", "2025-01-15", "--wait", "--json")
		if code != 0 && code != 3 {
			t.Fatalf("daily exit %d:\n%s", code, out)
		}
		if err := json.Unmarshal([]byte(out), r); err != nil || r.Daily == nil {
			t.Fatalf("daily --json output: %v\n%s", err, out)
		}
	}
	for i, p := range first.Daily.Processors {
		if p.Inserted+p.Failed+p.Skipped != p.Planned || p.Planned == 0 {
			t.Errorf("first run %s: %d planned, %d inserted, %d failed, %d skipped", p.Processor, p.Planned, p.Inserted, p.Failed, p.Skipped)
		}
		again := second.Daily.Processors[i]
		if again.Unchanged != p.Inserted || again.Inserted != 0 || again.Updated != 0 {
			t.Errorf("second run %s: %+v, want %d unchanged", p.Processor, again, p.Inserted)
		}
	}
	code, out := s.nbaflow(t, "status", "nba-daily-2025-01-15", "--json")
	if code != 0 && code != 3 {
		t.Fatalf("status exit %d:\n%s", code, out)
	}
	if err := json.Unmarshal([]byte(out), &status); err != nil || status.Daily == nil || status.Daily.RunID != second.Daily.RunID {
		t.Errorf("status does not report the latest run: %v\n%s", err, out)
	}
}

// TestCLIRetryFailed: a date whose season has no regular-season game in
// the schedule fails its daily run (no season start); the backfill lists it.
// Once the missing game is loaded, retry-failed re-runs exactly that date
// and commits it.
func TestCLIRetryFailed(t *testing.T) {
	s := newCLIStack(t)
	ctx := context.Background()
	playoff := scheduledGame(t, "2030-11-01", "BOS", "LAL")
	playoff.IsPlayoffs = true
	if _, err := s.wh.LoadDataset(ctx, &nba.Dataset{Schedule: []nba.ScheduledGame{playoff}}); err != nil {
		t.Fatal(err)
	}
	code, out := s.nbaflow(t, "backfill", "--from", "2030-10-31", "--to", "2030-11-01", "--wait", "--json")
	var failed struct {
		Backfill *workflows.BackfillResult `json:"backfill"`
	}
	if err := json.Unmarshal([]byte(out), &failed); err != nil || failed.Backfill == nil {
		t.Fatalf("backfill exit %d: %v\n%s", code, err, out)
	}
	if code != 3 || failed.Backfill.DatesFailed != 1 || failed.Backfill.Failed[0].Date.String() != "2030-11-01" ||
		len(failed.Backfill.SkippedOffDays) != 1 {
		t.Fatalf("backfill exit %d, want 3 with 2030-11-01 failed and one off-day: %+v", code, failed.Backfill)
	}

	if _, err := s.wh.LoadDataset(ctx, &nba.Dataset{Schedule: []nba.ScheduledGame{scheduledGame(t, "2030-10-25", "NYK", "MIA")}}); err != nil {
		t.Fatal(err)
	}
	code, out = s.nbaflow(t, "retry-failed", "nba-backfill-2030-10-31_2030-11-01", "--wait", "--json")
	var retried struct {
		Backfill *workflows.BackfillResult `json:"backfill"`
	}
	if err := json.Unmarshal([]byte(out), &retried); err != nil || retried.Backfill == nil {
		t.Fatalf("retry-failed exit %d: %v\n%s", code, err, out)
	}
	if code != 0 || retried.Backfill.DatesTotal != 1 || retried.Backfill.DatesDone != 1 {
		t.Errorf("retry exit %d: %+v", code, retried.Backfill)
	}
	if code, _ := s.nbaflow(t, "retry-failed", "nba-backfill-2030-10-31_2030-11-01-retry-1"); code != 0 {
		t.Errorf("retry of a backfill without failures: exit %d, want 0", code)
	}
}

// scheduledGame is a final regular-season game at 7 PM Eastern.
func scheduledGame(t *testing.T, date, away, home string) nba.ScheduledGame {
	t.Helper()
	d, err := civil.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	return nba.ScheduledGame{
		GameID: nba.GameIDFor(d, away, home), GameDate: d, SeasonYear: int64(nba.SeasonYear(d)),
		StartUTC: d.In(time.UTC).Add(24 * time.Hour), HomeTeamAbbr: home, AwayTeamAbbr: away, GameStatus: nba.GameScheduled,
	}
}
