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

var backfillCommand = command{
	name:    "backfill",
	summary: "run the daily workflow over a date range (BackfillWorkflow)",
	run:     runBackfill,
}

func runBackfill(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backfill", "--from YYYY-MM-DD --to YYYY-MM-DD [--wait] [flags]",
		"Starts BackfillWorkflow (ID nba-backfill-FROM_TO) over every game date of the range; off-days are\n"+
			"reported as skipped. Exit status with --wait: 0 every date committed, 3 some dates failed, 1 the backfill failed.")
	from := fs.String("from", "", "first date, YYYY-MM-DD; required")
	to := fs.String("to", "", "last date, YYYY-MM-DD; required")
	var bf backfillFlags
	bf.register(fs)
	var lf launchFlags
	lf.register(fs, e)
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	start, err1 := civil.ParseDate(*from)
	end, err2 := civil.ParseDate(*to)
	switch {
	case err1 != nil || err2 != nil:
		return usagef("--from %q and --to %q: want YYYY-MM-DD", *from, *to)
	case end.Before(start):
		return usagef("--to %s is before --from %s", end, start)
	}
	in, err := backfillInput(lf.run, bf)
	if err != nil {
		return err
	}
	return launch(ctx, e, &lf.temporal, lf.wait, "backfill", func(op *operator.Operator) (operator.Run, error) {
		return op.StartBackfill(ctx, start, end, in)
	})
}

// backfillFlags are the tuning flags of a backfill beyond a daily run's.
type backfillFlags struct {
	maxDates, stopAfter int
	onlyStale           bool
}

func (f *backfillFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.maxDates, "max-parallel-dates", 0, fmt.Sprintf("daily runs in flight (default %d)", workflows.DefaultMaxParallelDates))
	fs.IntVar(&f.stopAfter, "stop-after-failures", 0, fmt.Sprintf(
		"stop after this many dates in a row fail with the same error (default %d; -1: never)", workflows.DefaultStopAfterFailures))
	fs.BoolVar(&f.onlyStale, "only-stale", false,
		"run only the dates whose committed rows are stale (nbaflow stale) or that never committed; report the others as up to date")
}

// backfillInput is the input of a backfill tuned by the flags.
func backfillInput(f runFlags, b backfillFlags) (workflows.BackfillInput, error) {
	if b.maxDates < 0 {
		return workflows.BackfillInput{}, usagef("--max-parallel-dates must not be negative")
	}
	daily, err := f.dailyInput()
	return workflows.BackfillInput{
		Processors: daily.Processors, MaxParallelDates: b.maxDates, StopAfterFailures: b.stopAfter, OnlyStale: b.onlyStale,
		ChunkSize: daily.ChunkSize, MaxParallelChunks: daily.MaxParallelChunks, Parallel: daily.Parallel,
	}, err
}

// positional parses a subcommand that takes one positional argument, which
// may stand before or after the flags ("status ID --json" or "status --json ID").
func positional(fs *flag.FlagSet, args []string) (string, error) {
	var arg string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		arg, args = args[0], args[1:]
	}
	if err := parse(fs, args); err != nil {
		return "", err
	}
	switch {
	case arg == "" && fs.NArg() == 1:
		return fs.Arg(0), nil
	case arg != "" && fs.NArg() == 0:
		return arg, nil
	}
	return "", usagef("want exactly one workflow id")
}
