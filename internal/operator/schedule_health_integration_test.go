package operator

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"nbaflow/internal/devserver"
	"nbaflow/workflows"
)

var server devserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	server.Stop()
	os.Exit(code)
}

// TestScheduleHealthOnVisibility: of three expected nights, the one the
// Schedule acted on and the one a daily run exists for (found by its
// NbaGameDate on a real server's visibility) are not missed; the third is.
func TestScheduleHealthOnVisibility(t *testing.T) {
	c := server.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	acted, ran, missed := civil.Date{Year: 2025, Month: 1, Day: 13}, civil.Date{Year: 2025, Month: 1, Day: 14}, civil.Date{Year: 2025, Month: 1, Day: 15}
	id := "nba-daily-" + ran.String() + "-health"
	// No worker polls this queue: the run waits, carrying its date.
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "health-" + t.Name(),
		TypedSearchAttributes: temporal.NewSearchAttributes(workflows.GameDateKey.ValueSet(ran.String()))},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: ran.String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.TerminateWorkflow(context.Background(), id, run.GetRunID(), "test over") })

	d := &client.ScheduleDescription{
		Schedule: client.Schedule{Spec: func() *client.ScheduleSpec { s := DefaultScheduleSettings.spec(); return &s }()},
		Info: client.ScheduleInfo{
			NumActionsMissedCatchupWindow: 2, NumActionsSkippedOverlap: 1,
			CreatedAt:     eastern(t, "2025-01-01", 0, 0),
			RecentActions: []client.ScheduleActionResult{{ScheduleTime: eastern(t, acted.String(), 10, 0)}},
		},
	}
	var h ScheduleHealth
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if h, err = New(c, "", "", "").health(ctx, d, 3, eastern(t, missed.String(), 11, 0)); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(h.MissedNights, ran) {
			break // visibility has caught up with the start
		}
	}
	want := ScheduleHealth{MissedCatchup: 2, SkippedOverlap: 1, LookbackDays: 3, MissedNights: []civil.Date{missed}}
	if h.MissedCatchup != want.MissedCatchup || h.SkippedOverlap != want.SkippedOverlap || h.LookbackDays != want.LookbackDays ||
		!slices.Equal(h.MissedNights, want.MissedNights) {
		t.Errorf("health = %+v, want %+v", h, want)
	}
}
