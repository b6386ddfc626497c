package warehousetest

import (
	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// The reference windowed reads: what the windows of internal/nba can see of
// the season to date (nba.ContextInputs and nba.ShotZoneInputs document the
// bounds), written as plain loops over the fixture's rows.

// windowGames is the set of games a completeness measurement over windows
// can expect of one of teams on date: each team's final games of the
// season before date that are among its last N by date (ties included) or
// dated in [date-days, date).
func windowGames(ds *nba.Dataset, date civil.Date, teams map[string]bool, windows []nba.CompletenessWindow) map[string]bool {
	games, days := nba.WindowReach(windows)
	season := nba.SeasonYear(date)
	byTeam := map[string][]nba.ScheduledGame{}
	for _, g := range ds.Schedule {
		if g.SeasonYear != int64(season) || nba.SeasonYear(g.GameDate) != season || g.GameStatus != nba.GameFinal || !g.GameDate.Before(date) {
			continue
		}
		for _, team := range []string{g.HomeTeamAbbr, g.AwayTeamAbbr} {
			if teams[team] {
				byTeam[team] = append(byTeam[team], g)
			}
		}
	}
	out := map[string]bool{}
	from := date.AddDays(-days)
	for _, list := range byTeam {
		for _, g := range list {
			if rankNewest(list, g.GameDate, func(x nba.ScheduledGame) civil.Date { return x.GameDate }) <= games || !g.GameDate.Before(from) {
				out[g.GameID] = true
			}
		}
	}
	return out
}

// rankNewest is SQL's RANK() over rows ordered by date, newest first: one
// more than the number of rows strictly newer than d.
func rankNewest[T any](rows []T, d civil.Date, date func(T) civil.Date) int {
	rank := 1
	for _, r := range rows {
		if date(r).After(d) {
			rank++
		}
	}
	return rank
}

// windowedGamebook keeps the gamebook rows of the chunk's players dated in
// [seasonStart, date) that completeness can count: rows of the window
// games, every row of a player planned without a team, and every row
// Validate refuses.
func windowedGamebook(ds *nba.Dataset, c chunk, unteamed map[string]bool, windows []nba.CompletenessWindow) func(nba.GamebookEntry) bool {
	games := windowGames(ds, c.date, c.teams, windows)
	return func(e nba.GamebookEntry) bool {
		return c.players[e.PlayerLookup] && in(e.GameDate, c.seasonStart, c.date) &&
			(games[e.GameID] || unteamed[e.PlayerLookup] || e.Validate() != nil)
	}
}

// latestTeamGames keeps each side's nba.OpponentGames latest team games
// dated in [seasonStart, date), ties on the last date included.
func latestTeamGames(ds *nba.Dataset, c chunk) func(nba.TeamGame) bool {
	byTeam := map[string][]nba.TeamGame{}
	for _, g := range ds.TeamGames {
		if c.sides[g.TeamAbbr] && in(g.GameDate, c.seasonStart, c.date) {
			byTeam[g.TeamAbbr] = append(byTeam[g.TeamAbbr], g)
		}
	}
	return func(g nba.TeamGame) bool {
		list := byTeam[g.TeamAbbr]
		return c.sides[g.TeamAbbr] && in(g.GameDate, c.seasonStart, c.date) &&
			rankNewest(list, g.GameDate, func(x nba.TeamGame) civil.Date { return x.GameDate }) <= nba.OpponentGames
	}
}

// unteamedOf returns the players planned without a team.
func unteamedOf(planned []nba.PlannedPlayer) map[string]bool {
	out := map[string]bool{}
	for _, p := range planned {
		if p.TeamAbbr == "" {
			out[p.PlayerLookup] = true
		}
	}
	return out
}
