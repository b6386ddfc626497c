// Command starter is the operator CLI of nbaflow (built as bin/nbaflow by
// make demo). Each subcommand has its own flags and --help:
//
//	starter daily --date 2025-01-15 [--wait] [--chunk-size N] [--serial] [--json]
//	starter backfill --from D --to D [--max-parallel-dates N] [--processors upgc,psza] [--wait]
//	starter retry-failed BACKFILL_WORKFLOW_ID [--wait] [--chunk-size N] [--processors upgc,psza] ...
//	starter status WORKFLOW_ID [--no-follow] [--json]
//	starter schedule create|update|describe|pause|unpause|trigger|delete [--hour H] [--run-timeout D]
//	starter doctor [--from D --to D | --season YEAR] [--db PATH] [--json]
//	starter seed --season 2024 [--seasons N] [--seed S] [--db PATH] [--json]
//	starter import --table NAME [--db PATH] [--json] FILE.csv|-
//	starter import-dir [--db PATH] [--json] DIR
//	starter coverage --from D --to D [--db PATH] [--json]
//
// Temporal comes from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE and
// the temporal CLI's TLS, API key and profile settings (docs/operations.md
// §1.4);
// the warehouse from WAREHOUSE=sqlite (the default) with SQLITE_PATH
// (default .data/warehouse.db), or WAREHOUSE=bigquery with BIGQUERY_PROJECT
// and BIGQUERY_LOCATION. --db overrides SQLITE_PATH.
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
)

// command is one subcommand. run parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands are the subcommands, in the order of the usage text. Add one per
// file.
var commands = []command{dailyCommand, backfillCommand, retryCommand, statusCommand, scheduleCommand, doctorCommand, seedCommand, importCommand, importDirCommand, coverageCommand, bigqueryCommand}

// env is what a subcommand gets from its process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
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
	os.Exit(run(ctx, os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}))
}

// run dispatches to a subcommand and returns the exit status.
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
		err := c.run(ctx, e, args[1:])
		var uerr usageError
		var partial partialError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &uerr):
			fmt.Fprintf(e.stderr, "starter %s: %v (see starter %s --help)\n", c.name, err, c.name)
			return 2
		case errors.As(err, &partial):
			fmt.Fprintf(e.stderr, "starter %s: %v\n", c.name, err)
			return 3
		case errors.Is(err, errStillRunning):
			return 4
		default:
			fmt.Fprintf(e.stderr, "starter %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "starter: unknown command %q\n", args[0])
	printUsage(e.stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: starter <command> [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun starter <command> --help for its flags. Temporal comes from TEMPORAL_ADDRESS,")
	fmt.Fprintln(w, "TEMPORAL_NAMESPACE, TASK_QUEUE and the temporal CLI's TEMPORAL_TLS_*, TEMPORAL_API_KEY")
	fmt.Fprintln(w, "and TEMPORAL_PROFILE; the warehouse from WAREHOUSE, SQLITE_PATH, BIGQUERY_PROJECT")
	fmt.Fprintln(w, "and BIGQUERY_LOCATION.")
}

// newFlags returns the flag set of a subcommand, printing its usage on
// --help or a bad flag.
func newFlags(e *env, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: starter %s %s\n\n%s\n\nflags:\n", name, args, summary)
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
