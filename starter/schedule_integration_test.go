package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/operator"
	"nbaflow/internal/testenv"
	"nbaflow/workflows"
)

// TestScheduleHungNightTimesOutAndTheNextRuns: the Schedule the CLI creates
// starts every night (overlap allow-all) with a run timeout. A night whose
// run hangs (its task queue has no worker) ends timed out at that timeout,
// and the next night, triggered while it hangs, starts anyway and runs.
func TestScheduleHungNightTimesOutAndTheNextRuns(t *testing.T) {
	s := newCLIStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const timeout = 5 * time.Second
	nobodyPolls := testenv.TaskQueue(t)
	s.cli(t, "schedule", "create", "--task-queue", nobodyPolls, "--run-timeout", timeout.String())
	t.Cleanup(func() { s.nbaflow(t, "schedule", "delete") })
	h := s.c.ScheduleClient().GetHandle(ctx, operator.ScheduleID)
	checkScheduleSettings(t, ctx, h, nobodyPolls, timeout)

	s.cli(t, "schedule", "trigger")
	hung := nthAction(t, ctx, h, 1)
	// The next night goes to a task queue a worker polls.
	s.cli(t, "schedule", "update")
	checkScheduleSettings(t, ctx, h, s.taskQueue, operator.DefaultScheduleSettings.RunTimeout)
	// A Schedule names a run after its time to the second: two actions in
	// the same second would be one workflow ID.
	time.Sleep(time.Until(hung.ActualTime.Truncate(time.Second).Add(time.Second)))
	s.cli(t, "schedule", "trigger")
	next := nthAction(t, ctx, h, 2)

	d, err := s.c.DescribeWorkflow(ctx, hung.StartWorkflowResult.WorkflowID, hung.StartWorkflowResult.FirstExecutionRunID)
	if err != nil {
		t.Fatal(err)
	}
	if !next.ActualTime.Before(d.WorkflowStartTime.Add(timeout)) {
		t.Fatalf("the second night started at %s, after the first timed out: this proves nothing of overlap", next.ActualTime)
	}
	var res workflows.DailyResult
	s.waitResult(t, next.StartWorkflowResult.WorkflowID, &res)
	if res.RunKind != workflows.RunScheduled {
		t.Errorf("the next night's run: %+v, want a scheduled run", res)
	}
	closed := waitClosed(t, ctx, s.c, hung.StartWorkflowResult.WorkflowID, hung.StartWorkflowResult.FirstExecutionRunID)
	if took := closed.WorkflowCloseTime.Sub(closed.WorkflowStartTime); closed.Status != enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT ||
		took < timeout || took > timeout+10*time.Second {
		t.Errorf("the hung night ended %s after %s, want timed out after %s", closed.Status, took, timeout)
	}

	var st operator.ScheduleStatus
	if err := json.Unmarshal([]byte(s.cli(t, "schedule", "describe", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.SkippedOverlap != 0 || st.TotalActions != 2 || st.Overlap != "AllowAll" || st.RunTimeout != "6h0m0s" || len(st.MissedNights) != 0 {
		t.Errorf("schedule describe: %+v; want 2 actions, none skipped, no night missed", st)
	}
}

// cli runs this CLI, which must exit 0, and returns its stdout.
func (s cliStack) cli(t *testing.T, args ...string) string {
	t.Helper()
	code, out := s.nbaflow(t, args...)
	if code != 0 {
		t.Fatalf("nbaflow %v: exit %d\n%s", args, code, out)
	}
	return out
}

// checkScheduleSettings checks the Schedule's overlap policy and its
// action's task queue and run timeout.
func checkScheduleSettings(t *testing.T, ctx context.Context, h client.ScheduleHandle, taskQueue string, runTimeout time.Duration) {
	t.Helper()
	d, err := h.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := d.Schedule.Action.(*client.ScheduleWorkflowAction)
	if !ok || a.TaskQueue != taskQueue || a.WorkflowRunTimeout != runTimeout || d.Schedule.Policy.Overlap != enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL {
		t.Fatalf("schedule: overlap %s, action %+v; want allow-all, task queue %s, run timeout %s",
			d.Schedule.Policy.Overlap, d.Schedule.Action, taskQueue, runTimeout)
	}
}

// nthAction waits until the Schedule has taken n actions and returns the
// nth.
func nthAction(t *testing.T, ctx context.Context, h client.ScheduleHandle, n int) client.ScheduleActionResult {
	t.Helper()
	var actions []client.ScheduleActionResult
	ok := eventually(func() bool {
		d, err := h.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		actions = d.Info.RecentActions
		return len(actions) >= n
	})
	if !ok || actions[n-1].StartWorkflowResult == nil {
		t.Fatalf("the schedule took %d actions, want %d starting a run: %+v", len(actions), n, actions)
	}
	return actions[n-1]
}

// waitClosed waits for a run to close and describes it.
func waitClosed(t *testing.T, ctx context.Context, c client.Client, workflowID, runID string) *client.WorkflowExecutionDescription {
	t.Helper()
	var d *client.WorkflowExecutionDescription
	ok := eventually(func() bool {
		var err error
		if d, err = c.DescribeWorkflow(ctx, workflowID, runID); err != nil {
			t.Fatal(err)
		}
		return d.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	})
	if !ok {
		t.Fatalf("%s is still running", workflowID)
	}
	return d
}

// TestScheduleCreateLeavesAnOlderScheduleAndSaysHowToUpdateIt: on a
// Schedule an older nbaflow created (overlap skip, no run timeout, its own
// clock), create changes nothing and prints the update that brings it to
// allow-all and a run timeout; that update keeps its clock.
func TestScheduleCreateLeavesAnOlderScheduleAndSaysHowToUpdateIt(t *testing.T) {
	s := newIdleCLIStack(t)
	ctx := context.Background()
	spec := client.ScheduleSpec{TimeZoneName: operator.ScheduleZone, Calendars: []client.ScheduleCalendarSpec{{
		Hour: []client.ScheduleRange{{Start: 9}}, Minute: []client.ScheduleRange{{Start: 30}}, DayOfWeek: []client.ScheduleRange{{Start: 0, End: 6}},
	}}}
	if _, err := s.c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: operator.ScheduleID, Spec: spec, Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP, CatchupWindow: time.Hour,
		Action: &client.ScheduleWorkflowAction{ID: operator.ScheduleID, Workflow: workflows.DailyWorkflowName, TaskQueue: s.taskQueue},
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.nbaflow(t, "schedule", "delete") })

	out := s.cli(t, "schedule", "create")
	_, update, ok := strings.Cut(strings.TrimSuffix(out, " sets\n"), "which nbaflow ")
	if !ok || !strings.Contains(out, "left unchanged") || !strings.Contains(out, "overlap policy Skip and run timeout none") {
		t.Fatalf("schedule create on an older schedule says:\n%s", out)
	}
	s.cli(t, strings.Fields(update)...)
	h := s.c.ScheduleClient().GetHandle(ctx, operator.ScheduleID)
	checkScheduleSettings(t, ctx, h, s.taskQueue, operator.DefaultScheduleSettings.RunTimeout)
	if d, err := h.Describe(ctx); err != nil || d.Schedule.Spec.Calendars[0].Hour[0].Start != 9 ||
		d.Schedule.Spec.Calendars[0].Minute[0].Start != 30 || d.Schedule.Policy.CatchupWindow != time.Hour {
		t.Errorf("after %s: %+v, %v; want 09:30 and a catch-up window of 1h kept", update, d, err)
	}
	if out := s.cli(t, "schedule", "create"); strings.Contains(out, "predate") {
		t.Errorf("schedule create on an updated schedule says:\n%s", out)
	}
}
