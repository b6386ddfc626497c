package main

import (
	"context"
	"errors"

	"nbaflow/internal/operator"
)

var statusCommand = command{
	name:    "status",
	summary: "show a daily run's or a backfill's progress, then its summary",
	run:     runStatus,
}

func runStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "status", "WORKFLOW_ID [--no-follow] [--json]",
		"Shows a progress bar fed by the run's progress query while it runs, and its summary when it is done.\n"+
			"Exit status: 0 done with no failures, 3 done with failed players or dates, 4 still running (--no-follow), 1 failed.")
	noFollow := fs.Bool("no-follow", false, "print the progress once instead of following the run")
	var tf temporalFlags
	tf.register(fs, e)
	id, err := positional(fs, args)
	if err != nil {
		return err
	}
	op, done, err := tf.dial(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	if !*noFollow {
		return follow(ctx, e, op, id, tf.json)
	}
	st, err := op.Describe(ctx, id)
	if err != nil {
		return err
	}
	if !st.Running {
		return printResult(ctx, e, op, id, tf.json, false)
	}
	p, err := op.QueryProgress(ctx, id, st.Type)
	if err != nil {
		return err
	}
	if tf.json {
		if err := writeJSON(e.stdout, p); err != nil {
			return err
		}
	} else {
		e.printf("%s\n", operator.ProgressLine(p))
	}
	return errStillRunning
}

// errStillRunning is exit status 4: status --no-follow on a live run, and
// daily without --wait for a date whose run was already in flight.
var errStillRunning = errors.New("the run is still in progress")
