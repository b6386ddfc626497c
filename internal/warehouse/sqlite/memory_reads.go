package sqlite

import (
	"context"
	"maps"
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
// of the players an injury report for date lists on one of teams. Early in
// a season, when the first window reaches before its start (into rows the
// season in memory does not hold), it returns false.
func (r reader) ContextBoxScores(ctx context.Context, date, seasonStart civil.Date, players, teams []string,
	injuries []nba.InjuryReport) ([]nba.PlayerGame, bool) {
	recentFrom := date.AddDays(-warehouse.RecentDays)
	if recentFrom.Before(seasonStart) {
		return nil, false
	}
	s, ok := r.boxScores(ctx, seasonStart, date)
	if !ok {
		return nil, false
	}
	onTeams, recent := setOf(teams), setOf(players)
	reported := map[string]bool{}
	for _, inj := range injuries {
		if inj.GameDate == date && onTeams[inj.TeamAbbr] {
			reported[inj.PlayerLookup] = true
		}
	}
	names := append(slices.Clone(players), slices.Collect(maps.Keys(reported))...)
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(b, a) })
	var out []nba.PlayerGame
	for _, p := range slices.Compact(names) {
		if !reported[p] {
			out = append(out, s.span(p, recentFrom, date)...)
			continue
		}
		for _, g := range s.span(p, seasonStart, date) {
			if (recent[p] && !g.GameDate.Before(recentFrom)) || onTeams[g.TeamAbbr] {
				out = append(out, g)
			}
		}
	}
	return out, true
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
	rows, err := r.query(ctx, warehouse.Query{Text: "SELECT DISTINCT game_id FROM (" + text + ")", Args: args})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	games := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		games[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	all := setOf(unteamed)
	return s.between(from, to, players, func(e *nba.GamebookEntry) bool {
		return games[e.GameID] || all[e.PlayerLookup] || e.Validate() != nil
	}), nil
}
