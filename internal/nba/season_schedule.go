package nba

import (
	"cmp"
	"slices"

	"cloud.google.com/go/civil"
)

// seasonSchedule is one season's schedule indexed by game and by team. The
// schedule is known in advance, so it is read forward of the target date too.
type seasonSchedule struct {
	games  map[string]*ScheduledGame   // by game id
	byTeam map[string][]*ScheduledGame // by team, in date order
	done   map[doneKey][]ScheduledGame // memo of completedBefore
}

type doneKey struct {
	team string
	d    civil.Date
}

func newSeasonSchedule(schedule []ScheduledGame, seasonYear int) seasonSchedule {
	s := seasonSchedule{games: map[string]*ScheduledGame{}, byTeam: map[string][]*ScheduledGame{}, done: map[doneKey][]ScheduledGame{}}
	for i := range schedule {
		g := &schedule[i]
		if SeasonYear(g.GameDate) != seasonYear {
			continue
		}
		s.games[g.GameID] = g
		s.byTeam[g.HomeTeamAbbr] = append(s.byTeam[g.HomeTeamAbbr], g)
		s.byTeam[g.AwayTeamAbbr] = append(s.byTeam[g.AwayTeamAbbr], g)
	}
	for _, games := range s.byTeam {
		slices.SortFunc(games, func(a, b *ScheduledGame) int {
			return cmp.Or(a.GameDate.Compare(b.GameDate), a.StartUTC.Compare(b.StartUTC), cmp.Compare(a.GameID, b.GameID))
		})
	}
	return s
}

// before returns a team's games dated before d, in date order.
func (s seasonSchedule) before(team string, d civil.Date) []*ScheduledGame {
	games := s.byTeam[team]
	n, _ := slices.BinarySearchFunc(games, d, func(g *ScheduledGame, d civil.Date) int { return g.GameDate.Compare(d) })
	return games[:n]
}

// after returns a team's games dated after d, in date order.
func (s seasonSchedule) after(team string, d civil.Date) []*ScheduledGame {
	games := s.byTeam[team]
	n, _ := slices.BinarySearchFunc(games, d.AddDays(1), func(g *ScheduledGame, d civil.Date) int { return g.GameDate.Compare(d) })
	return games[n:]
}

// completedBefore returns a team's final games dated before d, in date
// order: the games completeness windows expect (docs/domain.md A.2.11). Memoized, since
// every player of a team asks for the same list.
func (s seasonSchedule) completedBefore(team string, d civil.Date) []ScheduledGame {
	key := doneKey{team, d}
	if done, ok := s.done[key]; ok {
		return done
	}
	done := []ScheduledGame{}
	for _, g := range s.before(team, d) {
		if g.GameStatus == GameFinal {
			done = append(done, *g)
		}
	}
	s.done[key] = done
	return done
}

// measureWindows measures a player's completeness over windows: the team's
// expected games against the games the player has a gamebook row for.
func (s seasonSchedule) measureWindows(windows []CompletenessWindow, team string, d civil.Date, recorded func(gameID string) bool, readyPct float64) []Completeness {
	teamGames := s.completedBefore(team, d)
	out := make([]Completeness, len(windows))
	for i, w := range windows {
		out[i] = MeasureWindow(w, d, teamGames, recorded, readyPct)
	}
	return out
}
