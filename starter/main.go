// Command nbaflow is the operator CLI of nbaflow (this folder, built as
// bin/nbaflow by make demo and as /usr/local/bin/nbaflow in the image). Each
// subcommand has its own flags and --help:
//
//	nbaflow daily --date 2025-01-15 [--wait] [--chunk-size N] [--serial] [--json]
//	nbaflow backfill --from D --to D [--max-parallel-dates N] [--processors upgc,psza] [--wait]
//	nbaflow retry-failed BACKFILL_WORKFLOW_ID [--wait] [--chunk-size N] [--processors upgc,psza] ...
//	nbaflow status WORKFLOW_ID [--no-follow] [--json]
//	nbaflow schedule create|update|describe|pause|unpause|trigger|delete [--hour H] [--run-timeout D]
//	nbaflow doctor [--from D --to D | --season YEAR] [--db PATH] [--json]
//	nbaflow seed --season 2024 [--seasons N] [--seed S] [--db PATH] [--json]
//	nbaflow import --table NAME [--db PATH] [--json] FILE.csv|-
//	nbaflow import-dir [--db PATH] [--json] DIR
//	nbaflow coverage --from D --to D [--db PATH] [--json]
//	nbaflow stale --from D --to D [--processors upgc,psza] [--db PATH] [--json]
//	nbaflow calendar [--season YEAR] [--no-stale] [--db PATH] [--json]
//	nbaflow bigquery init|check [--json]
//
// Its configuration is the environment, read by config.LoadCLI as the
// worker's is (docs/operations.md §1.2): the warehouse (WAREHOUSE,
// SQLITE_PATH, BIGQUERY_*), TASK_QUEUE, TEMPORAL_UI_URL, and the Temporal
// connection (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the temporal CLI's
// TLS, API key and profile settings, §1.4). It is read before a subcommand
// runs: a bad value, or a variable set but empty, is a usage error naming
// it. --db overrides SQLITE_PATH; --address, --namespace, --task-queue and
// --ui override the others.
//
// Exit status: 0 success, 1 failure, 2 usage error, 3 the run finished with
// failed players or dates (doctor: it found a problem), 4 the run is still
// in progress (status --no-follow, or daily without --wait when a run of the
// date was already in flight).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"nbaflow/internal/config"
)

// command is one subcommand. run parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands are the subcommands, in the order of the usage text. Add one per
// file.
var commands = []command{dailyCommand, backfillCommand, retryCommand, statusCommand, scheduleCommand, doctorCommand, seedCommand, importCommand, importDirCommand, coverageCommand, staleCommand, calendarCommand, bigqueryCommand}

// env is what a subcommand gets from its process.
type env struct {
	stdout, stderr io.Writer
	// environ is the process's environment, as os.Environ returns it; run
	// reads it into cfg (config.LoadCLI) before a subcommand runs.
	environ []string
	cfg     config.CLI
}

// printf writes a message for a person to stdout.
func (e *env) printf(format string, args ...any) { fmt.Fprintf(e.stdout, format, args...) }

// usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, environ: os.Environ()}))
}

// run reads the configuration, dispatches to a subcommand and returns the
// exit status.
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		cfg, err := config.LoadCLI(e.environ)
		if err != nil {
			fmt.Fprintf(e.stderr, "nbaflow: invalid configuration:\n%v\n", err)
			return 2
		}
		e.cfg = cfg
		err = c.run(ctx, e, args[1:])
		var uerr usageError
		var partial partialError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &uerr):
			fmt.Fprintf(e.stderr, "nbaflow %s: %v (see nbaflow %s --help)\n", c.name, err, c.name)
			return 2
		case errors.As(err, &partial):
			fmt.Fprintf(e.stderr, "nbaflow %s: %v\n", c.name, err)
			return 3
		case errors.Is(err, errStillRunning):
			return 4
		default:
			fmt.Fprintf(e.stderr, "nbaflow %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "nbaflow: unknown command %q\n", args[0])
	printUsage(e.stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: nbaflow <command> [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun nbaflow <command> --help for its flags. The environment configures it, as it does the")
	fmt.Fprintln(w, "worker: Temporal from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the temporal CLI's TEMPORAL_TLS_*,")
	fmt.Fprintln(w, "TEMPORAL_API_KEY and TEMPORAL_PROFILE, with TASK_QUEUE and TEMPORAL_UI_URL; the warehouse from")
	fmt.Fprintln(w, "WAREHOUSE, SQLITE_PATH, BIGQUERY_PROJECT, BIGQUERY_LOCATION and BIGQUERY_ENDPOINT. A variable set")
	fmt.Fprintln(w, "but empty is an error, as is a bad value (docs/operations.md §1.2).")
}

// newFlags returns the flag set of a subcommand, printing its usage on
// --help or a bad flag.
func newFlags(e *env, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: nbaflow %s %s\n\n%s\n\nflags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlagsOnly parses args into fs for a subcommand that takes flags and
// nothing else: a stray argument is a usage error too.
func parseFlagsOnly(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	return nil
}

// parse parses args into fs; a bad flag is a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
