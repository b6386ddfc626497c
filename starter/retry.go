package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"nbaflow/internal/operator"
	"nbaflow/workflows"
)

var retryCommand = command{
	name:    "retry-failed",
	summary: "re-run the dates a finished backfill reported failed, with its settings",
	run:     runRetryFailed,
}

func runRetryFailed(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "retry-failed", "BACKFILL_WORKFLOW_ID [--wait] [flags]",
		"Reads the result of a finished backfill and starts a new backfill (ID BACKFILL-retry-N) over the\n"+
			"dates it reported failed, with the settings the backfill ran with (processors, chunk size, chunks\n"+
			"and dates in flight); a tuning flag overrides that one setting, and the command says which settings\n"+
			"it kept and which it overrode. Works on a retry too.\n"+
			"Exit status: 0 nothing to retry or all retried dates committed; with --wait, 3 some dates failed again.")
	var lf launchFlags
	lf.register(fs, e)
	var bf backfillFlags
	bf.register(fs)
	for _, s := range backfillSettings {
		if f := fs.Lookup(s.flag); f != nil {
			f.Usage = fmt.Sprintf("%s (default: the retried backfill's)", strings.SplitN(f.Usage, " (default", 2)[0])
		}
	}
	id, err := positional(fs, args)
	if err != nil {
		return err
	}
	flags, err := backfillInput(lf.run, bf)
	if err != nil {
		return err
	}
	given := map[string]string{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = f.Value.String() })
	override := func(in *workflows.BackfillInput) {
		for _, s := range backfillSettings {
			if _, ok := given[s.flag]; ok {
				s.set(in, flags)
			}
		}
	}
	return launch(ctx, e, &lf.temporal, lf.wait, "backfill", func(op *operator.Operator) (operator.Run, error) {
		r, err := op.RetryFailed(ctx, id, override)
		switch {
		case err != nil:
			return r.Run, err
		case len(r.Failed)+len(r.NotStarted) == 0:
			fmt.Fprintf(e.stderr, "%s: the backfill reported no failed dates; nothing to re-run\n", id)
		default:
			fmt.Fprintln(e.stderr, retrySummary(id, r, given))
		}
		return r.Run, nil
	})
}

// backfillSetting is one tuning setting of a backfill: the flag that sets
// it, its name for a person, its value in an input ("" for the default),
// and how a flag's value replaces it.
type backfillSetting struct {
	flag, name string
	value      func(workflows.BackfillInput) string
	set        func(in *workflows.BackfillInput, from workflows.BackfillInput)
}

// backfillSettings are the settings retry-failed reports and overrides.
// A setting of BackfillInput missing here is still kept by a retry
// (workflows.BackfillInput.Retry); it is only not named.
var backfillSettings = []backfillSetting{
	{"processors", "processors",
		func(in workflows.BackfillInput) string { return strings.Join(in.Processors, ",") },
		func(in *workflows.BackfillInput, from workflows.BackfillInput) { in.Processors = from.Processors }},
	{"chunk-size", "chunk size",
		func(in workflows.BackfillInput) string { return count(in.ChunkSize) },
		func(in *workflows.BackfillInput, from workflows.BackfillInput) { in.ChunkSize = from.ChunkSize }},
	{"max-parallel-chunks", "chunks in flight",
		func(in workflows.BackfillInput) string { return count(in.MaxParallelChunks) },
		func(in *workflows.BackfillInput, from workflows.BackfillInput) {
			in.MaxParallelChunks = from.MaxParallelChunks
		}},
	{"serial", "serial",
		func(in workflows.BackfillInput) string {
			if in.Parallel == nil {
				return ""
			}
			return strconv.FormatBool(!*in.Parallel)
		},
		func(in *workflows.BackfillInput, from workflows.BackfillInput) { in.Parallel = from.Parallel }},
	{"max-parallel-dates", "dates in flight",
		func(in workflows.BackfillInput) string { return count(in.MaxParallelDates) },
		func(in *workflows.BackfillInput, from workflows.BackfillInput) {
			in.MaxParallelDates = from.MaxParallelDates
		}},
	{"", "dates per run",
		func(in workflows.BackfillInput) string { return count(in.ContinueEvery) },
		nil},
	{"stop-after-failures", "stop after failures in a row",
		func(in workflows.BackfillInput) string { return count(in.StopAfterFailures) },
		func(in *workflows.BackfillInput, from workflows.BackfillInput) {
			in.StopAfterFailures = from.StopAfterFailures
		}},
}

// count is n as a setting's value: 0 is the default.
func count(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// retrySummary says which dates a retry re-runs, the original's settings it
// kept and the flags (given, by name) that overrode one:
//
//	re-running 4 failed dates of X with its settings: processors upgc, chunk size 5; --chunk-size 10 overrides chunk size 5
func retrySummary(backfillID string, r operator.Retry, given map[string]string) string {
	var kept, overrides []string
	for _, s := range backfillSettings {
		orig := s.value(r.Original)
		v, overridden := given[s.flag]
		switch {
		case s.flag != "" && overridden && orig == "":
			overrides = append(overrides, fmt.Sprintf("%s overrides the default %s", flagText(s.flag, v), s.name))
		case s.flag != "" && overridden:
			overrides = append(overrides, fmt.Sprintf("%s overrides %s %s", flagText(s.flag, v), s.name, orig))
		case orig != "":
			kept = append(kept, s.name+" "+orig)
		}
	}
	settings := "the defaults"
	if len(kept) > 0 {
		settings = strings.Join(kept, ", ")
	}
	dates := fmt.Sprintf("%d failed dates", len(r.Failed))
	if len(r.NotStarted) > 0 {
		dates += fmt.Sprintf(" and %d it stopped before starting", len(r.NotStarted))
	}
	line := fmt.Sprintf("re-running %s of %s with its settings: %s", dates, backfillID, settings)
	if len(overrides) > 0 {
		line += "; " + strings.Join(overrides, "; ")
	}
	return line
}

// flagText writes a flag as it was given: --serial, --chunk-size 10.
func flagText(name, value string) string {
	switch value {
	case "true":
		return "--" + name
	case "false":
		return "--" + name + "=false"
	}
	return "--" + name + " " + value
}
