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
		e.printf("usage: nbaflow schedule create|update|describe|pause|unpause|trigger|delete [flags]\n\n" +
			"The nba-daily Schedule starts DailyWorkflow every day at --hour:--minute America/New_York with\n" +
			"overlap policy allow-all (a night in progress never makes the next one skip) and a run timeout\n" +
			"(a hung night ends timed out); each run computes that day's game date. create is idempotent and\n" +
			"leaves an existing Schedule as it is; update sets every setting from its flags and brings an older\n" +
			"Schedule to the overlap policy and a run timeout. describe lists the nights of the last --days days\n" +
			"with neither an action nor a daily run of their date.\n")
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
	runTimeout := fs.Duration("run-timeout", operator.DefaultScheduleSettings.RunTimeout, "a scheduled run still running after this ends timed out (create, update)")
	days := fs.Int("days", operator.DefaultLookbackDays, "days back, today included, to look for missed nights (describe)")
	note := fs.String("note", "", "why (pause, unpause)")
	var tf temporalFlags
	tf.register(fs, e)
	if err := parseFlagsOnly(fs, args[1:]); err != nil {
		return err
	}
	settings := operator.ScheduleSettings{Hour: *hour, Minute: *minute, CatchupWindow: *catchup, RunTimeout: *runTimeout}
	switch action {
	case "create", "update", "describe", "pause", "unpause", "trigger", "delete":
	default:
		return usagef("unknown action %q", action)
	}
	if (action == "create" || action == "update") && settings.Validate() != nil {
		return usageError{settings.Validate().Error()}
	}
	if *days < 1 {
		return usagef("--days %d: want at least 1", *days)
	}
	op, done, err := tf.dial(ctx, e)
	if err != nil {
		return err
	}
	defer done()

	var msg string
	switch action {
	case "create":
		msg, err = createSchedule(ctx, op, settings)
	case "update":
		err = op.UpdateSchedule(ctx, settings)
		msg = fmt.Sprintf("updated schedule nba-daily: every day at %02d:%02d America/New_York, catch-up window %s, "+
			"overlap %s, run timeout %s", *hour, *minute, *catchup, operator.ScheduleOverlap, *runTimeout)
	case "describe":
		return describeSchedule(ctx, e, op, *days, tf.json)
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

// createSchedule creates the Schedule, or says that it exists; an existing
// Schedule without the overlap policy or a run timeout (one an older
// nbaflow created) is left as it is, with the update that brings it to
// them while keeping its clock.
func createSchedule(ctx context.Context, op *operator.Operator, s operator.ScheduleSettings) (string, error) {
	created, err := op.CreateSchedule(ctx, s)
	switch {
	case err != nil:
		return "", err
	case created:
		return fmt.Sprintf("created schedule nba-daily: every day at %02d:%02d America/New_York, overlap %s, run timeout %s",
			s.Hour, s.Minute, operator.ScheduleOverlap, s.RunTimeout), nil
	}
	msg := "schedule nba-daily already exists; left unchanged (use update to change it)"
	st, err := op.DescribeSchedule(ctx, 1)
	if err != nil || st.Current() {
		return msg, err
	}
	return fmt.Sprintf("%s; its overlap policy %s and run timeout %s predate %s and a run timeout, which "+
		"nbaflow schedule update --hour %d --minute %d --catchup-window %s --task-queue %s sets", msg, st.Overlap,
		st.RunTimeout, operator.ScheduleOverlap, st.Hour, st.Minute, st.CatchupWindow, st.TaskQueue), nil
}

func describeSchedule(ctx context.Context, e *env, op *operator.Operator, days int, asJSON bool) error {
	st, err := op.DescribeSchedule(ctx, days)
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
	e.printf("schedule %s: %s, every day at %02d:%02d %s, overlap %s, catch-up window %s, run timeout %s\n",
		st.ID, state, st.Hour, st.Minute, st.TimeZone, st.Overlap, st.CatchupWindow, st.RunTimeout)
	if st.Note != "" {
		e.printf("  note: %s\n", st.Note)
	}
	for _, t := range st.NextRuns {
		e.printf("  next run  %s\n", t.Format(time.RFC3339))
	}
	for _, r := range st.RecentRuns {
		e.printf("  recent    %s  %s\n", r.ScheduledAt.Format(time.RFC3339), r.WorkflowID)
	}
	e.printf("  %d runs started, %d missed the catch-up window, %d skipped for overlap\n",
		st.TotalActions, st.MissedCatchup, st.SkippedOverlap)
	for _, d := range st.MissedNights {
		e.printf("  missed    %s  no action and no daily run of the date\n", d)
	}
	e.printf("  %d nights missed in the last %d days\n", len(st.MissedNights), st.LookbackDays)
	return nil
}
