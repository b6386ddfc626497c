package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/operator"
	"nbaflow/internal/warehouse"
)

var doctorCommand = command{
	name:    "doctor",
	summary: "list game dates without a committed run, staging left behind, nights the Schedule missed",
	run:     runDoctor,
}

// staleStaging is how old a run's newest staged row must be before its
// staging counts as left behind: a run in flight stages at least every
// chunk, so an hour of silence is a run that is gone.
const staleStaging = time.Hour

// doctorProcessors are the processors every game date must have committed,
// by the names the CLI's --processors takes.
var doctorProcessors = []struct {
	processor nba.Processor
	name      string
}{{nba.UPGC, "upgc"}, {nba.PSZA, "psza"}}

// doctorReport is what doctor found, one list per check.
type doctorReport struct {
	From civil.Date `json:"from,omitzero"`
	To   civil.Date `json:"to"`
	// Note says why the range holds nothing to check, when it does not.
	Note string `json:"note,omitempty"`
	// GameDates counts the game dates checked.
	GameDates   int               `json:"game_dates"`
	Uncommitted []uncommittedDate `json:"uncommitted"`
	Staging     []leftStaging     `json:"staging_left_behind"`
	// Schedule is the Schedule's health; nil when there is no Schedule.
	Schedule     *operator.ScheduleHealth `json:"schedule,omitempty"`
	MissedNights []civil.Date             `json:"schedule_missed_nights"`
}

// uncommittedDate is a game date some processor has no committed run of.
type uncommittedDate struct {
	Date       civil.Date `json:"date"`
	Processors []string   `json:"processors"`
}

// leftStaging is the staging of a run whose workflow is not running.
type leftStaging struct {
	warehouse.StagedRun
	Age string `json:"age"`
	// Workflow is the state of the latest run of the staging's workflow ID.
	Workflow string `json:"workflow_state"`
}

func (r doctorReport) problems() int {
	return len(r.Uncommitted) + len(r.Staging) + len(r.MissedNights)
}

func runDoctor(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "doctor", "[--from YYYY-MM-DD --to YYYY-MM-DD | --season YEAR] [--db PATH] [--json]",
		"Checks that no night was silently lost: every game date of the range up to yesterday (America/New_York)\n"+
			"has a committed run of both processors; no run whose workflow is not running left rows in staging an\n"+
			"hour or more ago; the nba-daily Schedule, when it exists, missed no night of the last 14 days.\n"+
			"The default range is the current season, from its opener. Exit status: 0 all well, 3 a problem found.")
	from := fs.String("from", "", "first date, YYYY-MM-DD (with --to)")
	to := fs.String("to", "", "last date, YYYY-MM-DD (with --from)")
	season := fs.Int("season", 0, "season year (2024 means 2024-25), from its opener")
	var tf temporalFlags
	tf.register(fs, e)
	var cf commonFlags
	fs.StringVar(&cf.db, "db", "", "SQLite file of the warehouse (overrides SQLITE_PATH; WAREHOUSE=sqlite only)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	now := time.Now()
	rng, err := parseDoctorRange(*from, *to, *season, operator.GameDate(now).AddDays(-1))
	if err != nil {
		return err
	}
	w, op, done, err := openWithTemporal(ctx, e, &cf, &tf)
	if err != nil {
		return err
	}
	defer done()
	rep, err := diagnose(ctx, w, op, rng, now)
	if err != nil {
		return err
	}
	if tf.json {
		err = writeJSON(e.stdout, rep)
	} else {
		printDoctor(e, rep)
	}
	if n := rep.problems(); err == nil && n > 0 {
		return partialError{fmt.Sprintf("problems found: %d", n)}
	}
	return err
}

// doctorRange is the dates doctor checks: [from, to], or the season's from
// its opener when season is set.
type doctorRange struct {
	from, to civil.Date
	season   int
}

// parseDoctorRange reads --from and --to, or --season, or neither: the
// season of yesterday. The end never passes yesterday, whose night is the
// last that should have run.
func parseDoctorRange(from, to string, season int, yesterday civil.Date) (doctorRange, error) {
	switch {
	case (from == "") != (to == ""):
		return doctorRange{}, usagef("--from and --to go together")
	case from != "" && season != 0:
		return doctorRange{}, usagef("--season and --from/--to exclude each other")
	case from != "":
		start, err1 := civil.ParseDate(from)
		end, err2 := civil.ParseDate(to)
		if err1 != nil || err2 != nil || end.Before(start) {
			return doctorRange{}, usagef("--from %q and --to %q: want two dates, in order", from, to)
		}
		return doctorRange{from: start, to: minDate(end, yesterday)}, nil
	case season < 0:
		return doctorRange{}, usagef("--season %d: want a year", season)
	case season == 0:
		season = nba.SeasonYear(yesterday)
	}
	seasonEnd := civil.Date{Year: season + 1, Month: time.September, Day: 30}
	return doctorRange{to: minDate(seasonEnd, yesterday), season: season}, nil
}

func minDate(a, b civil.Date) civil.Date {
	if a.After(b) {
		return b
	}
	return a
}

// diagnose runs the three checks.
func diagnose(ctx context.Context, w warehouse.Warehouse, op *operator.Operator, rng doctorRange, now time.Time) (doctorReport, error) {
	rep := doctorReport{From: rng.from, To: rng.to, Uncommitted: []uncommittedDate{}, Staging: []leftStaging{}, MissedNights: []civil.Date{}}
	if rng.season != 0 {
		start, ok, err := w.SeasonStart(ctx, rng.season)
		if err != nil {
			return rep, err
		}
		if !ok {
			rep.Note = fmt.Sprintf("the warehouse has no regular-season opener of the %s season", nba.SeasonLabel(rng.season))
		}
		rep.From = start
	}
	var err error
	if rep.Note == "" && !rep.From.After(rep.To) {
		if rep.GameDates, rep.Uncommitted, err = uncommitted(ctx, w, rep.From, rep.To); err != nil {
			return rep, err
		}
	}
	if rep.Staging, err = stagingLeft(ctx, w, op, now); err != nil {
		return rep, err
	}
	health, err := op.ScheduleHealth(ctx, operator.DefaultLookbackDays)
	switch {
	case errors.Is(err, operator.ErrNoSchedule):
	case err != nil:
		return rep, err
	default:
		rep.Schedule = &health
		rep.MissedNights = append(rep.MissedNights, health.MissedNights...)
	}
	return rep, nil
}

// uncommitted returns how many game dates [from, to] has, and those
// without a committed run of some processor.
func uncommitted(ctx context.Context, w warehouse.Warehouse, from, to civil.Date) (int, []uncommittedDate, error) {
	dates, err := w.GameDates(ctx, from, to)
	if err != nil {
		return 0, nil, err
	}
	runs, err := w.CommittedRuns(ctx, from, to)
	if err != nil {
		return 0, nil, err
	}
	type key struct {
		date      civil.Date
		processor string
	}
	committed := map[key]bool{}
	for _, r := range runs {
		committed[key{r.DataDate, r.ProcessorName}] = true
	}
	out := []uncommittedDate{}
	for _, d := range dates {
		u := uncommittedDate{Date: d}
		for _, p := range doctorProcessors {
			if !committed[key{d, string(p.processor)}] {
				u.Processors = append(u.Processors, p.name)
			}
		}
		if len(u.Processors) > 0 {
			out = append(out, u)
		}
	}
	return len(dates), out, nil
}

// stagingLeft returns the staged runs whose newest row is staleStaging old
// and whose workflow ID is not running. Its latest run is what is asked: a
// workflow reset stages on under the run ID it started with. Runs whose
// age the warehouse cannot tell (BigQuery, whose staging expires on its
// own) are not listed.
func stagingLeft(ctx context.Context, w warehouse.Warehouse, op *operator.Operator, now time.Time) ([]leftStaging, error) {
	runs, err := w.StagedRuns(ctx)
	if err != nil {
		return nil, err
	}
	out := []leftStaging{}
	for _, r := range runs {
		age := now.Sub(r.Newest)
		if r.Newest.IsZero() || age < staleStaging {
			continue
		}
		left := leftStaging{StagedRun: r, Age: age.Round(time.Minute).String(), Workflow: "not a workflowID/runID"}
		if i := strings.LastIndex(r.RunID, "/"); i > 0 {
			st, err := op.Describe(ctx, r.RunID[:i])
			switch {
			case operator.IsNotFound(err):
				left.Workflow = "not found"
			case err != nil:
				return nil, err
			case st.Running:
				continue
			default:
				left.Workflow = st.State
			}
		}
		out = append(out, left)
	}
	return out, nil
}

// printDoctor writes a line per problem, then a summary.
func printDoctor(e *env, r doctorReport) {
	for _, u := range r.Uncommitted {
		e.printf("no committed run  %s  %s\n", u.Date, strings.Join(u.Processors, ", "))
	}
	for _, s := range r.Staging {
		e.printf("staging left      %s  %d rows, newest staged %s ago, its workflow is %s\n", s.RunID, s.Rows, s.Age, s.Workflow)
	}
	for _, d := range r.MissedNights {
		e.printf("schedule missed   %s  no action and no daily run of the date\n", d)
	}
	checked := fmt.Sprintf("%d of %d game dates from %s to %s without a committed run", len(r.Uncommitted), r.GameDates, r.From, r.To)
	if r.Note != "" {
		checked = "no game date checked: " + r.Note
	}
	schedule := "no schedule nba-daily"
	if h := r.Schedule; h != nil {
		schedule = fmt.Sprintf("%d nights the schedule missed in %d days (%d actions missed the catch-up window, %d skipped for overlap, ever)",
			len(r.MissedNights), h.LookbackDays, h.MissedCatchup, h.SkippedOverlap)
	}
	e.printf("doctor: %s, %d runs with staging left behind, %s: ", checked, len(r.Staging), schedule)
	if n := r.problems(); n > 0 {
		e.printf("%d problems\n", n)
		return
	}
	e.printf("all well\n")
}
