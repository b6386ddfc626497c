package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

var staleCommand = command{
	name:    "stale",
	summary: "game dates whose committed rows the inputs as they are now would change",
	run:     runStale,
}

// maxStaleDays bounds the range of stale, which recomputes each committed
// date in this process: a season fits.
const maxStaleDays = 366

func runStale(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stale", "--from YYYY-MM-DD --to YYYY-MM-DD [--processors upgc,psza] [--db PATH] [--json]",
		"Recomputes, in this process and without writing, each committed date and processor of the range, and\n"+
			"lists those whose rows would change: per player, the inputs whose source hashes differ from the\n"+
			"committed row's (box_scores, schedule, props, game_lines, player_games), or plan when a rerun would\n"+
			"add or remove the player's row. Dates never committed are not listed. `nbaflow backfill --only-stale`\n"+
			"recomputes exactly these dates. Exit status: 0 nothing stale, 3 stale dates found.")
	from := fs.String("from", "", "first date, YYYY-MM-DD; required")
	to := fs.String("to", "", "last date, YYYY-MM-DD; required")
	processors := fs.String("processors", "", "comma-separated processors: upgc, psza (default both)")
	var cf commonFlags
	cf.register(fs)
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	start, end, err := dateRange("stale", *from, *to, maxStaleDays, "it recomputes each date")
	if err != nil {
		return err
	}
	procs, err := processorsFlag(*processors)
	if err != nil {
		return err
	}
	w, _, err := cf.open(ctx, e)
	if err != nil {
		return err
	}
	defer w.Close()
	dates, err := w.GameDates(ctx, start, end)
	if err != nil {
		return fmt.Errorf("game dates from %s to %s: %w", start, end, err)
	}
	a := &activities.Activities{Warehouse: w, Clock: time.Now, Config: nba.DefaultConfig}
	stale, err := a.FindStale(ctx, dates, procs)
	if err != nil {
		return err
	}
	if cf.json {
		if stale == nil {
			stale = []activities.StaleOutcome{}
		}
		err = writeJSON(e.stdout, stale)
	} else {
		printStale(e, start, end, len(dates), stale)
	}
	if err == nil && len(stale) > 0 {
		err = partialError{fmt.Sprintf("%d stale (date, processor) outcomes", len(stale))}
	}
	return err
}

// printStale writes one line per stale date and processor, then each of
// its players with the inputs that differ.
func printStale(e *env, from, to civil.Date, dates int, stale []activities.StaleOutcome) {
	e.printf("%d game dates from %s to %s; %d stale (date, processor):\n", dates, from, to, len(stale))
	for _, s := range stale {
		e.printf("%s  %s  %d players\n", s.GameDate, s.Processor, len(s.Players))
		for _, p := range s.Players {
			e.printf("    %-28s %s\n", p.PlayerLookup, strings.Join(p.Inputs, ", "))
		}
	}
}

// dateRange reads --from and --to of the command name: two dates in order,
// at most maxDays apart counting both, a bound the command explains with why.
func dateRange(name, from, to string, maxDays int, why string) (start, end civil.Date, err error) {
	start, err1 := civil.ParseDate(from)
	end, err2 := civil.ParseDate(to)
	if err1 != nil || err2 != nil || end.Before(start) {
		return start, end, usagef("--from %q and --to %q: want two dates, in order", from, to)
	}
	if days := end.DaysSince(start) + 1; days > maxDays {
		return start, end, usagef("--from %s --to %s is %d days; %s reads at most %d (%s): split the range", start, end, days, name, maxDays, why)
	}
	return start, end, nil
}

// processorsFlag reads --processors: comma-separated names, none meaning
// every processor.
func processorsFlag(s string) ([]nba.Processor, error) {
	var names []string
	if s != "" {
		names = strings.Split(s, ",")
	}
	procs, err := nba.ParseProcessors(names)
	if err != nil {
		return nil, usagef("--processors: %v", err)
	}
	return procs, nil
}
