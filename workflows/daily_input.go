package workflows

import (
	"fmt"
	"time"
	_ "time/tzdata" // the game-date zone must not depend on the host's zoneinfo

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"nbaflow/internal/nba"
)

// DailyInput starts a daily run. Every field is optional:
//
//	temporal workflow start --type DailyWorkflow --task-queue nba-analytics \
//	  --workflow-id nba-daily-2025-01-15 --input '{"game_date":"2025-01-15"}'
type DailyInput struct {
	// GameDate is YYYY-MM-DD. Empty means the date, in America/New_York, of
	// the Schedule's scheduled start time, or of now.
	GameDate string `json:"game_date,omitempty"`
	// Processors to run: upcoming_player_game_context (upgc) and
	// player_shot_zone_analysis (psza). Empty means both.
	Processors []string `json:"processors,omitempty"`
	// ChunkSize is players per chunk activity (1 = one activity per player);
	// 0 means the worker's PLAYER_CHUNK_SIZE.
	ChunkSize int `json:"chunk_size,omitempty"`
	// MaxParallelChunks bounds the chunks in flight per processor; 0 means
	// the worker's MAX_PARALLEL_CHUNKS.
	MaxParallelChunks int `json:"max_parallel_chunks,omitempty"`
	// Parallel false runs one chunk at a time, one processor after the
	// other; unset means the worker's ENABLE_PLAYER_PARALLELIZATION.
	Parallel *bool `json:"parallel,omitempty"`
	// RunKind is scheduled, manual or backfill; empty means scheduled when a
	// Schedule started the run, else manual.
	RunKind string `json:"run_kind,omitempty"`

	// unknown are the keys of the JSON input no field takes (UnmarshalJSON);
	// resolveDaily rejects them.
	unknown []unknownField
}

// MaxParallelChunks caps the chunks in flight per processor, far below the
// server's 2,000 pending activities per run and its advice of at most 500.
const MaxParallelChunks = 200

// ErrInvalidInput is the error type of a workflow input that cannot run.
const ErrInvalidInput = "INVALID_INPUT"

// gameDateZone is where game dates are dates (docs/domain.md A.3).
var gameDateZone = mustLoadLocation("America/New_York")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in, so this cannot happen
	}
	return loc
}

// dailyParams are a daily run's settled inputs.
type dailyParams struct {
	date       civil.Date
	kind       string
	processors []nba.Processor
	input      DailyInput
}

// resolveDaily settles a daily run's date, kind and processors.
func resolveDaily(ctx workflow.Context, in DailyInput) (dailyParams, error) {
	p := dailyParams{input: in}
	if err := rejectUnknown(ctx, in.unknown); err != nil {
		return p, err
	}
	var err error
	if p.date, err = gameDate(ctx, in.GameDate); err != nil {
		return p, err
	}
	if p.kind, err = runKind(ctx, in.RunKind); err != nil {
		return p, err
	}
	if p.processors, err = parseProcessors(in.Processors); err != nil {
		return p, err
	}
	if in.ChunkSize < 0 || in.MaxParallelChunks < 0 || in.MaxParallelChunks > MaxParallelChunks {
		return p, invalidInput("chunk_size %d and max_parallel_chunks %d must be in [0, %d]",
			in.ChunkSize, in.MaxParallelChunks, MaxParallelChunks)
	}
	return p, nil
}

// gameDate parses s, or derives the date a scheduled run is for.
func gameDate(ctx workflow.Context, s string) (civil.Date, error) {
	if s != "" {
		d, err := civil.ParseDate(s)
		if err != nil {
			return civil.Date{}, invalidInput("game_date %q is not a YYYY-MM-DD date", s)
		}
		return d, nil
	}
	t, ok := workflow.GetTypedSearchAttributes(ctx).GetTime(scheduledStartKey)
	if !ok {
		t = workflow.Now(ctx)
	}
	return civil.DateOf(t.In(gameDateZone)), nil
}

func runKind(ctx workflow.Context, s string) (string, error) {
	switch s {
	case RunScheduled, RunManual, RunBackfill:
		return s, nil
	case "":
		if _, ok := workflow.GetTypedSearchAttributes(ctx).GetKeyword(scheduledByKey); ok {
			return RunScheduled, nil
		}
		return RunManual, nil
	}
	return "", invalidInput("run_kind %q is not one of scheduled, manual, backfill", s)
}

// allProcessors is every processor, in the order runs report them.
var allProcessors = nba.Processors

// parseProcessors resolves names and aliases to processors in report
// order, without repeats; none means all. An unknown name is an invalid
// input.
func parseProcessors(names []string) ([]nba.Processor, error) {
	procs, err := nba.ParseProcessors(names)
	if err != nil {
		return nil, invalidInput("%v", err)
	}
	return procs, nil
}

// shortName is a processor's name in summaries.
func shortName(p nba.Processor) string {
	switch p {
	case nba.UPGC:
		return "UPGC"
	case nba.PSZA:
		return "PSZA"
	}
	return string(p)
}

func invalidInput(format string, args ...any) error {
	return temporal.NewNonRetryableApplicationError(fmt.Sprintf(format, args...), ErrInvalidInput, nil)
}
