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

var retryCommand = command{
	name:    "retry-failed",
	summary: "re-run the dates a finished backfill reported failed",
	run:     runRetryFailed,
}

func runBackfill(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backfill", "--from YYYY-MM-DD --to YYYY-MM-DD [--wait] [flags]",
		"Starts BackfillWorkflow (ID nba-backfill-FROM_TO) over every game date of the range; off-days are\n"+
			"reported as skipped. Exit status with --wait: 0 every date committed, 3 some dates failed, 1 the backfill failed.")
	from := fs.String("from", "", "first date, YYYY-MM-DD; required")
	to := fs.String("to", "", "last date, YYYY-MM-DD; required")
	maxDates := fs.Int("max-parallel-dates", 0, fmt.Sprintf("daily runs in flight (default %d)", workflows.DefaultMaxParallelDates))
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
	case *maxDates < 0:
		return usagef("--max-parallel-dates must not be negative")
	}
	daily, err := lf.run.dailyInput()
	if err != nil {
		return err
	}
	in := workflows.BackfillInput{
		Processors: daily.Processors, MaxParallelDates: *maxDates,
		ChunkSize: daily.ChunkSize, MaxParallelChunks: daily.MaxParallelChunks, Parallel: daily.Parallel,
	}
	return launch(ctx, e, &lf.temporal, lf.wait, "backfill", func(op *operator.Operator) (operator.Run, error) {
		return op.StartBackfill(ctx, start, end, in)
	})
}

func runRetryFailed(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "retry-failed", "BACKFILL_WORKFLOW_ID [--wait] [flags]",
		"Reads the result of a finished backfill and starts a new backfill (ID BACKFILL-retry-N) over the\n"+
			"dates it reported failed. Exit status: 0 nothing to retry or all retried dates committed.")
	wait := fs.Bool("wait", false, "show the progress and wait for the result")
	var tf temporalFlags
	tf.register(fs, e)
	id, err := positional(fs, args)
	if err != nil {
		return err
	}
	return launch(ctx, e, &tf, *wait, "backfill", func(op *operator.Operator) (operator.Run, error) {
		r, failed, err := op.RetryFailed(ctx, id)
		switch {
		case err != nil:
			return r, err
		case len(failed) == 0:
			fmt.Fprintf(e.stderr, "%s: the backfill reported no failed dates; nothing to re-run\n", id)
		default:
			fmt.Fprintf(e.stderr, "re-running %d failed dates of %s\n", len(failed), id)
		}
		return r, nil
	})
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
