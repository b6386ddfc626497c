package main

import (
	"context"
	"fmt"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/activities"
	"nbaflow/internal/calendar"
	"nbaflow/internal/nba"
	"nbaflow/internal/operator"
	"nbaflow/internal/warehouse"
)

var calendarCommand = command{
	name:    "calendar",
	summary: "a season at a glance: each date committed, failed, never run, stale or running",
	run:     runCalendar,
}

func runCalendar(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "calendar", "[--season YEAR] [--no-stale] [--db PATH] [--json]",
		"Draws the season from its opener to its last scheduled game, a month at a time, one cell per date:\n"+
			"off-day, committed, committed with failed players, never run, stale, failed (a run failed after the\n"+
			"last commit) or running. Colours on a terminal; letters alone when piped or under NO_COLOR.\n"+
			"Staleness recomputes the committed dates in this process, as nbaflow stale does (--no-stale skips it).")
	season := fs.Int("season", 0, "season year (2017 means 2017-18); default the season of yesterday")
	noStale := fs.Bool("no-stale", false, "do not recompute the committed dates to find the stale ones")
	var tf temporalFlags
	tf.register(fs, e)
	var cf commonFlags
	fs.StringVar(&cf.db, "db", "", "SQLite file of the warehouse (overrides SQLITE_PATH; WAREHOUSE=sqlite only)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *season < 0 {
		return usagef("--season %d: want a year", *season)
	}
	if *season == 0 {
		*season = nba.SeasonYear(operator.GameDate(time.Now()).AddDays(-1))
	}
	w, op, done, err := openWithTemporal(ctx, e, &cf, &tf)
	if err != nil {
		return err
	}
	defer done()
	s, err := gatherSeason(ctx, w, op, *season, !*noStale)
	if err != nil {
		return err
	}
	if tf.json {
		return calendar.WriteJSON(e.stdout, s)
	}
	return calendar.Render(e.stdout, s, isTerminal(e.stdout) && !e.cfg.Terminal.NoColour)
}

// gatherSeason collects the evidence of every date of a season: the
// schedule, the committed runs and their failed players, the daily runs
// Temporal holds, and, when asked, the stale dates.
func gatherSeason(ctx context.Context, w warehouse.Warehouse, op *operator.Operator, year int, withStale bool) (calendar.Season, error) {
	s := calendar.Season{Year: year}
	start, ok, err := w.SeasonStart(ctx, year)
	if err != nil {
		return s, fmt.Errorf("season start of %d: %w", year, err)
	}
	if !ok {
		return s, fmt.Errorf("the warehouse has no regular-season opener of the %s season", nba.SeasonLabel(year))
	}
	games, err := w.GameDates(ctx, start, civil.Date{Year: year + 1, Month: time.September, Day: 30})
	if err != nil {
		return s, fmt.Errorf("game dates of the %s season: %w", nba.SeasonLabel(year), err)
	}
	if len(games) == 0 {
		return s, fmt.Errorf("the %s season has an opener on %s but no game dates", nba.SeasonLabel(year), start)
	}
	last := games[len(games)-1]
	evidence, err := committedEvidence(ctx, w, start, last)
	if err != nil {
		return s, err
	}
	runs, err := op.DailyRuns(ctx, games)
	if err != nil {
		return s, err
	}
	if withStale {
		if err := markStale(ctx, w, evidence); err != nil {
			return s, err
		}
	}
	isGame := map[civil.Date]bool{}
	for _, d := range games {
		isGame[d] = true
	}
	byDate := map[civil.Date]*calendar.Day{}
	for d := start; !d.After(last); d = d.AddDays(1) {
		s.Days = append(s.Days, calendar.Day{Date: d, HasGames: isGame[d]})
	}
	for i := range s.Days {
		d := &s.Days[i]
		byDate[d.Date] = d
		if d.HasGames {
			for _, p := range nba.Processors {
				d.Processors = append(d.Processors, evidence[dateProcessor{d.Date, p}].Evidence)
				d.Processors[len(d.Processors)-1].Processor = p
			}
		}
	}
	markRuns(byDate, evidence, runs)
	return s, nil
}

// dateProcessor keys the evidence of one processor on one date.
type dateProcessor struct {
	date      civil.Date
	processor nba.Processor
}

// committed is what the warehouse says of one committed (date, processor).
type committed struct {
	calendar.Evidence
	at time.Time
}

// committedEvidence reads the committed runs of [from, to] and, for each,
// how many players it failed (its run history record).
func committedEvidence(ctx context.Context, w warehouse.Warehouse, from, to civil.Date) (map[dateProcessor]committed, error) {
	runs, err := w.CommittedRuns(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("committed runs from %s to %s: %w", from, to, err)
	}
	out := map[dateProcessor]committed{}
	history := map[civil.Date][]warehouse.RunRecord{}
	for _, r := range runs {
		if _, read := history[r.DataDate]; !read {
			if history[r.DataDate], err = w.RunHistory(ctx, r.DataDate); err != nil {
				return nil, fmt.Errorf("run history of %s: %w", r.DataDate, err)
			}
		}
		c := committed{Evidence: calendar.Evidence{Committed: true}, at: r.CommittedAt}
		for _, h := range history[r.DataDate] {
			if h.RunID == r.RunID && string(h.Processor) == r.ProcessorName {
				c.FailedPlayers = h.Result.Failed
			}
		}
		out[dateProcessor{r.DataDate, nba.Processor(r.ProcessorName)}] = c
	}
	return out, nil
}

// markStale recomputes the committed dates and marks the stale ones.
func markStale(ctx context.Context, w warehouse.Warehouse, evidence map[dateProcessor]committed) error {
	seen := map[civil.Date]bool{}
	var dates []civil.Date
	for k := range evidence {
		if !seen[k.date] {
			seen[k.date] = true
			dates = append(dates, k.date)
		}
	}
	a := &activities.Activities{Warehouse: w, Clock: time.Now, Config: nba.DefaultConfig}
	stale, err := a.FindStale(ctx, dates, nba.Processors)
	if err != nil {
		return err
	}
	for _, o := range stale {
		k := dateProcessor{o.GameDate, o.Processor}
		c := evidence[k]
		c.Stale = true
		evidence[k] = c
	}
	return nil
}

// markRuns marks the dates with a run in flight, and the processors of a
// date whose latest run failed after its commit (or with none).
func markRuns(days map[civil.Date]*calendar.Day, evidence map[dateProcessor]committed, runs []operator.DailyRun) {
	for _, r := range runs {
		d, ok := days[r.Date]
		if !ok {
			continue
		}
		if r.Closed.IsZero() && !r.Failed() {
			d.Running = true
			continue
		}
		if !r.Failed() {
			continue
		}
		for i := range d.Processors {
			c, ok := evidence[dateProcessor{r.Date, d.Processors[i].Processor}]
			if !ok || r.Closed.After(c.at) {
				d.Processors[i].FailedRun = true
			}
		}
	}
}
