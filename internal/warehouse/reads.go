package warehouse

import (
	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// This file builds every read query of the warehouse, for both backends. Each
// builder takes its values as parameters only.

// RecentDays is the window of a chunk player's own recent box scores that
// ContextInputs loads whatever the season start (nba.ContextInputs).
const RecentDays = nba.HistoryDays

// RosterLookbackDays is the window of roster snapshots the planner reads.
const RosterLookbackDays = 90

// newestFirstBy orders a table's rows grouped by a key column, newest first
// within a key: the order in which nba indexes histories, so it can use the
// rows where they lie instead of copying and sorting them. On sqlite the
// (key, date) index delivers this order without a sort.
func newestFirstBy(t *Table, key string) []string { return []string{key + " DESC", t.Date + " DESC"} }

// scheduleOfTeams reads the season's games that any of teams plays.
func scheduleOfTeams(d Dialect, seasonYear int, teams []string) Select {
	return selectFrom(d, Schedule, nil,
		"season_year = @season_year AND ("+d.InList("home_team_abbr", "teams")+" OR "+d.InList("away_team_abbr", "teams")+")",
		[]string{"game_date", "game_id"}, Named("season_year", int64(seasonYear)), Named("teams", teams))
}

func gamesOn(d Dialect, date civil.Date) Select {
	return selectFrom(d, Schedule, nil, "game_date = @date", nil, Named("date", date))
}

// gamesOfTeamsOn reads the games on date that any of teams plays.
func gamesOfTeamsOn(d Dialect, date civil.Date, teams []string) Select {
	return selectFrom(d, Schedule, nil,
		"game_date = @date AND ("+d.InList("home_team_abbr", "teams")+" OR "+d.InList("away_team_abbr", "teams")+")",
		[]string{"game_id"}, Named("date", date), Named("teams", teams))
}

func gameDates(d Dialect, from, to civil.Date) Select {
	s := selectFrom(d, Schedule, Schedule.MustColumns("game_date"), "game_date BETWEEN @from AND @to",
		[]string{"game_date"}, Named("from", from), Named("to", to))
	s.Text = "SELECT DISTINCT" + s.Text[len("SELECT"):]
	return s
}

func seasonStart(d Dialect, seasonYear int) Select {
	s := selectFrom(d, Schedule, Schedule.MustColumns("game_date"), "season_year = @season_year AND NOT is_playoffs",
		[]string{"game_date"}, Named("season_year", int64(seasonYear)))
	s.Text += " LIMIT 1"
	return s
}

// contextPlayerGames: the chunk's players' rows in [date-30, date), and the
// rows in [seasonStart, date) with a chunk team of the players the injury
// report for date lists on such a team (teammates who may be out).
func contextPlayerGames(d Dialect, date, seasonStart civil.Date, players, teams []string) Select {
	reported := "player_lookup IN (SELECT player_lookup FROM " + d.Table(Injuries) +
		" WHERE game_date = @date AND " + d.InList("team_abbr", "teams") + ")"
	where := "game_date < @date AND ((" + d.InList("player_lookup", "players") + " AND game_date >= @recent_from) OR (" +
		d.InList("team_abbr", "teams") + " AND game_date >= @season_start AND " + reported + "))"
	return selectFrom(d, PlayerGames, nil, where, newestFirstBy(PlayerGames, "player_lookup"),
		Named("date", date), Named("recent_from", date.AddDays(-RecentDays)), Named("season_start", seasonStart),
		Named("players", players), Named("teams", teams))
}

// playerRowsOn reads t's rows of players dated date.
func playerRowsOn(d Dialect, t *Table, date civil.Date, players []string) Select {
	return selectFrom(d, t, nil, t.Date+" = @date AND "+d.InList("player_lookup", "players"), nil,
		Named("date", date), Named("players", players))
}

func gameLines(d Dialect, date civil.Date, games []string) Select {
	return selectFrom(d, GameLines, nil, "game_date = @date AND "+d.InList("game_id", "games"), nil,
		Named("date", date), Named("games", games))
}

func rostersOfPlayers(d Dialect, date civil.Date, players []string) Select {
	return selectFrom(d, Rosters, nil, "roster_date <= @date AND "+d.InList("player_lookup", "players"), nil,
		Named("date", date), Named("players", players))
}

func rostersOfTeams(d Dialect, date civil.Date, teams []string) Select {
	return selectFrom(d, Rosters, nil, "roster_date >= @from AND roster_date <= @date AND "+d.InList("team_abbr", "teams"), nil,
		Named("from", date.AddDays(-RosterLookbackDays)), Named("date", date), Named("teams", teams))
}

// rowsOn reads every row of t dated date.
func rowsOn(d Dialect, t *Table, date civil.Date, order []string) Select {
	return selectFrom(d, t, nil, t.Date+" = @date", order, Named("date", date))
}

func playersOf(d Dialect, players []string) Select {
	return selectFrom(d, Players, nil, d.InList("player_lookup", "players"), nil, Named("players", players))
}

func arenas(d Dialect) Select { return selectFrom(d, Arenas, nil, "", nil) }

var attemptOrder = []string{"processor_name", "entity_id", "analysis_date", "attempt_number", "attempted_at"}

func attemptsOf(d Dialect, p nba.Processor, date civil.Date, players []string) Select {
	return selectFrom(d, Attempts, nil, "processor_name = @processor AND analysis_date = @date AND "+d.InList("entity_id", "players"),
		attemptOrder, Named("processor", string(p)), Named("date", date), Named("players", players))
}

var (
	failureOrder = []string{"processor_name", "entity_id", "run_id", "created_at", "failure_category"}
	historyOrder = []string{"started_at", "processor_name", "run_id"}
)

func failuresOn(d Dialect, date civil.Date) Select { return rowsOn(d, Failures, date, failureOrder) }

func runHistoryOf(d Dialect, p nba.Processor, date civil.Date, runID string) Select {
	return selectFrom(d, RunHistory, nil, "processor_name = @processor AND data_date = @date AND run_id = @run_id", nil,
		Named("processor", string(p)), Named("date", date), Named("run_id", runID))
}

// RecordedCommitSelect reads the run-history row of req's commit: the
// result a commit reports, whichever way it went, and its idempotency key.
func RecordedCommitSelect(d Dialect, req CommitRequest) Select {
	return runHistoryOf(d, req.Processor, req.Date, req.RunID)
}

func committedRunOf(d Dialect, p nba.Processor, date civil.Date) Select {
	return selectFrom(d, CommittedRuns, nil, "processor_name = @processor AND data_date = @date", nil,
		Named("processor", string(p)), Named("date", date))
}

func committedRunsBetween(d Dialect, from, to civil.Date) Select {
	return selectFrom(d, CommittedRuns, nil, "data_date BETWEEN @from AND @to", []string{"data_date", "processor_name"},
		Named("from", from), Named("to", to))
}

// ReadQueries returns every read query this package builds, with s in every
// string and list parameter, so that backend tests can check that no value
// reaches the SQL text and that the queries run.
func ReadQueries(d Dialect, date civil.Date, s string) []Select {
	list := []string{s, s + "2"}
	return []Select{
		scheduleOfTeams(d, 2024, list), gamesOn(d, date), gamesOfTeamsOn(d, date, list), gameDates(d, date, date), seasonStart(d, 2024),
		contextPlayerGames(d, date, date, list, list),
		shotZoneCandidates(d, date, date), seasonBoxScoresOf(d, date, date, list), latestTeamGames(d, date, date, list),
		gamebookInWindows(d, date, date, list, list, list, nba.ContextWindows),
		finalGamesInWindows(d, date, list, []nba.CompletenessWindow{nba.WindowShotZone}),
		playerRowsOn(d, OddsProps, date, list), playerRowsOn(d, BettingProsProps, date, list),
		gameLines(d, date, list), rostersOfPlayers(d, date, list), rostersOfTeams(d, date, list),
		rowsOn(d, Gamebook, date, nil), rowsOn(d, Injuries, date, nil), playersOf(d, list), arenas(d),
		attemptsOf(d, nba.Processor(s), date, list),
		rowsOn(d, Contexts, date, nil), rowsOn(d, Zones, date, nil), failuresOn(d, date),
		rowsOn(d, RunHistory, date, historyOrder), runHistoryOf(d, nba.Processor(s), date, s),
		committedRunOf(d, nba.Processor(s), date), committedRunsBetween(d, date, date),
	}
}
