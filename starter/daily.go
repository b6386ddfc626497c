package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"cloud.google.com/go/civil"

	"nbaflow/internal/operator"
	"nbaflow/workflows"
)

var dailyCommand = command{
	name:    "daily",
	summary: "run the daily workflow for one game date",
	run:     runDaily,
}

func runDaily(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "daily", "--date YYYY-MM-DD [--wait] [flags]",
		"Starts DailyWorkflow (ID nba-daily-DATE) for a game date, unless a run of the date is already in\n"+
			"flight under any ID (a manual run, a run of the nba-daily Schedule or a backfill's): then it says so\n"+
			"and starts nothing; with --wait it attaches to that run, without it exits 4 (--json prints its IDs).\n"+
			"Exit status with --wait: 0 all players written, 3 some players failed, 1 the run failed.")
	date := fs.String("date", "", "game date, YYYY-MM-DD; required")
	var lf launchFlags
	lf.register(fs, e)
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	d, err := civil.ParseDate(*date)
	if err != nil {
		return usagef("--date %q: want YYYY-MM-DD", *date)
	}
	in, err := lf.run.dailyInput()
	if err != nil {
		return err
	}
	start := func(op *operator.Operator) (operator.Run, error) { return op.StartDaily(ctx, d, in) }
	return launchWith(ctx, e, &lf.temporal, lf.wait, start, func(op *operator.Operator, r operator.Run) error {
		if !r.Existing {
			announce(e, lf.temporal.json, op, r, "daily run")
			return nil
		}
		reportInFlight(e, op, d, r, lf.wait)
		return errStillRunning
	})
}

// reportInFlight says on stderr, even with --json, that the date's run was
// already in flight and that no second one was started: an operator who
// meant to start a run must not mistake the attached run for a new one.
func reportInFlight(e *env, op *operator.Operator, date civil.Date, r operator.Run, wait bool) {
	next := "not starting another (--wait attaches to it)"
	if wait {
		next = "attaching"
	}
	fmt.Fprintf(e.stderr, "a daily run of %s is already in flight: %s (run %s, UI %s); %s\n",
		date, r.WorkflowID, r.RunID, op.UILink(r), next)
}

// launchFlags are the flags of the subcommands that start a run (daily and
// backfill): whether to wait, the run's tuning, and the Temporal connection.
type launchFlags struct {
	wait     bool
	run      runFlags
	temporal temporalFlags
}

func (f *launchFlags) register(fs *flag.FlagSet, e *env) {
	fs.BoolVar(&f.wait, "wait", false, "show the progress and wait for the result")
	f.run.register(fs)
	f.temporal.register(fs, e)
}

// runFlags are the per-run tuning flags of daily and backfill.
type runFlags struct {
	processors        string
	chunkSize         int
	maxParallelChunks int
	serial            bool
}

func (f *runFlags) register(fs interface {
	StringVar(*string, string, string, string)
	IntVar(*int, string, int, string)
	BoolVar(*bool, string, bool, string)
}) {
	fs.StringVar(&f.processors, "processors", "", "comma-separated processors: upgc, psza (default both)")
	fs.IntVar(&f.chunkSize, "chunk-size", 0, "players per chunk activity, 1 = one per player (default: the worker's PLAYER_CHUNK_SIZE)")
	fs.IntVar(&f.maxParallelChunks, "max-parallel-chunks", 0, "chunks in flight per processor (default: the worker's MAX_PARALLEL_CHUNKS)")
	fs.BoolVar(&f.serial, "serial", false, "run one chunk at a time (parallel: false)")
}

func (f *runFlags) dailyInput() (workflows.DailyInput, error) {
	in := workflows.DailyInput{ChunkSize: f.chunkSize, MaxParallelChunks: f.maxParallelChunks}
	if f.chunkSize < 0 || f.maxParallelChunks < 0 {
		return in, usagef("--chunk-size and --max-parallel-chunks must not be negative")
	}
	if f.processors != "" {
		in.Processors = strings.Split(f.processors, ",")
	}
	if f.serial {
		parallel := false
		in.Parallel = &parallel
	}
	return in, nil
}
