package activities

import (
	"context"
	"fmt"
	"slices"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/temporal"
	"golang.org/x/sync/errgroup"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// SkippedEarlySeason is the skip reason of the shot-zone processor in the
// first 14 days of a season (docs/domain.md §1.3): it writes no rows then.
const SkippedEarlySeason = "skipped_early_season"

// PlanRequest asks for the plan of one game date. The date is text so that a
// malformed one reaches the activity and fails it as bad data.
type PlanRequest struct {
	GameDate   string          `json:"game_date"`
	Processors []nba.Processor `json:"processors"`
	// RunKind is the kind of the run that plans (workflows.RunBackfill and
	// the others): a backfill's plan waits for a nightly run's work
	// (tonight_first.go). Empty from workflows older than the field: such a
	// plan neither waits nor is waited for.
	RunKind string `json:"run_kind,omitempty"`
}

// Plan is what a date's run needs to fan out: whether there are games, the
// date's flags, each processor's players, and the worker's chunking defaults.
// It goes into workflow history, so it holds player keys, never input rows.
type Plan struct {
	GameDate civil.Date `json:"game_date"`
	// PlannedAt is when the plan began reading its inputs: the run's fence
	// (warehouse.Fence) when it commits.
	PlannedAt time.Time `json:"planned_at"`
	HasGames  bool      `json:"has_games"`
	Games     int       `json:"games"`
	// Flags are set when HasGames (a zero civil.Date does not survive JSON).
	Flags *nba.DateFlags `json:"flags,omitempty"`
	// ContextMode says how the context driver chose its players (§3.5).
	ContextMode     nba.PlanMode        `json:"context_mode,omitempty"`
	ContextPlayers  []nba.PlannedPlayer `json:"context_players,omitempty"`
	ShotZonePlayers []nba.PlannedPlayer `json:"shot_zone_players,omitempty"`
	// ShotZoneSkipped is why the shot-zone processor has no players, when it
	// was asked for and skips the date.
	ShotZoneSkipped string        `json:"shot_zone_skipped,omitempty"`
	Defaults        ChunkDefaults `json:"defaults"`
}

// Players returns the planned players of one processor.
func (p Plan) Players(proc nba.Processor) []nba.PlannedPlayer {
	switch proc {
	case nba.UPGC:
		return p.ContextPlayers
	case nba.PSZA:
		return p.ShotZonePlayers
	}
	return nil
}

// SkipReason returns why a processor does nothing on the date, or "".
func (p Plan) SkipReason(proc nba.Processor) string {
	if proc == nba.PSZA {
		return p.ShotZoneSkipped
	}
	return ""
}

// PlanDate plans one game date: a date without games is reported as such;
// otherwise the season opener, the date flags, and the players of each
// requested processor (the context driver over the date's schedule,
// gamebook, rosters and injuries; the shot-zone universe over the season's
// qualifying box scores summed per player, empty in the first 14 days).
func (a *Activities) PlanDate(ctx context.Context, req PlanRequest) (Plan, error) {
	var res Plan
	err := a.inTurn(ctx, nba.RunMode(req.RunKind), func() (err error) {
		res, err = a.planDate(ctx, req)
		return err
	})
	return res, nonRetryableIfRejected(err)
}

func (a *Activities) planDate(ctx context.Context, req PlanRequest) (Plan, error) {
	date, err := parseDate("game_date", req.GameDate)
	if err != nil {
		return Plan{}, err
	}
	for _, p := range req.Processors {
		if p != nba.UPGC && p != nba.PSZA {
			return Plan{}, invalidRequest("unknown processor %q", p)
		}
	}
	// Microseconds, BigQuery's precision, so that both warehouses order
	// runs alike.
	plan := Plan{GameDate: date, PlannedAt: a.now().UTC().Truncate(time.Microsecond), Defaults: a.Chunking}
	games, err := a.Warehouse.GameDates(ctx, date, date)
	if err != nil {
		return Plan{}, fmt.Errorf("game dates of %s: %w", date, err)
	}
	if len(games) == 0 {
		return plan, nil
	}
	seasonYear := nba.SeasonYear(date)
	start, ok, err := a.Warehouse.SeasonStart(ctx, seasonYear)
	if err != nil {
		return Plan{}, fmt.Errorf("season start of %d: %w", seasonYear, err)
	}
	if !ok {
		return Plan{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("%s has games but the schedule has no regular-season opener of the %s season",
				date, nba.SeasonLabel(seasonYear)), ErrNoSeasonStart, nil)
	}
	plan.HasGames = true
	flags := nba.NewDateFlags(date, start)
	plan.Flags = &flags
	if err := planProcessors(ctx, a.Warehouse, &plan, req.Processors); err != nil {
		return Plan{}, err
	}
	return plan, nil
}

// planProcessors fills in the players of each processor of processors. The
// two read different tables, so they read at once: a plan is the first
// step of every date, and what it waits for a date waits for.
func planProcessors(ctx context.Context, wh warehouse.Warehouse, plan *Plan, processors []nba.Processor) error {
	date, start := plan.GameDate, plan.Flags.SeasonStart
	g, ctx := errgroup.WithContext(ctx)
	if slices.Contains(processors, nba.UPGC) {
		g.Go(func() error {
			in, err := wh.PlanInputs(ctx, date)
			if err != nil {
				return fmt.Errorf("plan inputs of %s: %w", date, err)
			}
			plan.Games = len(in.Games)
			plan.ContextPlayers, plan.ContextMode = nba.PlanContextPlayers(in)
			return nil
		})
	}
	if slices.Contains(processors, nba.PSZA) {
		if plan.Flags.PSZASkip {
			plan.ShotZoneSkipped = SkippedEarlySeason
		} else {
			g.Go(func() error {
				candidates, err := wh.ShotZoneCandidates(ctx, date, start)
				if err != nil {
					return fmt.Errorf("shot-zone candidates before %s: %w", date, err)
				}
				plan.ShotZonePlayers = nba.PlanShotZoneCandidates(candidates)
				return nil
			})
		}
	}
	return g.Wait()
}

// parseDate parses a YYYY-MM-DD request field; a malformed one is bad data.
func parseDate(field, s string) (civil.Date, error) {
	d, err := civil.ParseDate(s)
	if err != nil {
		return civil.Date{}, invalidRequest("%s %q is not a YYYY-MM-DD date", field, s)
	}
	return d, nil
}
