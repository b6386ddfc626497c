package warehousetest

import (
	"slices"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// The reference reads: what each Warehouse read must return, written as
// plain filters over the fixture's rows, straight from the doc comments of
// nba.ContextInputs, nba.ShotZoneInputs and nba.PlanInputs (the windowed
// ones in expect_windowed.go).

func filter[T any](rows []T, keep func(T) bool) []T {
	out := []T{}
	for _, r := range rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func in(d, from, to civil.Date) bool { return !d.Before(from) && d.Before(to) }

// chunk is the keys a chunk of planned players reads by.
type chunk struct {
	date, seasonStart civil.Date
	players, teams    map[string]bool
	sides, games      map[string]bool // teams and opponents on date; their games
	reported          map[string]bool // players on the date's injury report for a chunk team
}

func newChunk(ds *nba.Dataset, date, seasonStart civil.Date, planned []nba.PlannedPlayer) chunk {
	c := chunk{date: date, seasonStart: seasonStart, players: map[string]bool{}, teams: map[string]bool{},
		sides: map[string]bool{}, games: map[string]bool{}, reported: map[string]bool{}}
	for _, p := range planned {
		c.players[p.PlayerLookup] = true
		c.teams[p.TeamAbbr] = true
		c.sides[p.TeamAbbr] = true
	}
	for _, g := range ds.Schedule {
		if g.GameDate == date && (c.teams[g.HomeTeamAbbr] || c.teams[g.AwayTeamAbbr]) {
			c.games[g.GameID] = true
			c.sides[g.HomeTeamAbbr], c.sides[g.AwayTeamAbbr] = true, true
		}
	}
	for _, r := range ds.Injuries {
		if r.GameDate == date && c.teams[r.TeamAbbr] {
			c.reported[r.PlayerLookup] = true
		}
	}
	return c
}

// contextFilter holds one predicate per table of nba.ContextInputs.
type contextFilter struct {
	schedule    func(nba.ScheduledGame) bool
	playerGames func(nba.PlayerGame) bool
	gamebook    func(nba.GamebookEntry) bool
	teamGames   func(nba.TeamGame) bool
	odds        func(nba.OddsProp) bool
	bettingPros func(nba.BettingProsProp) bool
	lines       func(nba.GameLineSnapshot) bool
	rosters     func(nba.RosterEntry) bool
	injuries    func(nba.InjuryReport) bool
	players     func(nba.Player) bool
	attempts    func(nba.ReprocessAttempt) bool
}

func newContextFilter(ds *nba.Dataset, c chunk, unteamed map[string]bool) contextFilter {
	season := int64(nba.SeasonYear(c.date))
	return contextFilter{
		schedule: func(g nba.ScheduledGame) bool {
			return g.SeasonYear == season && (c.sides[g.HomeTeamAbbr] || c.sides[g.AwayTeamAbbr])
		},
		playerGames: func(g nba.PlayerGame) bool {
			return (c.players[g.PlayerLookup] && in(g.GameDate, c.date.AddDays(-30), c.date)) ||
				(c.teams[g.TeamAbbr] && c.reported[g.PlayerLookup] && in(g.GameDate, c.seasonStart, c.date))
		},
		gamebook:    windowedGamebook(ds, c, unteamed, nba.ContextWindows),
		teamGames:   latestTeamGames(ds, c),
		odds:        func(p nba.OddsProp) bool { return c.players[p.PlayerLookup] && p.GameDate == c.date },
		bettingPros: func(p nba.BettingProsProp) bool { return c.players[p.PlayerLookup] && p.GameDate == c.date },
		lines:       func(l nba.GameLineSnapshot) bool { return c.games[l.GameID] && l.GameDate == c.date },
		rosters:     func(r nba.RosterEntry) bool { return c.players[r.PlayerLookup] && !r.RosterDate.After(c.date) },
		injuries:    func(r nba.InjuryReport) bool { return r.GameDate == c.date },
		players:     func(p nba.Player) bool { return c.players[p.PlayerLookup] },
		attempts: func(a nba.ReprocessAttempt) bool {
			return a.ProcessorName == string(nba.UPGC) && c.players[a.EntityID] && a.AnalysisDate == c.date
		},
	}
}

func (f contextFilter) apply(ds *nba.Dataset, attempts []nba.ReprocessAttempt, date, seasonStart civil.Date) *nba.ContextInputs {
	return &nba.ContextInputs{
		Date: date, SeasonStart: seasonStart,
		Schedule:         filter(ds.Schedule, f.schedule),
		PlayerGames:      filter(ds.PlayerGames, f.playerGames),
		Gamebook:         filter(ds.Gamebook, f.gamebook),
		TeamGames:        filter(ds.TeamGames, f.teamGames),
		OddsProps:        filter(ds.OddsProps, f.odds),
		BettingProsProps: filter(ds.BettingProsProps, f.bettingPros),
		GameLines:        filter(ds.GameLines, f.lines),
		Rosters:          filter(ds.Rosters, f.rosters),
		Injuries:         filter(ds.Injuries, f.injuries),
		Players:          filter(ds.Players, f.players),
		Arenas:           slices.Clone(ds.Arenas),
		Attempts:         filter(attempts, f.attempts),
	}
}

// expectContext is what ContextInputs must return.
func expectContext(ds *nba.Dataset, attempts []nba.ReprocessAttempt, date, seasonStart civil.Date, planned []nba.PlannedPlayer) *nba.ContextInputs {
	return newContextFilter(ds, newChunk(ds, date, seasonStart, planned), unteamedOf(planned)).apply(ds, attempts, date, seasonStart)
}

// expectShotZone is what ShotZoneInputs must return.
func expectShotZone(ds *nba.Dataset, attempts []nba.ReprocessAttempt, date, seasonStart civil.Date, planned []nba.PlannedPlayer) *nba.ShotZoneInputs {
	c := newChunk(ds, date, seasonStart, planned)
	windows := []nba.CompletenessWindow{nba.WindowShotZone}
	games := windowGames(ds, date, c.teams, windows)
	return &nba.ShotZoneInputs{
		Date: date, SeasonStart: seasonStart,
		PlayerGames: filter(ds.PlayerGames, func(g nba.PlayerGame) bool { return c.players[g.PlayerLookup] && in(g.GameDate, seasonStart, date) }),
		Gamebook:    filter(ds.Gamebook, windowedGamebook(ds, c, unteamedOf(planned), windows)),
		Schedule:    filter(ds.Schedule, func(g nba.ScheduledGame) bool { return games[g.GameID] }),
		Players:     filter(ds.Players, func(p nba.Player) bool { return c.players[p.PlayerLookup] }),
		Arenas:      slices.Clone(ds.Arenas),
		Attempts: filter(attempts, func(a nba.ReprocessAttempt) bool {
			return a.ProcessorName == string(nba.PSZA) && c.players[a.EntityID] && a.AnalysisDate == date
		}),
	}
}

// expectPlan is what PlanInputs must return.
func expectPlan(ds *nba.Dataset, date civil.Date) nba.PlanInputs {
	games := filter(ds.Schedule, func(g nba.ScheduledGame) bool { return g.GameDate == date })
	playing := map[string]bool{}
	for _, g := range games {
		playing[g.HomeTeamAbbr], playing[g.AwayTeamAbbr] = true, true
	}
	return nba.PlanInputs{
		Date:     date,
		Games:    games,
		Gamebook: filter(ds.Gamebook, func(e nba.GamebookEntry) bool { return e.GameDate == date }),
		Rosters: filter(ds.Rosters, func(r nba.RosterEntry) bool {
			return playing[r.TeamAbbr] && !r.RosterDate.Before(date.AddDays(-90)) && !r.RosterDate.After(date)
		}),
		Injuries: filter(ds.Injuries, func(r nba.InjuryReport) bool { return r.GameDate == date }),
	}
}

func sortStrings(s []string) []string { slices.Sort(s); return s }
