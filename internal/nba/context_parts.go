package nba

import (
	"fmt"
	"strings"
	"time"
)

// marketView is what a player's computation may see of the markets: the
// props and game lines taken before the game's tipoff (point-in-time rule).
type marketView struct {
	odds        []OddsProp
	bettingPros []BettingProsProp
	lines       []GameLineSnapshot
}

func (b *ContextBuilder) marketsFor(player string, game *ScheduledGame) marketView {
	start := tipoff(game)
	return marketView{
		odds:        takenBefore(b.x.odds[player], start, func(p *OddsProp) time.Time { return p.SnapshotUTC }),
		bettingPros: takenBefore(b.x.bettingPros[player], start, func(p *BettingProsProp) time.Time { return p.BookmakerLastUpdate }),
		lines:       takenBefore(b.x.lines[game.GameID], start, func(l *GameLineSnapshot) time.Time { return l.SnapshotUTC }),
	}
}

// checkInputs validates every input row the player's computation reads
// (before the date or the tipoff): the player's box scores, gamebook rows,
// props, the game's lines and both teams' last 10 team games. A bad row
// fails the player with DATA_ERROR instead of becoming a plausible number.
func (b *ContextBuilder) checkInputs(player, team, opp string, m marketView) error {
	x := b.x
	if err := checkHistory(x.history(player), x.knownTeams); err != nil {
		return err
	}
	if err := x.gamebook.bad(player); err != nil {
		return err
	}
	for _, t := range []string{team, opp} {
		if err := b.checkTeamGames(t); err != nil {
			return err
		}
	}
	for i := range m.odds {
		if err := m.odds[i].Validate(); err != nil {
			return err
		}
	}
	for i := range m.bettingPros {
		if err := m.bettingPros[i].Validate(); err != nil {
			return err
		}
	}
	for i := range m.lines {
		if err := m.lines[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}

// checkHistory validates a player's box scores, newest first, and rejects
// two rows for one game or one date (a duplicated game).
func checkHistory(h []PlayerGame, known map[string]bool) error {
	for i := range h {
		if err := h[i].Validate(known); err != nil {
			return err
		}
		if i > 0 && (h[i].GameDate == h[i-1].GameDate || h[i].GameID == h[i-1].GameID) {
			return fmt.Errorf("player_game_summary %s: duplicate box scores on %s (games %s and %s)",
				h[i].PlayerLookup, h[i].GameDate, h[i-1].GameID, h[i].GameID)
		}
	}
	return nil
}

// checkTeamGames validates a team's last 10 team games once per chunk.
func (b *ContextBuilder) checkTeamGames(team string) error {
	if err, ok := b.teamChecks[team]; ok {
		return err
	}
	var err error
	games := b.x.teamGames[team]
	for i := 0; i < len(games) && i < profileGames && err == nil; i++ {
		err = games[i].Validate(b.x.knownTeams)
		if err == nil && i > 0 && games[i].GameID == games[i-1].GameID {
			err = fmt.Errorf("team_game_summary %s %s: duplicate rows", games[i].GameID, team)
		}
	}
	b.teamChecks[team] = err
	return err
}

// addMarkets sets the prop lines and the game lines.
func (b *ContextBuilder) addMarkets(row *PlayerContext, team string, game *ScheduledGame, m marketView, issues *issueList) {
	start := tipoff(game)
	props := ComputePropLines(start, m.odds, m.bettingPros)
	row.HasPropLine = props.HasPropLine
	row.CurrentPointsLine, row.OpeningPointsLine, row.LineMovement = props.Current, props.Opening, props.Movement
	row.CurrentPointsLineSource, row.OpeningPointsLineSource = props.CurrentSource, props.OpeningSource
	if !props.HasPropLine {
		issues.add(IssueMissingPropLine)
	}
	row.SourcePropsRowsFound = int64(props.RowsUsed)
	row.SourcePropsHash = SourceHash(m.odds, m.bettingPros)

	memo := b.gameLines(team, game, m.lines)
	lines := memo.lines
	row.GameSpread, row.OpeningSpread, row.SpreadMovement = lines.Spread, lines.OpeningSpread, lines.SpreadMovement
	row.GameSpreadSource = lines.SpreadSource
	row.GameTotal, row.OpeningTotal, row.TotalMovement = lines.Total, lines.OpeningTotal, lines.TotalMovement
	row.GameTotalSource = lines.TotalSource
	row.SourceGameLinesRowsFound = int64(lines.RowsUsed)
	row.SourceGameLinesHash = memo.hash
}

// gameLines computes a team's game lines and their source hash.
func (b *ContextBuilder) gameLines(team string, game *ScheduledGame, lines []GameLineSnapshot) gameLinesMemo {
	return once(b.lines, teamGame{team, game.GameID}, func() gameLinesMemo {
		return gameLinesMemo{lines: ComputeGameLines(team, tipoff(game), lines), hash: SourceHash(lines)}
	})
}

// addHistory sets fatigue, form and quality from the 30-day history.
func (b *ContextBuilder) addHistory(row *PlayerContext, h []PlayerGame, issues *issueList) {
	f := ComputeFatigue(b.x.date, h)
	row.DaysRest, row.BackToBack = f.DaysRest, f.BackToBack
	row.GamesInLast7Days, row.GamesInLast14Days = f.GamesInLast7Days, f.GamesInLast14Days
	row.MinutesInLast7Days, row.MinutesInLast14Days = f.MinutesInLast7Days, f.MinutesInLast14Days
	row.AvgMinutesPerGameLast7, row.BackToBacksLast14Days = f.AvgMinutesPerGameLast7, f.BackToBacksLast14Days
	row.DaysRestBeforeLastGame, row.DaysSince2PlusDaysRest = f.DaysRestBeforeLastGame, f.DaysSince2PlusDaysRest
	row.AvgUsageRateLast7Games = f.AvgUsageRateLast7Games
	switch {
	case len(h) == 0:
		issues.add(IssueNoRecentGames)
	case f.GamesInLast7Days == 0:
		issues.add(IssueNoGamesLast7Days)
	case f.AvgUsageRateLast7Games == nil:
		issues.add(IssueNoUsageRate)
	}
	if len(h) == 1 {
		issues.add(IssueSingleRecentGame)
	}

	form := ComputeForm(h, row.CurrentPointsLine)
	row.PointsAvgLast5, row.PointsAvgLast10 = form.PointsAvgLast5, form.PointsAvgLast10
	row.L5GamesUsed, row.L10GamesUsed = form.L5GamesUsed, form.L10GamesUsed
	row.L5SampleQuality, row.L10SampleQuality = form.L5SampleQuality, form.L10SampleQuality
	row.PropOverStreak, row.PropUnderStreak = form.PropOverStreak, form.PropUnderStreak

	q := RateContext(len(h), row.GameSpread != nil, row.GameTotal != nil)
	row.QualityTier, row.DataQualityTier, row.QualityScore = q.Tier, q.Tier, q.Score
	row.QualityIssues, row.ProcessedWithIssues = q.Issues, len(q.Issues) > 0
	row.SourceBoxscoreRowsFound = int64(len(h))
	row.SourceBoxscoreHash = SourceHash(h)
}

// addOpponent sets the opponent profile over both teams' last 10 games.
func (b *ContextBuilder) addOpponent(row *PlayerContext, team, opp string, issues *issueList) {
	oppGames, teamGames := b.x.teamGames[opp], b.x.teamGames[team]
	p := once(b.opponents, teamGame{team, opp}, func() OpponentProfile { return ComputeOpponentProfile(teamGames, oppGames) })
	if len(oppGames) == 0 {
		issues.add(IssueNoOpponentHistory)
	}
	if len(teamGames) == 0 {
		issues.add(IssueNoTeamHistory)
	}
	row.PaceDifferential, row.OpponentPaceLast10 = p.PaceDifferential, p.OpponentPaceLast10
	row.OpponentFTRateAllowed = p.OpponentFTRateAllowed
	row.OpponentDefRatingLast10, row.OpponentOffRatingLast10 = p.OpponentDefRatingLast10, p.OpponentOffRatingLast10
	row.OpponentReboundingRate = p.OpponentReboundingRate
	row.OpponentPaceVariance, row.OpponentFTRateVariance = p.OpponentPaceVariance, p.OpponentFTRateVariance
	row.OpponentDefRatingVariance, row.OpponentOffRatingVariance = p.OpponentDefRatingVariance, p.OpponentOffRatingVariance
	row.OpponentReboundingRateVariance = p.OpponentReboundingRateVariance
}

// addSchedule sets travel, the forward schedule and the local start time.
func (b *ContextBuilder) addSchedule(row *PlayerContext, team, opp string, game *ScheduledGame, issues *issueList) error {
	m := once(b.schedules, teamGame{team, game.GameID}, func() teamScheduleMemo { return b.teamSchedule(team, opp, game) })
	if m.err != nil {
		return m.err
	}
	row.SourceScheduleRowsFound = 1
	row.SourceScheduleHash = m.hash
	for _, code := range m.issues {
		issues.add(code)
	}
	if m.travel != nil {
		tr := m.travel
		row.TravelMiles, row.TimeZoneChanges = tr.TravelMiles, tr.TimeZoneChanges
		row.ConsecutiveRoadGames = tr.ConsecutiveRoadGames
		row.MilesTraveledLast14Days, row.TimeZonesCrossedLast14Days = tr.MilesTraveledLast14Days, tr.TimeZonesCrossedLast14Days
		row.GameStartTimeLocal = m.local
	}
	fw := m.forward
	row.NextGameDaysRest, row.GamesInNext7Days, row.NextGameIsPrimetime = fw.NextGameDaysRest, fw.GamesInNext7Days, fw.NextGameIsPrimetime
	row.OpponentDaysRest, row.OpponentGamesInNext7Days = fw.OpponentDaysRest, fw.OpponentGamesInNext7Days
	row.OpponentNextGameDaysRest = fw.OpponentNextGameDaysRest
	return nil
}

// teamScheduleMemo is a team's schedule context for a game, the same for
// each of its players.
type teamScheduleMemo struct {
	hash    *string
	travel  *Travel // nil without arenas
	local   *string
	forward ForwardSchedule
	issues  []string
	err     error
}

// teamSchedule computes a team's travel into the game, the game's local
// start and both teams' forward schedule (docs/domain.md A.2.7, A.2.8).
func (b *ContextBuilder) teamSchedule(team, opp string, game *ScheduledGame) teamScheduleMemo {
	s, t := b.x.schedule, b.x.date
	m := teamScheduleMemo{hash: SourceHash([]ScheduledGame{*game})}
	before := s.before(team, t)
	if len(before) == 0 {
		m.issues = append(m.issues, IssueNoPreviousGame)
	}
	if len(b.x.arenas) == 0 {
		m.issues = append(m.issues, IssueMissingArena)
	} else {
		tr, err := ComputeTravel(team, game, before, b.x.arenas)
		if err != nil {
			return teamScheduleMemo{err: fmt.Errorf("travel of %s into %s: %w", team, game.GameID, err)}
		}
		local, err := LocalStartTime(game, b.x.arenas[game.HomeTeamAbbr])
		if err != nil {
			return teamScheduleMemo{err: err}
		}
		m.travel, m.local = &tr, &local
	}
	oppBefore := s.before(opp, t)
	m.forward = ComputeForwardSchedule(t, s.after(team, t), oppBefore, s.after(opp, t))
	if m.forward.NextGameDaysRest == nil {
		m.issues = append(m.issues, IssueNoScheduledNextGame)
	}
	if len(oppBefore) == 0 {
		m.issues = append(m.issues, IssueNoOpponentPreviousGame)
	}
	return m
}

// addPerson sets the registry id, the age and the player's own injury status.
func (b *ContextBuilder) addPerson(row *PlayerContext, player string, game *ScheduledGame, issues *issueList) {
	reg, registered := b.x.players[player]
	if registered && reg.UniversalPlayerID != nil && *reg.UniversalPlayerID != "" {
		id := *reg.UniversalPlayerID
		row.UniversalPlayerID = &id
	} else {
		issues.add(IssueMissingUniversalID)
	}
	row.PlayerAge = playerAge(b.x.date, b.x.rosters[player], reg)
	if row.PlayerAge == nil {
		issues.add(IssueMissingBirthDate)
	}
	if !b.x.hasInjuries {
		return
	}
	if r, ok := b.latestReports(row.TeamAbbr, game)[player]; ok {
		status := normalizeStatus(r.InjuryStatus)
		row.PlayerStatus = &status
		row.InjuryReport = injuryText(r)
	}
}

// injuryText is the report's reason, else its category, else nil; the
// placeholders unknown, nan and none count as empty (§3.6.5).
func injuryText(r InjuryReport) *string {
	for _, s := range []string{r.Reason, r.ReasonCategory} {
		s = strings.TrimSpace(s)
		switch strings.ToLower(s) {
		case "", "unknown", "nan", "none":
			continue
		}
		return &s
	}
	return nil
}

// addCompleteness sets the five windows (A.2.11); the headline counts are
// the L30d window's.
func (b *ContextBuilder) addCompleteness(row *PlayerContext, player, team string, issues *issueList) {
	x, flags := b.x, b.opts.Flags
	w := x.schedule.measureWindows(ContextWindows, team, x.date, x.gamebook.recorded(player), b.opts.Config.ProductionReadyPct)
	l5, l10, l7d, l14d, l30d := w[0], w[1], w[2], w[3], w[4]
	row.L5CompletenessPct, row.L5IsComplete = l5.Pct, l5.IsComplete
	row.L10CompletenessPct, row.L10IsComplete = l10.Pct, l10.IsComplete
	row.L7dCompletenessPct, row.L7dIsComplete = l7d.Pct, l7d.IsComplete
	row.L14dCompletenessPct, row.L14dIsComplete = l14d.Pct, l14d.IsComplete
	row.L30dCompletenessPct, row.L30dIsComplete = l30d.Pct, l30d.IsComplete
	row.ExpectedGamesCount, row.ActualGamesCount = int64(l30d.Expected), int64(l30d.Actual)
	row.MissingGamesCount, row.CompletenessPercentage = int64(l30d.Missing), l30d.Pct
	allComplete, allReady := true, true
	for _, c := range w {
		allComplete = allComplete && c.IsComplete
		allReady = allReady && c.IsProductionReady
	}
	row.AllWindowsComplete = allComplete
	row.SeasonBoundaryDetected, row.BackfillBootstrapMode = flags.SeasonBoundary, flags.Bootstrap
	row.IsProductionReady = flags.SeasonBoundary || flags.Bootstrap || allReady
	if !allReady {
		issues.add(IssueIncompleteUpstream)
	}
}
