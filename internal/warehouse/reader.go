package warehouse

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// Reads implements the read methods of Warehouse over a backend's Reader and
// Dialect. Both backends embed it, so that what each method loads is defined
// once. Every method runs one query per table, whatever the number of
// players, and wraps errors with the table and date.
type Reads struct {
	R Reader
	D Dialect
}

// read runs sel into []T and names the table and date on error.
func read[T any](ctx context.Context, r Reader, sel Select, date civil.Date) ([]T, error) {
	rows, err := selectInto[T](ctx, r, sel)
	return rows, readError(sel.Table, date, err)
}

// readError names the table and date of a read's error; nil stays nil.
func readError(t *Table, date civil.Date, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("read %s for %s: %w", t.Name, date, err)
}

// GameDates implements Warehouse.
func (r Reads) GameDates(ctx context.Context, from, to civil.Date) ([]civil.Date, error) {
	games, err := read[nba.ScheduledGame](ctx, r.R, gameDates(r.D, from, to), from)
	if err != nil {
		return nil, err
	}
	dates := make([]civil.Date, len(games))
	for i, g := range games {
		dates[i] = g.GameDate
	}
	return dates, nil
}

// SeasonStart implements Warehouse.
func (r Reads) SeasonStart(ctx context.Context, seasonYear int) (civil.Date, bool, error) {
	games, err := selectInto[nba.ScheduledGame](ctx, r.R, seasonStart(r.D, seasonYear))
	if err != nil {
		return civil.Date{}, false, fmt.Errorf("read season start of %d from %s: %w", seasonYear, Schedule.Name, err)
	}
	if len(games) == 0 {
		return civil.Date{}, false, nil
	}
	return games[0].GameDate, true, nil
}

// PlanInputs implements Warehouse.
func (r Reads) PlanInputs(ctx context.Context, date civil.Date) (nba.PlanInputs, error) {
	in := nba.PlanInputs{Date: date}
	var err error
	if in.Games, err = read[nba.ScheduledGame](ctx, r.R, gamesOn(r.D, date), date); err != nil {
		return nba.PlanInputs{}, err
	}
	var teams []string
	for _, g := range in.Games {
		teams = append(teams, g.HomeTeamAbbr, g.AwayTeamAbbr)
	}
	teams = sortedSet(teams)
	if in.Gamebook, err = read[nba.GamebookEntry](ctx, r.R, rowsOn(r.D, Gamebook, date, nil), date); err != nil {
		return nba.PlanInputs{}, err
	}
	if in.Rosters, err = read[nba.RosterEntry](ctx, r.R, rostersOfTeams(r.D, date, teams), date); err != nil {
		return nba.PlanInputs{}, err
	}
	if in.Injuries, err = read[nba.InjuryReport](ctx, r.R, rowsOn(r.D, Injuries, date, nil), date); err != nil {
		return nba.PlanInputs{}, err
	}
	return in, nil
}

// ContextInputs implements Warehouse, loading the rows nba.ContextInputs
// documents, one query per table, concurrently. The chunk's games on date
// name its opponents, so the schedule, team games and game lines are read
// once they are in.
func (r Reads) ContextInputs(ctx context.Context, date, seasonStart civil.Date, planned []nba.PlannedPlayer) (*nba.ContextInputs, error) {
	players, teams, unteamed := playersAndTeams(planned)
	in := &nba.ContextInputs{Date: date, SeasonStart: seasonStart}
	scheduleThenGames := func() error {
		todays, err := read[nba.ScheduledGame](ctx, r.R, gamesOfTeamsOn(r.D, date, teams), date)
		if err != nil {
			return err
		}
		games, sides := gamesOfTeams(todays, date, teams)
		return parallel(
			func() (err error) {
				in.Schedule, err = read[nba.ScheduledGame](ctx, r.R, scheduleOfTeams(r.D, nba.SeasonYear(date), sides), date)
				return err
			},
			func() (err error) {
				in.TeamGames, err = read[nba.TeamGame](ctx, r.R, latestTeamGames(r.D, seasonStart, date, sides), date)
				return err
			},
			func() (err error) {
				in.GameLines, err = read[nba.GameLineSnapshot](ctx, r.R, gameLines(r.D, date, games), date)
				return err
			},
		)
	}
	err := parallel(
		scheduleThenGames,
		func() (err error) {
			in.PlayerGames, err = r.contextBoxScores(ctx, date, seasonStart, players, teams)
			return err
		},
		func() (err error) {
			in.Gamebook, err = r.windowedGamebook(ctx, seasonStart, date, players, teams, unteamed, nba.ContextWindows)
			return err
		},
		func() (err error) {
			in.OddsProps, err = read[nba.OddsProp](ctx, r.R, playerRowsOn(r.D, OddsProps, date, players), date)
			return err
		},
		func() (err error) {
			in.BettingProsProps, err = read[nba.BettingProsProp](ctx, r.R, playerRowsOn(r.D, BettingProsProps, date, players), date)
			return err
		},
		func() (err error) {
			in.Rosters, err = read[nba.RosterEntry](ctx, r.R, rostersOfPlayers(r.D, date, players), date)
			return err
		},
		func() (err error) {
			in.Injuries, err = read[nba.InjuryReport](ctx, r.R, rowsOn(r.D, Injuries, date, nil), date)
			return err
		},
		func() (err error) {
			in.Players, err = read[nba.Player](ctx, r.R, playersOf(r.D, players), date)
			return err
		},
		func() (err error) { in.Arenas, err = read[nba.Arena](ctx, r.R, arenas(r.D), date); return err },
		func() (err error) {
			in.Attempts, err = read[nba.ReprocessAttempt](ctx, r.R, attemptsOf(r.D, nba.UPGC, date, players), date)
			return err
		},
	)
	if err != nil {
		return nil, err
	}
	return in, nil
}

// IndexedReader is a Reader whose backend indexes the rows nba refuses, so
// that the two reads that validate a player's season, the shot-zone box
// scores and the windowed gamebook, find those rows through the indexes
// instead of testing every row of the season (SQLite's migration 4). Each
// returns what nba.ShotZoneInputs and nba.ContextInputs allow: the rows
// the windows can see and every row that can fail a player, not
// necessarily the rest. Reads uses it where a Reader has it; BigQuery,
// which bills the bytes a query scans, reads in one pass.
type IndexedReader interface {
	ZoneHistory(ctx context.Context, from, to civil.Date, players []string) ([]nba.PlayerGame, error)
	WindowedGamebook(ctx context.Context, from, to civil.Date, players, teams, unteamed []string,
		windows []nba.CompletenessWindow) ([]nba.GamebookEntry, error)
}

// zoneHistory reads the shot-zone box scores of players dated in [from, to).
func (r Reads) zoneHistory(ctx context.Context, from, to civil.Date, players []string) ([]nba.PlayerGame, error) {
	ir, ok := r.R.(IndexedReader)
	if !ok {
		return read[nba.PlayerGame](ctx, r.R, seasonBoxScoresOf(r.D, from, to, players), to)
	}
	rows, err := ir.ZoneHistory(ctx, from, to, players)
	return rows, readError(PlayerGames, to, err)
}

// windowedGamebook reads the gamebook rows of players dated in [from, to)
// that completeness over windows can count, and every refused one.
func (r Reads) windowedGamebook(ctx context.Context, from, to civil.Date, players, teams, unteamed []string,
	windows []nba.CompletenessWindow) ([]nba.GamebookEntry, error) {
	ir, ok := r.R.(IndexedReader)
	if !ok {
		return read[nba.GamebookEntry](ctx, r.R, gamebookInWindows(r.D, from, to, players, teams, unteamed, windows), to)
	}
	rows, err := ir.WindowedGamebook(ctx, from, to, players, teams, unteamed, windows)
	return rows, readError(Gamebook, to, err)
}

// parallel runs the steps concurrently (each reads one table into its own
// field) and returns the error of the first step, in order, that failed.
func parallel(steps ...func() error) error {
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, step := range steps {
		wg.Go(func() { errs[i] = step() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// ShotZoneInputs implements Warehouse, loading the rows nba.ShotZoneInputs
// documents.
func (r Reads) ShotZoneInputs(ctx context.Context, date, seasonStart civil.Date, planned []nba.PlannedPlayer) (*nba.ShotZoneInputs, error) {
	players, teams, unteamed := playersAndTeams(planned)
	windows := []nba.CompletenessWindow{nba.WindowShotZone}
	in := &nba.ShotZoneInputs{Date: date, SeasonStart: seasonStart}
	err := parallel(
		func() (err error) {
			in.PlayerGames, err = r.zoneHistory(ctx, seasonStart, date, players)
			return err
		},
		func() (err error) {
			in.Gamebook, err = r.windowedGamebook(ctx, seasonStart, date, players, teams, unteamed, windows)
			return err
		},
		func() (err error) {
			in.Schedule, err = read[nba.ScheduledGame](ctx, r.R, finalGamesInWindows(r.D, date, teams, windows), date)
			return err
		},
		func() (err error) { in.Arenas, err = read[nba.Arena](ctx, r.R, arenas(r.D), date); return err },
		func() (err error) {
			in.Players, err = read[nba.Player](ctx, r.R, playersOf(r.D, players), date)
			return err
		},
		func() (err error) {
			in.Attempts, err = read[nba.ReprocessAttempt](ctx, r.R, attemptsOf(r.D, nba.PSZA, date, players), date)
			return err
		},
	)
	if err != nil {
		return nil, err
	}
	return in, nil
}

// PlayerContexts implements Warehouse.
func (r Reads) PlayerContexts(ctx context.Context, date civil.Date) ([]nba.PlayerContext, error) {
	return read[nba.PlayerContext](ctx, r.R, rowsOn(r.D, Contexts, date, nil), date)
}

// ShotZoneProfiles implements Warehouse.
func (r Reads) ShotZoneProfiles(ctx context.Context, date civil.Date) ([]nba.ShotZoneProfile, error) {
	return read[nba.ShotZoneProfile](ctx, r.R, rowsOn(r.D, Zones, date, nil), date)
}

// EntityFailures implements Warehouse.
func (r Reads) EntityFailures(ctx context.Context, date civil.Date) ([]FailureRecord, error) {
	rows, err := read[FailureRow](ctx, r.R, failuresOn(r.D, date), date)
	if err != nil {
		return nil, err
	}
	out := make([]FailureRecord, len(rows))
	for i, row := range rows {
		out[i] = row.Record()
	}
	return out, nil
}

// RunHistory implements Warehouse.
func (r Reads) RunHistory(ctx context.Context, date civil.Date) ([]RunRecord, error) {
	rows, err := read[RunHistoryRow](ctx, r.R, rowsOn(r.D, RunHistory, date, historyOrder), date)
	if err != nil {
		return nil, err
	}
	out := make([]RunRecord, len(rows))
	for i, row := range rows {
		if out[i], err = row.Record(); err != nil {
			return nil, fmt.Errorf("read %s for %s: %w", RunHistory.Name, date, err)
		}
	}
	return out, nil
}

// RecordedCommit returns the result recorded for a committed (run,
// processor, date); ok is false when that commit has not happened.
func (r Reads) RecordedCommit(ctx context.Context, req CommitRequest) (res CommitResult, ok bool, err error) {
	rows, err := read[RunHistoryRow](ctx, r.R, RecordedCommitSelect(r.D, req), req.Date)
	if err != nil || len(rows) == 0 {
		return CommitResult{}, false, err
	}
	res, err = rows[0].Result()
	return res, err == nil, err
}

// CommittedRun returns the run whose outcome (p, date) holds; ok is false
// when no run has committed it.
func (r Reads) CommittedRun(ctx context.Context, p nba.Processor, date civil.Date) (row CommittedRunRow, ok bool, err error) {
	rows, err := read[CommittedRunRow](ctx, r.R, committedRunOf(r.D, p, date), date)
	if err != nil || len(rows) == 0 {
		return CommittedRunRow{}, false, err
	}
	return rows[0], true, nil
}

// CommittedRuns implements Warehouse.
func (r Reads) CommittedRuns(ctx context.Context, from, to civil.Date) ([]CommittedRunRow, error) {
	return read[CommittedRunRow](ctx, r.R, committedRunsBetween(r.D, from, to), from)
}

// playersAndTeams returns the distinct players and teams of a plan, and the
// players planned without a team, sorted.
func playersAndTeams(planned []nba.PlannedPlayer) (players, teams, unteamed []string) {
	for _, p := range planned {
		players = append(players, p.PlayerLookup)
		teams = append(teams, p.TeamAbbr)
		if p.TeamAbbr == "" {
			unteamed = append(unteamed, p.PlayerLookup)
		}
	}
	return sortedSet(players), sortedSet(teams), sortedSet(unteamed)
}

// gamesOfTeams returns the games on date that the teams play and every team
// of those games (the teams and their opponents), sorted.
func gamesOfTeams(schedule []nba.ScheduledGame, date civil.Date, teams []string) (games, sides []string) {
	sides = slices.Clone(teams)
	for _, g := range schedule {
		if g.GameDate != date || (!slices.Contains(teams, g.HomeTeamAbbr) && !slices.Contains(teams, g.AwayTeamAbbr)) {
			continue
		}
		games = append(games, g.GameID)
		sides = append(sides, g.HomeTeamAbbr, g.AwayTeamAbbr)
	}
	return sortedSet(games), sortedSet(sides)
}

func sortedSet(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	s = slices.Compact(s)
	if s == nil {
		s = []string{}
	}
	return s
}
