package activities

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"cloud.google.com/go/civil"
	"golang.org/x/sync/errgroup"

	"nbaflow/internal/nba"
)

// The inputs a stale row names: the source hash columns of the output rows
// (docs/domain.md A.2.13), and the plan, for a player whose row a rerun
// would add or remove.
const (
	InputBoxScores   = "box_scores"   // upcoming_player_game_context.source_boxscore_hash
	InputSchedule    = "schedule"     // source_schedule_hash
	InputProps       = "props"        // source_props_hash
	InputGameLines   = "game_lines"   // source_game_lines_hash
	InputPlayerGames = "player_games" // player_shot_zone_analysis.source_player_game_hash
	InputPlan        = "plan"         // the player has a row and would have none, or the reverse
)

// StalePlayer is one player whose committed row differs from the row its
// inputs give now, with the inputs that differ.
type StalePlayer struct {
	PlayerLookup string   `json:"player_lookup"`
	Inputs       []string `json:"inputs"`
}

// StaleOutcome is one committed (date, processor) whose rows would change if
// it were recomputed now. Its JSON form is what `nbaflow stale --json`
// prints.
type StaleOutcome struct {
	GameDate  civil.Date    `json:"game_date"`
	Processor nba.Processor `json:"processor"`
	Players   []StalePlayer `json:"players"`
}

// FindStale recomputes, without writing anything, every committed
// (date, processor) of the dates, and returns those whose rows would change:
// a player whose source hashes differ from the committed row's, or who
// would gain or lose a row. It plans and builds as a run of the committed
// run's kind does, so that only a change of the inputs shows. A date or
// processor never committed is not stale (it has nothing to be stale), nor
// is one whose players all fail then and now.
func (a *Activities) FindStale(ctx context.Context, dates []civil.Date, procs []nba.Processor) ([]StaleOutcome, error) {
	found := make([][]StaleOutcome, len(dates))
	err := eachDate(ctx, dates, func(i int, date civil.Date) (err error) {
		found[i], err = a.staleOn(ctx, date, procs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(found...), nil
}

// eachDate runs fn for every date, staleParallelism dates at a time, and
// returns the first error; fn writes its result by the date's index, so
// the results keep the dates' order.
func eachDate(ctx context.Context, dates []civil.Date, fn func(i int, date civil.Date) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(staleParallelism)
	for i, d := range dates {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return fn(i, d)
		})
	}
	return g.Wait()
}

// staleParallelism is how many dates a stale check recomputes at once: the
// reads of one date wait on the warehouse as much as they compute, and
// sqlite readers do not block each other.
var staleParallelism = max(2, runtime.GOMAXPROCS(0))

// staleOn is FindStale for one date.
func (a *Activities) staleOn(ctx context.Context, date civil.Date, procs []nba.Processor) ([]StaleOutcome, error) {
	committed, err := a.committedKinds(ctx, date)
	if err != nil {
		return nil, err
	}
	return a.staleAmong(ctx, date, procs, committed)
}

// staleAmong is staleOn given the run mode of each committed processor.
func (a *Activities) staleAmong(ctx context.Context, date civil.Date, procs []nba.Processor, committed map[nba.Processor]nba.RunMode) ([]StaleOutcome, error) {
	if !slices.ContainsFunc(procs, func(p nba.Processor) bool { _, ok := committed[p]; return ok }) {
		return nil, nil
	}
	plan, err := a.planDate(ctx, PlanRequest{GameDate: date.String(), Processors: procs})
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", date, err)
	}
	var out []StaleOutcome
	for _, p := range procs {
		mode, ok := committed[p]
		if !ok {
			continue
		}
		now, err := a.rowSources(ctx, plan, p, mode)
		if err != nil {
			return nil, fmt.Errorf("recompute %s of %s: %w", p, date, err)
		}
		then, err := a.committedSources(ctx, date, p)
		if err != nil {
			return nil, fmt.Errorf("committed %s rows of %s: %w", p, date, err)
		}
		if players := compareSources(then, now); len(players) > 0 {
			out = append(out, StaleOutcome{GameDate: date, Processor: p, Players: players})
		}
	}
	return out, nil
}

// committedKinds returns, for each processor committed on date, the run
// mode of its committed run (run history records the run kind).
func (a *Activities) committedKinds(ctx context.Context, date civil.Date) (map[nba.Processor]nba.RunMode, error) {
	runs, err := a.Warehouse.CommittedRuns(ctx, date, date)
	if err != nil {
		return nil, fmt.Errorf("committed runs of %s: %w", date, err)
	}
	if len(runs) == 0 {
		return nil, nil
	}
	history, err := a.Warehouse.RunHistory(ctx, date)
	if err != nil {
		return nil, fmt.Errorf("run history of %s: %w", date, err)
	}
	kinds := map[nba.Processor]nba.RunMode{}
	for _, r := range runs {
		mode := nba.RunDaily
		for _, h := range history {
			if h.RunID == r.RunID && string(h.Processor) == r.ProcessorName && h.RunKind == string(nba.RunBackfill) {
				mode = nba.RunBackfill
			}
		}
		kinds[nba.Processor(r.ProcessorName)] = mode
	}
	return kinds, nil
}

// rowSources builds the processor's planned players as a run of mode would
// now and returns each row's source hashes by player and game.
func (a *Activities) rowSources(ctx context.Context, plan Plan, p nba.Processor, mode nba.RunMode) (map[rowKey]sourceHashes, error) {
	players := plan.Players(p)
	if !plan.HasGames || len(players) == 0 {
		return nil, nil
	}
	opts := nba.BuildOptions{Now: a.now(), Config: a.Config, Flags: *plan.Flags, Mode: mode}
	date, start := plan.Flags.GameDate, plan.Flags.SeasonStart
	switch p {
	case nba.UPGC:
		b, err := contextChunks.load(ctx, a.Warehouse, date, start, players, opts)
		return buildSources(b, players, contextSources), err
	case nba.PSZA:
		b, err := shotZoneChunks.load(ctx, a.Warehouse, date, start, players, opts)
		return buildSources(b, players, shotZoneSources), err
	}
	return nil, invalidRequest("unknown processor %q", p)
}

// committedSources reads the committed rows' source hashes of a date.
func (a *Activities) committedSources(ctx context.Context, date civil.Date, p nba.Processor) (map[rowKey]sourceHashes, error) {
	switch p {
	case nba.UPGC:
		rows, err := a.Warehouse.PlayerContexts(ctx, date)
		return sourcesOf(rows, contextSources), err
	case nba.PSZA:
		rows, err := a.Warehouse.ShotZoneProfiles(ctx, date)
		return sourcesOf(rows, shotZoneSources), err
	}
	return nil, invalidRequest("unknown processor %q", p)
}

// rowKey is an output row's key on its date: the player, and the game
// for a context row (a shot-zone profile is one per player and date).
type rowKey struct{ player, game string }

// sourceHashes are a row's source hashes, in the order of its inputs.
type sourceHashes []namedHash

type namedHash struct {
	input string
	hash  *string
}

// contextSources returns a context row's key and source hashes.
func contextSources(r nba.PlayerContext) (rowKey, sourceHashes) {
	return rowKey{player: r.PlayerLookup, game: r.GameID}, sourceHashes{
		{InputBoxScores, r.SourceBoxscoreHash}, {InputSchedule, r.SourceScheduleHash},
		{InputProps, r.SourcePropsHash}, {InputGameLines, r.SourceGameLinesHash}}
}

// shotZoneSources returns a shot-zone row's key and source hash.
func shotZoneSources(r nba.ShotZoneProfile) (rowKey, sourceHashes) {
	return rowKey{player: r.PlayerLookup}, sourceHashes{{InputPlayerGames, r.SourcePlayerGameHash}}
}

// buildSources builds each player and keeps the source hashes of the rows
// built; a player who fails has no row, as in a run.
func buildSources[R any](b builder[R], players []nba.PlannedPlayer, sources func(R) (rowKey, sourceHashes)) map[rowKey]sourceHashes {
	if b == nil {
		return nil
	}
	out := make(map[rowKey]sourceHashes, len(players))
	for _, p := range players {
		if row, failure := b.Build(p); failure == nil {
			k, h := sources(row)
			out[k] = h
		}
	}
	return out
}

// sourcesOf keys rows' source hashes.
func sourcesOf[R any](rows []R, sources func(R) (rowKey, sourceHashes)) map[rowKey]sourceHashes {
	out := make(map[rowKey]sourceHashes, len(rows))
	for _, r := range rows {
		k, h := sources(r)
		out[k] = h
	}
	return out
}

// compareSources lists, by player, the inputs whose hashes differ between
// the committed rows and the rows built now; a row on one side only
// differs in its plan.
func compareSources(then, now map[rowKey]sourceHashes) []StalePlayer {
	differs := map[string][]string{}
	for k, old := range then {
		cur, ok := now[k]
		if !ok {
			differs[k.player] = append(differs[k.player], InputPlan)
			continue
		}
		for i, h := range old {
			if !equalHash(h.hash, cur[i].hash) {
				differs[k.player] = append(differs[k.player], h.input)
			}
		}
	}
	for k := range now {
		if _, ok := then[k]; !ok {
			differs[k.player] = append(differs[k.player], InputPlan)
		}
	}
	players := make([]StalePlayer, 0, len(differs))
	for p, inputs := range differs {
		players = append(players, StalePlayer{PlayerLookup: p, Inputs: inputs})
	}
	slices.SortFunc(players, func(a, b StalePlayer) int { return strings.Compare(a.PlayerLookup, b.PlayerLookup) })
	return players
}

// equalHash reports whether two nullable hashes are the same.
func equalHash(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
