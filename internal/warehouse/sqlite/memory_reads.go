package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// This file answers reads from the season's rows when season_cache.go
// keeps them: the warehouse.MemoryReader of SQLite (the planner's sums and
// the context processor's box scores) and the windowed gamebook read.

var _ warehouse.MemoryReader = reader{}

// ShotZoneCandidates implements warehouse.MemoryReader.
func (r reader) ShotZoneCandidates(ctx context.Context, date, seasonStart civil.Date) ([]nba.ShotZoneCandidate, bool) {
	s, ok := r.boxScores(ctx, seasonStart, date)
	if !ok {
		return nil, false
	}
	return nba.ShotZoneCandidates(date, seasonStart, s.all), true
}

// ContextBoxScores implements warehouse.MemoryReader: the players' rows
// dated in [date-RecentDays, date), and the season's rows on one of teams
// of the players an injury report for date lists on one of teams (read
// from the reports). Early in a season, when the first window reaches
// before its start (into rows the season in memory does not hold), it
// returns false.
func (r reader) ContextBoxScores(ctx context.Context, date, seasonStart civil.Date, players, teams []string) ([]nba.PlayerGame, bool, error) {
	recentFrom := date.AddDays(-warehouse.RecentDays)
	if recentFrom.Before(seasonStart) {
		return nil, false, nil
	}
	s, ok := r.boxScores(ctx, seasonStart, date)
	if !ok {
		return nil, false, nil
	}
	reported, err := r.strings(ctx, warehouse.Query{Text: reportedQuery, Args: []warehouse.Arg{
		warehouse.Named("date", date), warehouse.Named("teams", teams)}})
	if err != nil {
		return nil, false, fmt.Errorf("players reported on the chunk's teams: %w", err)
	}
	onTeams, recent, isReported := setOf(teams), setOf(players), setOf(reported)
	names := append(slices.Clone(players), reported...)
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(b, a) })
	var out []nba.PlayerGame
	for _, p := range slices.Compact(names) {
		if !isReported[p] {
			out = append(out, s.span(p, recentFrom, date)...)
			continue
		}
		for _, g := range s.span(p, seasonStart, date) {
			if (recent[p] && !g.GameDate.Before(recentFrom)) || onTeams[g.TeamAbbr] {
				out = append(out, g)
			}
		}
	}
	return out, true, nil
}

// reportedQuery names the players an injury report for @date lists on one
// of @teams, as contextPlayerGames's subquery does.
var reportedQuery = "SELECT DISTINCT player_lookup FROM " + warehouse.Injuries.Name +
	" WHERE game_date = @date AND " + Dialect{}.InList("team_abbr", "teams")

// strings runs q, whose rows are one string each.
func (r reader) strings(ctx context.Context, q warehouse.Query) ([]string, error) {
	return stringsOf(r.query(ctx, q))
}

// stringsOf reads rows of one string each, and closes them.
func stringsOf(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// setOf is the set of values.
func setOf(values []string) map[string]bool {
	set := make(map[string]bool, len(values))
	for _, v := range values {
		set[v] = true
	}
	return set
}

// gamebookInWindows is what gamebookThroughIndexes reads, from the season
// in memory: the players' rows of the window games (read from the
// schedule), every row of the unteamed players, and every row Validate
// refuses.
func (r reader) gamebookInWindows(ctx context.Context, s *season[nba.GamebookEntry], from, to civil.Date, players, teams, unteamed []string,
	windows []nba.CompletenessWindow) ([]nba.GamebookEntry, error) {
	text, args := warehouse.WindowGames(Dialect{}, to, teams, windows)
	ids, err := r.strings(ctx, warehouse.Query{Text: "SELECT DISTINCT game_id FROM (" + text + ")", Args: args})
	if err != nil {
		return nil, fmt.Errorf("games of the windows: %w", err)
	}
	games := setOf(ids)
	all := setOf(unteamed)
	return s.between(from, to, players, func(e *nba.GamebookEntry) bool {
		return games[e.GameID] || all[e.PlayerLookup] || e.Validate() != nil
	}), nil
}
