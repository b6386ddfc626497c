package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	tlog "go.temporal.io/sdk/log"

	"nbaflow/internal/config"
	"nbaflow/internal/operator"
	"nbaflow/internal/temporalconn"
)

// temporalFlags are the flags of the subcommands that talk to Temporal.
// Where and how to connect comes from the configuration (e.cfg: the
// environment and profile, as for the worker and the temporal CLI);
// --address, --namespace, --task-queue and --ui override it. A flag's
// value is checked as it is parsed, as the variable's is: a bad one is a
// usage error before anything is dialled.
type temporalFlags struct {
	address, namespace, taskQueue, ui string
	json                              bool
}

func (f *temporalFlags) register(fs *flag.FlagSet, e *env) {
	conn := e.cfg.ClientOptions()
	// The defaults shown are the configuration's: the variables', else the
	// profile's, else temporalconn's and config's own.
	checkedString(fs, &f.address, "address", conn.HostPort, temporalconn.CheckAddress,
		"Temporal frontend `host:port`; TEMPORAL_ADDRESS or the TEMPORAL_PROFILE profile's when not given")
	checkedString(fs, &f.namespace, "namespace", conn.Namespace, checkNamespace,
		"Temporal `namespace`; TEMPORAL_NAMESPACE or the profile's when not given")
	checkedString(fs, &f.taskQueue, "task-queue", e.cfg.TaskQueue, config.CheckTaskQueue,
		"`name` of the workers' task queue; TASK_QUEUE when not given")
	checkedString(fs, &f.ui, "ui", e.cfg.UIURL, config.CheckUIURL,
		"Temporal UI `URL`, for links; TEMPORAL_UI_URL when not given")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON on stdout")
}

func checkNamespace(ns string) error {
	if ns == "" {
		return errors.New("want a namespace")
	}
	return temporalconn.CheckName(ns)
}

// checked is a string flag whose value check accepts, or a parse error.
type checked struct {
	p     *string
	check func(string) error
}

func (c checked) String() string {
	if c.p == nil {
		return ""
	}
	return *c.p
}

func (c checked) Set(v string) error {
	if err := c.check(v); err != nil {
		return err
	}
	*c.p = v
	return nil
}

// checkedString defines a string flag that holds value until it is set,
// and whose values check accepts.
func checkedString(fs *flag.FlagSet, p *string, name, value string, check func(string) error, usage string) {
	*p = value
	fs.Var(checked{p, check}, name, usage)
}

// dial connects to Temporal, within temporalconn.DialTimeout so that a
// TLS mistake is reported at once. The SDK's own logs are dropped below
// warnings so that they do not interleave with the progress display.
func (f *temporalFlags) dial(ctx context.Context, e *env) (*operator.Operator, func(), error) {
	opts := e.cfg.ClientOptions()
	opts.HostPort = f.address
	opts.Namespace = f.namespace
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts.Logger = tlog.NewStructuredLogger(logger)
	c, err := temporalconn.Dial(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	return operator.New(c, opts.Namespace, f.taskQueue, f.ui), c.Close, nil
}

// partialError is a run that finished with failed players or dates: exit 3.
type partialError struct{ msg string }

func (e partialError) Error() string { return e.msg }

// follow shows a run's progress until it closes, then prints its result:
// a summary for a person, or the result as JSON. A live line is redrawn in
// place on a terminal; elsewhere a line is printed every few seconds.
func follow(ctx context.Context, e *env, op *operator.Operator, workflowID string, asJSON bool) error {
	live := isTerminal(e.stderr)
	every, last := time.Second/2, ""
	if !live {
		every = 3 * time.Second
	}
	err := op.Watch(ctx, workflowID, every, func(p operator.Progress) {
		line := operator.ProgressLine(p)
		switch {
		case live:
			fmt.Fprintf(e.stderr, "\r\033[K%s", line)
		case line != last:
			fmt.Fprintln(e.stderr, line)
		}
		last = line
	})
	if live && last != "" {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		return err
	}
	return printResult(ctx, e, op, workflowID, asJSON, true)
}

// printResult prints the result of a closed run (wait true waits for it).
func printResult(ctx context.Context, e *env, op *operator.Operator, workflowID string, asJSON, wait bool) error {
	st, err := op.Describe(ctx, workflowID)
	if err != nil {
		return err
	}
	res, err := op.Result(ctx, workflowID, wait)
	if err != nil {
		return err
	}
	link := op.UILink(st.Run)
	if asJSON {
		if err := writeJSON(e.stdout, res); err != nil {
			return err
		}
	} else if res.Daily != nil {
		operator.WriteDailySummary(e.stdout, *res.Daily, link)
	} else if res.Backfill != nil {
		operator.WriteBackfillSummary(e.stdout, *res.Backfill, link)
	}
	switch {
	case res.Daily != nil && res.Daily.FailedPlayers > 0:
		return partialError{fmt.Sprintf("%d players failed", res.Daily.FailedPlayers)}
	case res.Backfill != nil && res.Backfill.DatesFailed > 0:
		return partialError{fmt.Sprintf("%d dates failed", res.Backfill.DatesFailed)}
	}
	return nil
}

// launch connects to Temporal, starts a run with start (which may start
// nothing and return an empty Run), says where it is, and with wait follows
// it to its result; without wait, --json prints the run's IDs.
func launch(ctx context.Context, e *env, tf *temporalFlags, wait bool, what string, start func(*operator.Operator) (operator.Run, error)) error {
	return launchWith(ctx, e, tf, wait, start, func(op *operator.Operator, r operator.Run) error {
		announce(e, tf.json, op, r, what)
		return nil
	})
}

// launchWith is launch with its own report of the run: report says on
// stderr what start did, and what it returns is the command's error when it
// does not wait for the run.
func launchWith(ctx context.Context, e *env, tf *temporalFlags, wait bool,
	start func(*operator.Operator) (operator.Run, error), report func(*operator.Operator, operator.Run) error) error {
	op, done, err := tf.dial(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	r, err := start(op)
	if err != nil || r.WorkflowID == "" {
		return err
	}
	notWaiting := report(op, r)
	if wait {
		return follow(ctx, e, op, r.WorkflowID, tf.json)
	}
	if tf.json {
		if err := writeJSON(e.stdout, r); err != nil {
			return err
		}
	}
	return notWaiting
}

// announce says, unless the output is JSON, which run was started or
// joined and its UI link.
func announce(e *env, asJSON bool, op *operator.Operator, r operator.Run, what string) {
	if asJSON {
		return
	}
	verb := "started"
	if r.Existing {
		verb = "joined the run already in progress of"
	}
	fmt.Fprintf(e.stderr, "%s %s %s (run %s)\n  UI: %s\n", verb, what, r.WorkflowID, r.RunID, op.UILink(r))
}

// isTerminal reports whether w is a character device, where a progress line
// may be redrawn in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
