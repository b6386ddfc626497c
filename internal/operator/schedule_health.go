package operator

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/workflows"
)

// DefaultLookbackDays is how far back the Schedule's health looks for
// missed nights: two weeks, long enough to span a holiday nobody watched.
const DefaultLookbackDays = 14

// ScheduleHealth says whether the Schedule lost nights.
type ScheduleHealth struct {
	// MissedCatchup counts the actions, over the Schedule's life, that the
	// server could not take within the catch-up window (it was down).
	MissedCatchup int64 `json:"missed_catchup_window"`
	// SkippedOverlap counts the actions, over the Schedule's life, skipped
	// because a run was in progress (an overlap policy that skips).
	SkippedOverlap int64 `json:"skipped_overlap"`
	// LookbackDays is how many days MissedNights covers, today included.
	LookbackDays int `json:"lookback_days"`
	// MissedNights are the nights (game dates, America/New_York) the spec
	// expected since the Schedule was created, within the lookback, with
	// neither an action of the Schedule nor a daily run of that date
	// under any workflow ID: missed, skipped, or lost while paused.
	MissedNights []civil.Date `json:"missed_nights"`
}

// ScheduleHealth reads the Schedule's health over the last days days
// (DefaultLookbackDays when days is 0); ErrNoSchedule when there is none.
func (o *Operator) ScheduleHealth(ctx context.Context, days int) (ScheduleHealth, error) {
	d, err := o.describeSchedule(ctx)
	if err != nil {
		return ScheduleHealth{}, err
	}
	return o.health(ctx, d, days, time.Now())
}

// WatchSchedule calls report with the Schedule's health over the default
// lookback now and then every interval, until ctx ends; it returns
// ctx's error. A failed read (ErrNoSchedule when there is no Schedule) is
// reported with its error and a zero health, and the watch goes on.
func (o *Operator) WatchSchedule(ctx context.Context, every time.Duration, report func(ScheduleHealth, error)) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		report(o.ScheduleHealth(ctx, DefaultLookbackDays))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// health computes the health of a described Schedule at now.
func (o *Operator) health(ctx context.Context, d *client.ScheduleDescription, days int, now time.Time) (ScheduleHealth, error) {
	if days == 0 {
		days = DefaultLookbackDays
	}
	h := ScheduleHealth{
		MissedCatchup:  int64(d.Info.NumActionsMissedCatchupWindow),
		SkippedOverlap: int64(d.Info.NumActionsSkippedOverlap),
		LookbackDays:   days,
		MissedNights:   []civil.Date{},
	}
	hour, minute := scheduleClock(d.Schedule.Spec)
	nights := expectedNights(hour, minute, d.Info.CreatedAt, now, days)
	if len(nights) == 0 {
		return h, nil
	}
	ran, err := o.datesRun(ctx, nights)
	if err != nil {
		return h, err
	}
	acted := make([]time.Time, 0, len(d.Info.RecentActions))
	for _, a := range d.Info.RecentActions {
		acted = append(acted, a.ScheduleTime)
	}
	h.MissedNights = append(h.MissedNights, missedNights(nights, acted, ran)...)
	return h, nil
}

// GameDate is the game date of a moment: its date in America/New_York.
func GameDate(t time.Time) civil.Date {
	return civil.DateOf(t.In(gameDateZone))
}

// gameDateZone is ScheduleZone; the workflows package links in the zone
// database, so loading it cannot fail.
var gameDateZone, _ = time.LoadLocation(ScheduleZone)

// expectedNights are the game dates of the spec's daily times (hour:minute
// America/New_York) in the days days up to now, today included, that came
// after the Schedule was created: a Schedule is not late for nights before
// it existed, nor for tonight before its time.
func expectedNights(hour, minute int, created, now time.Time, days int) []civil.Date {
	var nights []civil.Date
	today := GameDate(now)
	for d := today.AddDays(1 - days); !d.After(today); d = d.AddDays(1) {
		at := time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, gameDateZone)
		if !at.Before(created) && !at.After(now) {
			nights = append(nights, d)
		}
	}
	return nights
}

// missedNights are the nights with neither an action scheduled on that
// game date nor a run of it.
func missedNights(nights []civil.Date, actions []time.Time, ran map[civil.Date]bool) []civil.Date {
	acted := map[civil.Date]bool{}
	for _, t := range actions {
		acted[GameDate(t)] = true
	}
	var missed []civil.Date
	for _, d := range nights {
		if !acted[d] && !ran[d] {
			missed = append(missed, d)
		}
	}
	return missed
}

// datesRun returns which of dates have a daily run in visibility, in any
// state and under any workflow ID. A scheduled run that never reached a
// worker has no NbaGameDate and is not found: its action is what counts.
func (o *Operator) datesRun(ctx context.Context, dates []civil.Date) (map[civil.Date]bool, error) {
	runs, err := o.DailyRuns(ctx, dates)
	if err != nil {
		return nil, err
	}
	ran := map[civil.Date]bool{}
	for _, r := range runs {
		ran[r.Date] = true
	}
	return ran, nil
}

// datesRunQuery is the visibility query for the daily runs of dates.
func datesRunQuery(dates []civil.Date) string {
	quoted := make([]string, len(dates))
	for i, d := range dates {
		quoted[i] = queryString(d.String())
	}
	return fmt.Sprintf("WorkflowType = %s AND %s IN (%s)", queryString(workflows.DailyWorkflowName),
		workflows.GameDateKey.GetName(), strings.Join(quoted, ", "))
}
