package nba

import (
	"time"

	"cloud.google.com/go/civil"
)

// ContextBuilder computes PlayerContext rows for the players of one chunk.
// It indexes the chunk's inputs once; Build is then called per player.
type ContextBuilder struct {
	opts BuildOptions
	x    *contextIndex

	teamChecks map[string]error                        // per team: its last-10 team games are valid
	reports    map[string]map[string]InjuryReport      // per team: each player's latest report before tipoff
	stats      map[string]map[string]teammateStatsMemo // per team and teammate
	// What is the same for every player of a team in a game is computed
	// once per chunk.
	lines     map[teamGame]gameLinesMemo
	schedules map[teamGame]teamScheduleMemo
	opponents map[teamGame]OpponentProfile // by team and opponent
}

type teamGame struct{ team, game string }

type gameLinesMemo struct {
	lines GameLines
	hash  *string
}

// once returns m[k], computing it with f the first time.
func once[K comparable, V any](m map[K]V, k K, f func() V) V {
	v, ok := m[k]
	if !ok {
		v = f()
		m[k] = v
	}
	return v
}

type teammateStatsMemo struct {
	stats TeammateStats
	err   error
}

// NewContextBuilder indexes a chunk's inputs.
func NewContextBuilder(in *ContextInputs, opts BuildOptions) *ContextBuilder {
	opts.Config = opts.Config.withDefaults()
	return &ContextBuilder{
		opts:       opts,
		x:          newContextIndex(in),
		teamChecks: map[string]error{},
		reports:    map[string]map[string]InjuryReport{},
		stats:      map[string]map[string]teammateStatsMemo{},
		lines:      map[teamGame]gameLinesMemo{},
		schedules:  map[teamGame]teamScheduleMemo{},
		opponents:  map[teamGame]OpponentProfile{},
	}
}

// Build computes the context row of one planned player, or the Failure that
// says why there is none. The steps follow docs/domain.md §3.7: the circuit breaker, the
// game and the team, the validity of every row read, then the metrics.
func (b *ContextBuilder) Build(p PlannedPlayer) (PlayerContext, *Failure) {
	x, now := b.x, b.opts.Now
	breaker := BreakerStatus(x.attempts[p.PlayerLookup], now)
	if breaker.Active {
		return PlayerContext{}, BreakerFailure(UPGC, p.PlayerLookup, p.GameID, breaker)
	}
	game, team, opp, f := b.resolveGame(p)
	if f != nil {
		return PlayerContext{}, f
	}
	markets := b.marketsFor(p.PlayerLookup, game)
	if err := b.checkInputs(p.PlayerLookup, team, opp, markets); err != nil {
		return PlayerContext{}, newFailure(UPGC, p.PlayerLookup, game.GameID, DataError, "%v", err)
	}
	row := PlayerContext{
		PlayerLookup:             p.PlayerLookup,
		GameID:                   game.GameID,
		GameDate:                 x.date,
		TeamAbbr:                 team,
		OpponentTeamAbbr:         opp,
		HomeGame:                 team == game.HomeTeamAbbr,
		SeasonPhase:              SeasonPhase(x.date),
		ContextVersion:           ContextVersion,
		ProcessingDecisionReason: "processed_successfully",
		DataSources:              []string{"player_game_summary"},
		PrimarySourceUsed:        "player_game_summary",
		CreatedAt:                now.UTC(),
		ProcessedAt:              now.UTC(),
	}
	var issues issueList
	b.addMarkets(&row, team, game, markets, &issues)
	b.addHistory(&row, x.history(p.PlayerLookup), &issues)
	b.addOpponent(&row, team, opp, &issues)
	if err := b.addSchedule(&row, team, opp, game, &issues); err != nil {
		return PlayerContext{}, newFailure(UPGC, p.PlayerLookup, game.GameID, DataError, "%v", err)
	}
	if err := b.addTeammates(&row, p.PlayerLookup, team, game, &issues); err != nil {
		return PlayerContext{}, newFailure(UPGC, p.PlayerLookup, game.GameID, DataError, "%v", err)
	}
	b.addPerson(&row, p.PlayerLookup, game, &issues)
	b.addCompleteness(&row, p.PlayerLookup, team, &issues)
	b.addBreaker(&row, breaker, p.PlayerLookup)
	row.DataQualityIssues = issues.list()
	row.DataHash = ContentHash(&row)
	return row, nil
}

// resolveGame finds the player's game and team (§3.7 steps 4-6). A team that
// plays on neither side of the game is an error, not the home team (the
// legacy quirk).
func (b *ContextBuilder) resolveGame(p PlannedPlayer) (game *ScheduledGame, team, opp string, f *Failure) {
	game = b.x.schedule.games[p.GameID]
	if game == nil || game.GameDate != b.x.date {
		return nil, "", "", newFailure(UPGC, p.PlayerLookup, p.GameID, CalculationError,
			"game %q on %s is not in the schedule", p.GameID, b.x.date)
	}
	team = p.TeamAbbr
	if team == "" {
		if h := b.x.history(p.PlayerLookup); len(h) > 0 {
			team = h[0].TeamAbbr
		}
	}
	switch team {
	case "":
		return nil, "", "", newFailure(UPGC, p.PlayerLookup, p.GameID, CalculationError,
			"no team for the player: none planned and no recent box score")
	case game.HomeTeamAbbr:
		return game, team, game.AwayTeamAbbr, nil
	case game.AwayTeamAbbr:
		return game, team, game.HomeTeamAbbr, nil
	}
	return nil, "", "", newFailure(UPGC, p.PlayerLookup, p.GameID, CalculationError,
		"team %s does not play in game %s (%s at %s)", team, game.GameID, game.AwayTeamAbbr, game.HomeTeamAbbr)
}

// addBreaker copies the circuit-breaker state of a player who is not locked out.
func (b *ContextBuilder) addBreaker(row *PlayerContext, st BreakerState, player string) {
	row.ReprocessAttemptCount = int64(st.Attempts)
	if latest := latestAttempt(b.x.attempts[player]); latest != nil {
		at := latest.AttemptedAt.UTC()
		row.LastReprocessAttemptAt = &at
	}
}

// Attempt returns the reprocess attempt to record for a failure of this
// chunk, and false when the failure does not count as an attempt.
func (b *ContextBuilder) Attempt(f *Failure) (ReprocessAttempt, bool) {
	return attemptFor(b.opts, b.x.date, f, b.x.attempts[f.PlayerLookup])
}

// attemptFor is the next attempt of a failed entity given its recorded ones.
func attemptFor(opts BuildOptions, date civil.Date, f *Failure, prior []ReprocessAttempt) (ReprocessAttempt, bool) {
	if !f.CountsAsAttempt() {
		return ReprocessAttempt{}, false
	}
	return NextAttempt(opts.Config.Breaker, f, date, BreakerStatus(prior, opts.Now), opts.Now), true
}

// tipoff is the game's start, or the end of its date when the start is not
// known, so nothing from after the game can count as before it.
func tipoff(g *ScheduledGame) time.Time {
	if !g.StartUTC.IsZero() {
		return g.StartUTC
	}
	return g.GameDate.In(time.UTC).AddDate(0, 0, 1)
}
