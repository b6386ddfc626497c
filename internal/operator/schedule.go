package operator

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"nbaflow/workflows"
)

// ScheduleID is the Schedule that starts the daily run.
const ScheduleID = "nba-daily"

// ScheduleZone is the zone of the Schedule's clock and of game dates.
const ScheduleZone = "America/New_York"

// ScheduleSettings are what an operator may set on the nba-daily Schedule.
type ScheduleSettings struct {
	// Hour and Minute of the daily run, in America/New_York.
	Hour, Minute int
	// CatchupWindow is how late a missed run (server down) may still start.
	CatchupWindow time.Duration
	// RunTimeout ends a scheduled run that has not finished by then as
	// timed out: a hung night fails where it can be seen, instead of
	// running forever.
	RunTimeout time.Duration
}

// DefaultScheduleSettings run at 10:00 Eastern, before the first tipoff,
// catch up runs missed by up to 6 hours, and time a run out after 6 hours,
// far beyond a normal night's minutes.
var DefaultScheduleSettings = ScheduleSettings{Hour: 10, CatchupWindow: 6 * time.Hour, RunTimeout: 6 * time.Hour}

// ScheduleOverlap is the Schedule's overlap policy: start every night,
// even while an earlier one still runs. Different nights are different
// dates, so a run in progress is never a reason to skip the next; a skip
// would lose that night silently.
const ScheduleOverlap = enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL

// Validate rejects an hour or minute off the clock, a catch-up window
// shorter than the server's 10 s minimum and a run timeout under a second.
func (s ScheduleSettings) Validate() error {
	var errs []error
	if s.Hour < 0 || s.Hour > 23 {
		errs = append(errs, fmt.Errorf("hour %d is not in [0, 23]", s.Hour))
	}
	if s.Minute < 0 || s.Minute > 59 {
		errs = append(errs, fmt.Errorf("minute %d is not in [0, 59]", s.Minute))
	}
	if s.CatchupWindow < 10*time.Second {
		errs = append(errs, fmt.Errorf("catch-up window %s is shorter than 10s", s.CatchupWindow))
	}
	if s.RunTimeout < time.Second {
		errs = append(errs, fmt.Errorf("run timeout %s is shorter than 1s", s.RunTimeout))
	}
	return errors.Join(errs...)
}

func (s ScheduleSettings) spec() client.ScheduleSpec {
	return client.ScheduleSpec{
		Calendars: []client.ScheduleCalendarSpec{{
			Hour:      []client.ScheduleRange{{Start: s.Hour}},
			Minute:    []client.ScheduleRange{{Start: s.Minute}},
			DayOfWeek: []client.ScheduleRange{{Start: 0, End: 6}},
			Comment:   "the daily NBA run",
		}},
		TimeZoneName: ScheduleZone,
	}
}

// action starts DailyWorkflow with an empty input: the run takes its game
// date from its scheduled start time, so catch-up runs and schedule
// backfills compute the right date.
func (o *Operator) action(s ScheduleSettings) *client.ScheduleWorkflowAction {
	return &client.ScheduleWorkflowAction{
		ID:                 ScheduleID,
		Workflow:           workflows.DailyWorkflowName,
		Args:               []any{workflows.DailyInput{}},
		TaskQueue:          o.TaskQueue,
		WorkflowRunTimeout: s.RunTimeout,
	}
}

// CreateSchedule creates the nba-daily Schedule with the overlap policy
// ScheduleOverlap. It is idempotent: when the Schedule exists it is left as
// it is and created is false (UpdateSchedule changes it, and brings a
// Schedule created before the policy and the run timeout to them).
func (o *Operator) CreateSchedule(ctx context.Context, s ScheduleSettings) (created bool, err error) {
	if err := s.Validate(); err != nil {
		return false, err
	}
	_, err = o.Client.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:            ScheduleID,
		Spec:          s.spec(),
		Action:        o.action(s),
		Overlap:       ScheduleOverlap,
		CatchupWindow: s.CatchupWindow,
		Note:          "created by nbaflow",
	})
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, temporal.ErrScheduleAlreadyRunning):
		return false, nil
	}
	return false, fmt.Errorf("create schedule %s: %w", ScheduleID, err)
}

// UpdateSchedule sets the time, the catch-up window, the action with its
// run timeout and the overlap policy of the Schedule, keeping its paused
// state.
func (o *Operator) UpdateSchedule(ctx context.Context, s ScheduleSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	h := o.Client.ScheduleClient().GetHandle(ctx, ScheduleID)
	err := h.Update(ctx, client.ScheduleUpdateOptions{
		DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			sched := in.Description.Schedule
			spec := s.spec()
			sched.Spec = &spec
			sched.Action = o.action(s)
			if sched.Policy == nil {
				sched.Policy = &client.SchedulePolicies{}
			}
			sched.Policy.Overlap = ScheduleOverlap
			sched.Policy.CatchupWindow = s.CatchupWindow
			return &client.ScheduleUpdate{Schedule: &sched}, nil
		},
	})
	if err != nil {
		return fmt.Errorf("update schedule %s: %w", ScheduleID, err)
	}
	return nil
}

// ScheduleStatus is what describe reports.
type ScheduleStatus struct {
	ID            string      `json:"id"`
	Paused        bool        `json:"paused"`
	Note          string      `json:"note,omitempty"`
	TimeZone      string      `json:"time_zone"`
	Hour          int         `json:"hour"`
	Minute        int         `json:"minute"`
	CatchupWindow string      `json:"catchup_window"`
	Overlap       string      `json:"overlap"`
	RunTimeout    string      `json:"run_timeout"`
	TaskQueue     string      `json:"task_queue,omitempty"`
	NextRuns      []time.Time `json:"next_runs"`
	RecentRuns    []RecentRun `json:"recent_runs,omitempty"`
	Running       []string    `json:"running,omitempty"`
	TotalActions  int64       `json:"total_actions"`
	ScheduleHealth
}

// RecentRun is one run the Schedule started.
type RecentRun struct {
	ScheduledAt time.Time `json:"scheduled_at"`
	WorkflowID  string    `json:"workflow_id"`
}

// Current reports whether the Schedule has the overlap policy and a run
// timeout; a Schedule created by an older nbaflow has neither until it is
// updated.
func (st ScheduleStatus) Current() bool {
	return st.Overlap == ScheduleOverlap.String() && st.RunTimeout != "none"
}

// DescribeSchedule reads the Schedule's settings, next and recent runs,
// and its health over the last days days.
func (o *Operator) DescribeSchedule(ctx context.Context, days int) (ScheduleStatus, error) {
	d, err := o.describeSchedule(ctx)
	if err != nil {
		return ScheduleStatus{}, err
	}
	st := ScheduleStatus{
		ID:           ScheduleID,
		Paused:       d.Schedule.State.Paused,
		Note:         d.Schedule.State.Note,
		NextRuns:     d.Info.NextActionTimes[:min(3, len(d.Info.NextActionTimes))],
		TotalActions: int64(d.Info.NumActions),
		RunTimeout:   "none",
	}
	if spec := d.Schedule.Spec; spec != nil {
		st.TimeZone = spec.TimeZoneName
	}
	st.Hour, st.Minute = scheduleClock(d.Schedule.Spec)
	if p := d.Schedule.Policy; p != nil {
		st.CatchupWindow = p.CatchupWindow.String()
		st.Overlap = p.Overlap.String()
	}
	if a, ok := d.Schedule.Action.(*client.ScheduleWorkflowAction); ok {
		st.TaskQueue = a.TaskQueue
		if a.WorkflowRunTimeout > 0 {
			st.RunTimeout = a.WorkflowRunTimeout.String()
		}
	}
	for _, a := range d.Info.RecentActions {
		if a.StartWorkflowResult != nil {
			st.RecentRuns = append(st.RecentRuns, RecentRun{ScheduledAt: a.ScheduleTime, WorkflowID: a.StartWorkflowResult.WorkflowID})
		}
	}
	for _, r := range d.Info.RunningWorkflows {
		st.Running = append(st.Running, r.WorkflowID)
	}
	st.ScheduleHealth, err = o.health(ctx, d, days, time.Now())
	return st, err
}

// ErrNoSchedule is the error of reading a Schedule that does not exist.
var ErrNoSchedule = errors.New("the schedule does not exist")

// describeSchedule describes the Schedule; ErrNoSchedule when there is none.
func (o *Operator) describeSchedule(ctx context.Context) (*client.ScheduleDescription, error) {
	d, err := o.Client.ScheduleClient().GetHandle(ctx, ScheduleID).Describe(ctx)
	switch {
	case IsNotFound(err):
		return nil, fmt.Errorf("describe schedule %s: %w", ScheduleID, ErrNoSchedule)
	case err != nil:
		return nil, fmt.Errorf("describe schedule %s: %w", ScheduleID, err)
	}
	return d, nil
}

// scheduleClock is the hour and minute of the spec's first calendar: the
// one nbaflow writes.
func scheduleClock(spec *client.ScheduleSpec) (hour, minute int) {
	if spec == nil || len(spec.Calendars) == 0 {
		return 0, 0
	}
	c := spec.Calendars[0]
	if len(c.Hour) > 0 {
		hour = c.Hour[0].Start
	}
	if len(c.Minute) > 0 {
		minute = c.Minute[0].Start
	}
	return hour, minute
}

// PauseSchedule pauses the Schedule with a note saying why.
func (o *Operator) PauseSchedule(ctx context.Context, note string) error {
	err := o.Client.ScheduleClient().GetHandle(ctx, ScheduleID).Pause(ctx, client.SchedulePauseOptions{Note: note})
	return wrap(err, "pause schedule")
}

// UnpauseSchedule resumes the Schedule.
func (o *Operator) UnpauseSchedule(ctx context.Context, note string) error {
	err := o.Client.ScheduleClient().GetHandle(ctx, ScheduleID).Unpause(ctx, client.ScheduleUnpauseOptions{Note: note})
	return wrap(err, "unpause schedule")
}

// TriggerSchedule starts the Schedule's action now; the run computes the
// game date of today in America/New_York. It starts even while another run
// is in progress, as the overlap policy says.
func (o *Operator) TriggerSchedule(ctx context.Context) error {
	err := o.Client.ScheduleClient().GetHandle(ctx, ScheduleID).Trigger(ctx, client.ScheduleTriggerOptions{})
	return wrap(err, "trigger schedule")
}

// DeleteSchedule deletes the Schedule; runs it started are not affected.
func (o *Operator) DeleteSchedule(ctx context.Context) error {
	return wrap(o.Client.ScheduleClient().GetHandle(ctx, ScheduleID).Delete(ctx), "delete schedule")
}

func wrap(err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, ScheduleID, err)
	}
	return nil
}
