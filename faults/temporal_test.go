package faults_test

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
)

const sigterm = syscall.SIGTERM

// inflight is an activity a worker was running.
type inflight struct {
	workflowID string
	activityID string
	activity   string
}

// runningOn returns the activities of workflowID and its pending children
// that a worker whose identity starts with prefix has started and not
// finished.
func runningOn(t *testing.T, c client.Client, workflowID, prefix string) []inflight {
	t.Helper()
	ctx := context.Background()
	desc, err := c.DescribeWorkflowExecution(ctx, workflowID, "")
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{workflowID}
	for _, ch := range desc.GetPendingChildren() {
		ids = append(ids, ch.GetWorkflowId())
	}
	var out []inflight
	for _, id := range ids {
		d := desc
		if id != workflowID {
			if d, err = c.DescribeWorkflowExecution(ctx, id, ""); err != nil {
				continue // finished and gone between the two calls
			}
		}
		for _, a := range d.GetPendingActivities() {
			if a.GetState() == enumspb.PENDING_ACTIVITY_STATE_STARTED && strings.HasPrefix(a.GetLastWorkerIdentity(), prefix) {
				out = append(out, inflight{workflowID: id, activityID: a.GetActivityId(), activity: a.GetActivityType().GetName()})
			}
		}
	}
	return out
}

// waitRunningOn polls until the worker runs at least n chunk activities of
// the workflow (or its children), and returns them.
func waitRunningOn(t *testing.T, c client.Client, workflowID string, w *workerProc, n int) []inflight {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var chunks []inflight
		for _, a := range runningOn(t, c, workflowID, w.identityPrefix()) {
			if strings.Contains(a.activityID, "-chunk-") {
				chunks = append(chunks, a)
			}
		}
		if len(chunks) >= n {
			return chunks
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker %s never ran %d chunks of %s at once", w.name, n, workflowID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// attempt is how an activity ended: its last attempt, by whom and when.
type attempt struct {
	attempt   int32
	identity  string // of the worker that completed it
	completed time.Time
	failed    bool
}

// activityOutcomes reads a run's history and returns how each activity
// ended, by activity ID. Temporal writes an activity's started event when
// the activity closes, with its final attempt number.
func activityOutcomes(t *testing.T, c client.Client, workflowID, runID string) map[string]attempt {
	t.Helper()
	ids := map[int64]string{}
	out := map[string]attempt{}
	for _, e := range history(t, c, workflowID, runID) {
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			ids[e.GetEventId()] = e.GetActivityTaskScheduledEventAttributes().GetActivityId()
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED:
			a := e.GetActivityTaskStartedEventAttributes()
			id := ids[a.GetScheduledEventId()]
			o := out[id]
			o.attempt = a.GetAttempt()
			out[id] = o
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			a := e.GetActivityTaskCompletedEventAttributes()
			id := ids[a.GetScheduledEventId()]
			o := out[id]
			o.identity, o.completed = a.GetIdentity(), e.GetEventTime().AsTime()
			out[id] = o
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED, enumspb.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
			var sched int64
			if a := e.GetActivityTaskFailedEventAttributes(); a != nil {
				sched = a.GetScheduledEventId()
			} else {
				sched = e.GetActivityTaskTimedOutEventAttributes().GetScheduledEventId()
			}
			id := ids[sched]
			o := out[id]
			o.failed, o.completed = true, e.GetEventTime().AsTime()
			out[id] = o
		}
	}
	return out
}

// history returns the events of one run ("" for the latest).
func history(t *testing.T, c client.Client, workflowID, runID string) []*historypb.HistoryEvent {
	t.Helper()
	var events []*historypb.HistoryEvent
	it := c.GetWorkflowHistory(context.Background(), workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatalf("history of %s: %v", workflowID, err)
		}
		events = append(events, e)
	}
	return events
}

// runChain returns the run IDs of a workflow that continued as new, from
// its first run on.
func runChain(t *testing.T, c client.Client, workflowID, firstRunID string) (runs []string, events [][]*historypb.HistoryEvent) {
	t.Helper()
	for runID := firstRunID; runID != ""; {
		h := history(t, c, workflowID, runID)
		runs, events = append(runs, runID), append(events, h)
		runID = ""
		if last := h[len(h)-1]; last.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW {
			runID = last.GetWorkflowExecutionContinuedAsNewEventAttributes().GetNewExecutionRunId()
		}
	}
	return runs, events
}
