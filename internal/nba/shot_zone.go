package nba

import "cmp"

// Window sizes of the shot-zone processor (docs/domain.md §4.3, §4.7).
const (
	zoneWindow      = 10
	zoneTrendWindow = 20
	zoneTrendMin    = 15 // the 20-game outputs need at least 15 games
)

// WindowShotZone is the completeness window of the shot-zone processor: the
// team's last 10 completed games (§4.4).
var WindowShotZone = CompletenessWindow{"l10", WindowGames, zoneWindow}

// ShotZoneBuilder computes ShotZoneProfile rows for the players of one chunk.
type ShotZoneBuilder struct {
	opts     BuildOptions
	in       *ShotZoneInputs
	schedule seasonSchedule
	known    map[string]bool
	games    map[string][]PlayerGame // by player, [season start, date), newest first
	gamebook gamebookIndex
	players  map[string]Player
	attempts map[string][]ReprocessAttempt
}

// NewShotZoneBuilder indexes a chunk's inputs.
func NewShotZoneBuilder(in *ShotZoneInputs, opts BuildOptions) *ShotZoneBuilder {
	opts.Config = opts.Config.withDefaults()
	b := &ShotZoneBuilder{
		opts:     opts,
		in:       in,
		schedule: newSeasonSchedule(in.Schedule, SeasonYear(in.Date)),
		gamebook: newGamebookIndex(in.Gamebook, in.SeasonStart, in.Date),
		players:  map[string]Player{},
		attempts: map[string][]ReprocessAttempt{},
	}
	b.known = knownTeams(in.Arenas)
	b.games = groupRows(in.PlayerGames,
		func(g *PlayerGame) bool { return g.GameDate.Before(in.Date) && !g.GameDate.Before(in.SeasonStart) },
		func(g *PlayerGame) string { return g.PlayerLookup },
		newestGameFirst)
	for _, p := range in.Players {
		b.players[p.PlayerLookup] = p
	}
	for _, a := range in.Attempts {
		if a.ProcessorName == string(PSZA) && a.AnalysisDate == in.Date {
			b.attempts[a.EntityID] = append(b.attempts[a.EntityID], a)
		}
	}
	return b
}

// Build computes the shot-zone row of one planned player, or the Failure that
// says why there is none (§4.4 with Part A).
func (b *ShotZoneBuilder) Build(p PlannedPlayer) (ShotZoneProfile, *Failure) {
	player, d, flags := p.PlayerLookup, b.in.Date, b.opts.Flags
	breaker := BreakerStatus(b.attempts[player], b.opts.Now)
	if breaker.Active {
		return ShotZoneProfile{}, BreakerFailure(PSZA, player, "", breaker)
	}
	season := b.games[player]
	if err := checkHistory(season, b.known); err != nil {
		return ShotZoneProfile{}, newFailure(PSZA, player, "", DataError, "%v", err)
	}
	if err := b.gamebook.bad(player); err != nil {
		return ShotZoneProfile{}, newFailure(PSZA, player, "", DataError, "%v", err)
	}
	var qualifying []PlayerGame
	for _, g := range season {
		if IsQualifyingGame(g) {
			qualifying = append(qualifying, g)
		}
	}
	team := p.TeamAbbr
	if team == "" && len(qualifying) > 0 {
		team = qualifying[0].TeamAbbr
	}
	c := MeasureWindow(WindowShotZone, d, b.schedule.completedBefore(team, d), b.gamebook.recorded(player), b.opts.Config.ProductionReadyPct)
	if f := b.gate(player, c, len(qualifying)); f != nil {
		return ShotZoneProfile{}, f
	}
	row := b.profile(player, qualifying, c, flags)
	row.ReprocessAttemptCount = int64(breaker.Attempts)
	if latest := latestAttempt(b.attempts[player]); latest != nil {
		at := latest.AttemptedAt.UTC()
		row.LastReprocessAttemptAt = &at
	}
	return row, nil
}

// gate applies the per-player checks of §4.4 in order. The completeness gate
// holds in daily runs only, outside bootstrap and the season boundary. Too
// few games is an upstream gap (retried) only in a daily run whose team
// played enough games while the player's gamebook rows are missing; in a
// backfill, history will not be fetched again, so as in the legacy backfill
// it is expected (not retried, no breaker attempt), with the counts in the
// reason.
func (b *ShotZoneBuilder) gate(player string, c Completeness, games int) *Failure {
	flags, daily := b.opts.Flags, b.opts.Mode == RunDaily
	if daily && !c.IsProductionReady && !flags.Bootstrap && !flags.SeasonBoundary {
		f := newFailure(PSZA, player, "", IncompleteData, "Incomplete data: %.1f%% (%d/%d games)", c.Pct, c.Actual, c.Expected)
		f.Completeness = &c.Pct
		return f
	}
	if games == 0 {
		return newFailure(PSZA, player, "", InsufficientData, "no qualifying game this season before %s", b.in.Date)
	}
	need := flags.MinGames
	if need == 0 {
		need = FullMinGames
	}
	n := min(games, zoneWindow)
	switch {
	case n >= need:
		return nil
	case c.Expected < need:
		return newFailure(PSZA, player, "", ExpectedIncomplete, "Season bootstrap: %d/%d games (need %d)", n, c.Expected, need)
	case daily && c.Actual < c.Expected:
		f := newFailure(PSZA, player, "", IncompleteUpstream, "Missing upstream data: %d/%d games (need %d)", c.Actual, c.Expected, need)
		f.Completeness = &c.Pct
		return f
	default:
		return newFailure(PSZA, player, "", ExpectedIncomplete,
			"Too few games: %d played, %d of the team's last %d recorded (need %d)", n, c.Actual, c.Expected, need)
	}
}

// profile builds the row from the player's qualifying games, newest first.
func (b *ShotZoneBuilder) profile(player string, games []PlayerGame, c Completeness, flags DateFlags) ShotZoneProfile {
	g10, g20 := games[:min(zoneWindow, len(games))], games[:min(zoneTrendWindow, len(games))]
	w10 := ComputeZoneWindow(g10)
	now := b.opts.Now.UTC()
	row := ShotZoneProfile{
		PlayerLookup:             player,
		AnalysisDate:             b.in.Date,
		PaintRateLast10:          w10.PaintRate,
		MidRangeRateLast10:       w10.MidRangeRate,
		ThreePtRateLast10:        w10.ThreePtRate,
		TotalShotsLast10:         w10.TotalShots,
		GamesInSample10:          int64(len(g10)),
		SampleQuality10:          SampleQuality(len(g10), zoneWindow),
		PaintPctLast10:           w10.PaintPct,
		MidRangePctLast10:        w10.MidRangePct,
		ThreePtPctLast10:         w10.ThreePtPct,
		PaintAttemptsPerGame:     w10.PaintPerGame,
		MidRangeAttemptsPerGame:  w10.MidRangePerGame,
		ThreePtAttemptsPerGame:   w10.ThreePtPerGame,
		GamesInSample20:          int64(len(g20)),
		SampleQuality20:          SampleQuality(len(g20), zoneTrendWindow),
		AssistedRateLast10:       w10.AssistedRate,
		UnassistedRateLast10:     w10.UnassistedRate,
		PrimaryScoringZone:       PrimaryScoringZone(w10.PaintRate, w10.MidRangeRate, w10.ThreePtRate),
		DataQualityTier:          ShotZoneTier(len(g10)),
		EarlySeasonFlag:          flags.MinGames > 0 && flags.MinGames < FullMinGames,
		ExpectedGamesCount:       int64(c.Expected),
		ActualGamesCount:         int64(c.Actual),
		MissingGamesCount:        int64(c.Missing),
		CompletenessPercentage:   c.Pct,
		IsProductionReady:        c.IsProductionReady || flags.Bootstrap || flags.SeasonBoundary,
		SeasonBoundaryDetected:   flags.SeasonBoundary,
		BackfillBootstrapMode:    flags.Bootstrap,
		ProcessingDecisionReason: "processed_successfully",
		CreatedAt:                now,
		ProcessedAt:              now,
	}
	var issues issueList
	if len(g20) >= zoneTrendMin {
		w20 := ComputeZoneWindow(g20)
		row.PaintRateLast20, row.PaintPctLast20 = w20.PaintRate, w20.PaintPct
		if w20.ZoneGames < w20.Games {
			issues.addf("%s:%d/%d", IssueIncompleteZoneData20, w20.ZoneGames, w20.Games)
		}
	}
	if w10.ZoneGames < w10.Games {
		issues.addf("%s:%d/%d", IssueIncompleteZoneData10, w10.ZoneGames, w10.Games)
	}
	if w10.AssistedGames == 0 {
		issues.add(IssueNoAssistedData)
	}
	if !c.IsProductionReady {
		issues.add(IssueIncompleteUpstream)
	}
	if reg, ok := b.players[player]; ok && reg.UniversalPlayerID != nil && *reg.UniversalPlayerID != "" {
		id := *reg.UniversalPlayerID
		row.UniversalPlayerID = &id
	} else {
		issues.add(IssueMissingUniversalID)
	}
	rows := int64(len(g20))
	row.SourcePlayerGameRowsFound = &rows
	row.SourcePlayerGameCompletenessPct = &c.Pct
	row.SourcePlayerGameHash = SourceHash(g20)
	row.DataQualityIssues = issues.list()
	row.DataHash = ContentHash(&row)
	return row
}

// Attempt returns the reprocess attempt to record for a failure of this
// chunk, and false when the failure does not count as an attempt.
func (b *ShotZoneBuilder) Attempt(f *Failure) (ReprocessAttempt, bool) {
	return attemptFor(b.opts, b.in.Date, f, b.attempts[f.PlayerLookup])
}

// newestGameFirst orders a player's box scores newest first, two of one
// date (a duplicate, which fails him) by game id, greatest first: an order
// of the rows alone, so that the failure names the games alike whichever
// rows a warehouse reads and in whatever order it returns them.
func newestGameFirst(a, b *PlayerGame) int {
	return cmp.Or(b.GameDate.Compare(a.GameDate), cmp.Compare(b.GameID, a.GameID))
}
