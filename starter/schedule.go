package main

import (
	"context"
	"fmt"
	"time"

	"nbaflow/internal/operator"
)

var scheduleCommand = command{
	name:    "schedule",
	summary: "manage the nba-daily Schedule: create|update|describe|pause|unpause|trigger|delete",
	run:     runSchedule,
}

func runSchedule(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		e.printf("usage: starter schedule create|update|describe|pause|unpause|trigger|delete [flags]\n\n" +
			"The nba-daily Schedule starts DailyWorkflow every day at --hour:--minute America/New_York with\n" +
			"overlap policy skip; each run computes that day's game date. create is idempotent.\n")
		if len(args) == 0 {
			return usagef("want an action")
		}
		return nil
	}
	action := args[0]
	fs := newFlags(e, "schedule "+action, "[flags]", "Acts on the nba-daily Schedule.")
	hour := fs.Int("hour", operator.DefaultScheduleSettings.Hour, "hour of the daily run, America/New_York (create, update)")
	minute := fs.Int("minute", operator.DefaultScheduleSettings.Minute, "minute of the daily run (create, update)")
	catchup := fs.Duration("catchup-window", operator.DefaultScheduleSettings.CatchupWindow, "how late a missed run may still start (create, update)")
	note := fs.String("note", "", "why (pause, unpause)")
	var tf temporalFlags
	tf.register(fs, e)
	if err := parseFlagsOnly(fs, args[1:]); err != nil {
		return err
	}
	settings := operator.ScheduleSettings{Hour: *hour, Minute: *minute, CatchupWindow: *catchup}
	switch action {
	case "create", "update", "describe", "pause", "unpause", "trigger", "delete":
	default:
		return usagef("unknown action %q", action)
	}
	if (action == "create" || action == "update") && settings.Validate() != nil {
		return usageError{settings.Validate().Error()}
	}
	op, done, err := tf.dial(ctx, e)
	if err != nil {
		return err
	}
	defer done()

	var msg string
	switch action {
	case "create":
		created, err := op.CreateSchedule(ctx, settings)
		if err != nil {
			return err
		}
		msg = "schedule nba-daily already exists; left unchanged (use update to change it)"
		if created {
			msg = fmt.Sprintf("created schedule nba-daily: every day at %02d:%02d America/New_York", *hour, *minute)
		}
	case "update":
		err = op.UpdateSchedule(ctx, settings)
		msg = fmt.Sprintf("updated schedule nba-daily: every day at %02d:%02d America/New_York, catch-up window %s", *hour, *minute, *catchup)
	case "describe":
		return describeSchedule(ctx, e, op, tf.json)
	case "pause":
		err = op.PauseSchedule(ctx, *note)
		msg = "paused schedule nba-daily"
	case "unpause":
		err = op.UnpauseSchedule(ctx, *note)
		msg = "unpaused schedule nba-daily"
	case "trigger":
		err = op.TriggerSchedule(ctx)
		msg = "triggered schedule nba-daily: a daily run for today's date (America/New_York) is starting"
	case "delete":
		err = op.DeleteSchedule(ctx)
		msg = "deleted schedule nba-daily"
	}
	if err != nil {
		return err
	}
	if tf.json {
		return writeJSON(e.stdout, map[string]string{"schedule": operator.ScheduleID, "action": action, "message": msg})
	}
	e.printf("%s\n", msg)
	return nil
}

func describeSchedule(ctx context.Context, e *env, op *operator.Operator, asJSON bool) error {
	st, err := op.DescribeSchedule(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, st)
	}
	state := "active"
	if st.Paused {
		state = "paused"
	}
	e.printf("schedule %s: %s, every day at %02d:%02d %s, overlap %s, catch-up window %s\n",
		st.ID, state, st.Hour, st.Minute, st.TimeZone, st.Overlap, st.CatchupWindow)
	if st.Note != "" {
		e.printf("  note: %s\n", st.Note)
	}
	for _, t := range st.NextRuns {
		e.printf("  next run  %s\n", t.Format(time.RFC3339))
	}
	for _, r := range st.RecentRuns {
		e.printf("  recent    %s  %s\n", r.ScheduledAt.Format(time.RFC3339), r.WorkflowID)
	}
	e.printf("  %d runs started, %d missed the catch-up window\n", st.TotalActions, st.MissedCatchup)
	return nil
}
