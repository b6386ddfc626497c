package warehouse

import (
	"strings"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// This file builds the windowed reads: each reads what the windows of
// internal/nba can see (nba.ContextInputs and nba.ShotZoneInputs document
// the bounds; nba.OpponentGames and nba.WindowReach size them)
// instead of the season to date, and sums what a computation only needs
// summed. A read that validates a player's season (his gamebook rows) also
// returns every malformed row of the season, so that a bad row outside the
// windows still fails the player as it did when the whole season was read
// (docs/domain.md A.2.1).

// candidateRows is the row type of the shot-zone universe's sums. It is not
// in Tables: nothing stores it. It names player_game_summary, which it sums.
var candidateRows = &Table{Name: PlayerGames.Name, Dataset: PlayerGames.Dataset, Row: rowType[nba.ShotZoneCandidate](),
	Key: []string{"player_lookup"}}

// shotZoneCandidates sums the qualifying box scores dated in [seasonStart,
// date) per player: the count, and the date and team of the latest one
// (nba.ShotZoneCandidate); of two latest rows on one date, the one with the
// smaller game id, as nba.ShotZoneCandidates does. Grouping, not a window
// over every row, so that the (player_lookup, game_date) index finds each
// player's latest game and the (player_lookup, game_id) key its team.
func shotZoneCandidates(d Dialect, date, seasonStart civil.Date) Select {
	games := d.Table(PlayerGames)
	sums := "SELECT player_lookup, MAX(game_date) AS last_game_date, COUNT(*) AS games FROM " + games +
		" WHERE game_date >= @from AND game_date < @to AND " + qualifying(d) + " GROUP BY player_lookup"
	latest := "SELECT s.player_lookup, s.last_game_date, s.games, MIN(g.game_id) AS game_id FROM (" + sums + ") s JOIN " + games +
		" g ON g.player_lookup = s.player_lookup AND g.game_date = s.last_game_date AND " + QualifyingOf(d, "g.") +
		" GROUP BY s.player_lookup, s.last_game_date, s.games"
	text := "SELECT l.player_lookup, t.team_abbr, l.last_game_date, l.games FROM (" + latest + ") l JOIN " + games +
		" t ON t.player_lookup = l.player_lookup AND t.game_id = l.game_id ORDER BY l.player_lookup"
	return Select{Query: Query{Text: text, Args: []Arg{Named("from", seasonStart), Named("to", date)}},
		Table: candidateRows, Columns: candidateRows.Columns()}
}

// qualifying is nba.IsQualifyingGame as SQL: minutes or a field-goal attempt.
func qualifying(d Dialect) string { return QualifyingOf(d, "") }

// QualifyingOf is nba.IsQualifyingGame as SQL over the columns of a
// player_game_summary named by prefix (an alias and a dot, or "").
func QualifyingOf(d Dialect, prefix string) string {
	return "(" + d.Positive(prefix+"minutes_played") + " OR " + d.Positive(prefix+"fg_attempts") + ")"
}

// seasonBoxScoresOf reads the players' box scores dated in [from, to): the
// shot-zone processor validates a player's whole season (checkHistory,
// docs/domain.md A.2.1), so every row is looked at whatever the 10- and
// 20-game windows see. Filtering them in SQL (the 20 latest qualifying
// games, and every malformed row or duplicated date of the rest) was
// measured slower on SQLite than reading them: the rows must be read to be
// tested either way.
func seasonBoxScoresOf(d Dialect, from, to civil.Date, players []string) Select {
	return selectFrom(d, PlayerGames, nil, "game_date >= @from AND game_date < @to AND "+d.InList("player_lookup", "players"),
		append(newestFirstBy(PlayerGames, "player_lookup"), "game_id DESC"), Named("from", from), Named("to", to), Named("players", players))
}

// SeasonRows reads t's rows dated in [from, until), grouped by player,
// each player's newest first and then by game id descending, as the
// windowed reads of a player's season order them: what a backend that
// keeps a season's rows in memory loads once.
func SeasonRows(d Dialect, t *Table, from, until civil.Date) Select {
	return selectFrom(d, t, nil, t.Date+" >= @from AND "+t.Date+" < @until", append(newestFirstBy(t, "player_lookup"), "game_id DESC"),
		Named("from", from), Named("until", until))
}

// latestTeamGames reads each team's team games dated in [from, to) on or
// after its nba.OpponentGames-th latest: its latest games and every game
// that ties the last of them on its date, since the order among rows of
// one date is not the warehouse's to choose. The bound comes from a window
// over the narrow rows; the rows themselves are read by the (team_abbr,
// game_date) index, backwards, as the season read returned them: the join
// stays a left join, the team games its outer loop, since the condition on
// the bound lets a missing bound through (there is none only for a team
// without rows, so nothing more is read).
func latestTeamGames(d Dialect, from, to civil.Date, teams []string) Select {
	games := d.Table(TeamGames)
	bounds := "SELECT team_abbr, MIN(game_date) AS since FROM (SELECT team_abbr, game_date, " +
		"ROW_NUMBER() OVER (PARTITION BY team_abbr ORDER BY game_date DESC) AS latest FROM " + games +
		" WHERE game_date >= @from AND game_date < @to AND " + d.InList("team_abbr", "teams") +
		") WHERE latest <= @team_games GROUP BY team_abbr"
	text := "SELECT " + AliasedColumns(TeamGames, "g.") + " FROM " + games + " g LEFT JOIN (" + bounds + ") b ON b.team_abbr = g.team_abbr" +
		" WHERE g.game_date >= @from AND g.game_date < @to AND " + d.InList("g.team_abbr", "teams") + " AND (g.game_date >= b.since OR b.since IS NULL)" +
		" ORDER BY g.team_abbr DESC, g.game_date DESC"
	return Select{Query: Query{Text: text, Args: []Arg{Named("from", from), Named("to", to), Named("teams", teams),
		Named("team_games", int64(nba.OpponentGames))}}, Table: TeamGames, Columns: TeamGames.Columns()}
}

// gamebookInWindows reads the players' gamebook rows dated in [from, to)
// that completeness can count: the rows of the games WindowGames names for
// the chunk's teams, every row of the players planned without a team (their
// team is known only from their box scores), and every malformed row, in
// one pass over the span (an IndexedReader finds them through indexes).
func gamebookInWindows(d Dialect, from, to civil.Date, players, teams, unteamed []string, windows []nba.CompletenessWindow) Select {
	games, args := WindowGames(d, to, teams, windows)
	args = append(args, Named("from", from), Named("players", players), Named("unteamed", unteamed))
	where := "game_date >= @from AND game_date < @to AND " + d.InList("player_lookup", "players") +
		" AND (game_id IN (" + games + ") OR " + d.InList("player_lookup", "unteamed") + " OR NOT " + wellFormed(d, Gamebook) + ")"
	return selectFrom(d, Gamebook, nil, where, newestFirstBy(Gamebook, "player_lookup"), args...)
}

// RefusedGamebook is true for the gamebook rows nba's Validate refuses.
func RefusedGamebook(d Dialect) string { return "NOT " + ValueChecks(d, Gamebook) }

// finalGamesInWindows reads the schedule rows of the games WindowGames
// names for teams: what the shot-zone completeness window expects.
func finalGamesInWindows(d Dialect, date civil.Date, teams []string, windows []nba.CompletenessWindow) Select {
	games, args := WindowGames(d, date, teams, windows)
	return selectFrom(d, Schedule, nil, "game_id IN ("+games+")", []string{"game_date", "game_id"}, args...)
}

// WindowGames is a subquery naming every game a completeness window over
// windows can expect of one of teams on date (nba.WindowReach): the team's
// final games of the season before date that are among its last N (by date,
// ties included) or dated in [date-days, date). Like nba's season schedule,
// it counts only games dated in the season of date (from October 1, whatever
// a row's season_year says), so a stray row cannot take a window's place.
// It binds @to, @season_year, @season_from, @final, @teams, @window_games
// and @window_from.
func WindowGames(d Dialect, date civil.Date, teams []string, windows []nba.CompletenessWindow) (string, []Arg) {
	games, days := nba.WindowReach(windows)
	side := func(col string) string {
		return "SELECT " + col + " AS team, game_id, game_date FROM " + d.Table(Schedule) +
			" WHERE season_year = @season_year AND game_status = @final AND game_date >= @season_from AND game_date < @to AND " +
			d.InList(col, "teams")
	}
	text := "SELECT game_id FROM (SELECT game_id, game_date, RANK() OVER (PARTITION BY team ORDER BY game_date DESC) AS latest FROM (" +
		side("home_team_abbr") + " UNION ALL " + side("away_team_abbr") +
		")) WHERE latest <= @window_games OR game_date >= @window_from"
	season := nba.SeasonYear(date)
	return text, []Arg{Named("to", date), Named("season_year", int64(season)), Named("final", int64(nba.GameFinal)),
		Named("season_from", civil.Date{Year: season, Month: time.October, Day: 1}),
		Named("teams", teams), Named("window_games", int64(games)), Named("window_from", date.AddDays(-days))}
}

// AliasedColumns lists t's columns named by prefix, an alias and a dot in a join.
func AliasedColumns(t *Table, prefix string) string {
	names := ColumnNames(t.Columns())
	for i := range names {
		names[i] = prefix + names[i]
	}
	return strings.Join(names, ", ")
}
