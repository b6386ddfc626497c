package nba

import (
	"slices"

	"cloud.google.com/go/civil"
)

// historyDays is the lookback of a player's own box scores (§3.6.1).
const historyDays = 30

// contextIndex is a chunk's inputs grouped by the keys a player's
// computation looks up: player, team and game. Only rows dated before the
// target date are kept where results are concerned (the point-in-time rule);
// the schedule is kept whole because it is known in advance.
type contextIndex struct {
	date        civil.Date
	seasonStart civil.Date
	knownTeams  map[string]bool

	schedule seasonSchedule

	history     map[string][]PlayerGame // by player, [date-30, date), date descending
	teamHistory map[string][]PlayerGame // by team, [seasonStart, date)
	recorded    map[string]map[string]bool
	gamebookBad map[string]error // by player: an invalid gamebook row before date

	teamGames map[string][]TeamGame // by team, [seasonStart, date), date descending

	odds        map[string][]OddsProp
	bettingPros map[string][]BettingProsProp
	lines       map[string][]GameLineSnapshot // by game id

	rosters     map[string][]RosterEntry // by player, on or before date
	injuries    []InjuryReport           // every report for games on date
	players     map[string]Player
	arenas      map[string]Arena
	attempts    map[string][]ReprocessAttempt
	hasInjuries bool
}

func newContextIndex(in *ContextInputs) *contextIndex {
	x := &contextIndex{
		date:        in.Date,
		seasonStart: in.SeasonStart,
		knownTeams:  map[string]bool{},
		history:     map[string][]PlayerGame{},
		teamHistory: map[string][]PlayerGame{},
		recorded:    map[string]map[string]bool{},
		gamebookBad: map[string]error{},
		teamGames:   map[string][]TeamGame{},
		odds:        map[string][]OddsProp{},
		bettingPros: map[string][]BettingProsProp{},
		lines:       map[string][]GameLineSnapshot{},
		rosters:     map[string][]RosterEntry{},
		players:     map[string]Player{},
		arenas:      map[string]Arena{},
		attempts:    map[string][]ReprocessAttempt{},
	}
	x.indexTeams(in)
	x.indexResults(in)
	x.indexMarkets(in)
	x.indexPeople(in)
	return x
}

// indexTeams builds the schedule lookups. Known teams are the arenas' teams,
// or the schedule's when no arena was loaded.
func (x *contextIndex) indexTeams(in *ContextInputs) {
	x.schedule = newSeasonSchedule(in.Schedule, SeasonYear(in.Date))
	for _, a := range in.Arenas {
		x.arenas[a.TeamAbbr] = a
		x.knownTeams[a.TeamAbbr] = true
	}
	if len(in.Arenas) == 0 {
		x.knownTeams = x.schedule.teams()
	}
}

// indexResults groups box scores, gamebook rows and team games, keeping only
// rows dated before the target date.
func (x *contextIndex) indexResults(in *ContextInputs) {
	from := x.date.AddDays(-historyDays)
	for _, g := range in.PlayerGames {
		if !g.GameDate.Before(x.date) {
			continue
		}
		if !g.GameDate.Before(from) {
			x.history[g.PlayerLookup] = append(x.history[g.PlayerLookup], g)
		}
		if !g.GameDate.Before(x.seasonStart) {
			x.teamHistory[g.TeamAbbr] = append(x.teamHistory[g.TeamAbbr], g)
		}
	}
	for _, h := range x.history {
		sortNewestFirst(h, func(g PlayerGame) civil.Date { return g.GameDate })
	}
	for i := range in.Gamebook {
		e := &in.Gamebook[i]
		if !e.GameDate.Before(x.date) || e.GameDate.Before(x.seasonStart) {
			continue
		}
		if err := e.Validate(); err != nil && x.gamebookBad[e.PlayerLookup] == nil {
			x.gamebookBad[e.PlayerLookup] = err
		}
		if x.recorded[e.PlayerLookup] == nil {
			x.recorded[e.PlayerLookup] = map[string]bool{}
		}
		x.recorded[e.PlayerLookup][e.GameID] = true
	}
	for _, g := range in.TeamGames {
		if g.GameDate.Before(x.date) && !g.GameDate.Before(x.seasonStart) {
			x.teamGames[g.TeamAbbr] = append(x.teamGames[g.TeamAbbr], g)
		}
	}
	for _, tg := range x.teamGames {
		sortNewestFirst(tg, func(g TeamGame) civil.Date { return g.GameDate })
	}
}

// indexMarkets groups props and game lines. Snapshots after tipoff are kept
// here and dropped where the tipoff is known (props.go, game_lines.go).
func (x *contextIndex) indexMarkets(in *ContextInputs) {
	for _, p := range in.OddsProps {
		if p.GameDate == x.date {
			x.odds[p.PlayerLookup] = append(x.odds[p.PlayerLookup], p)
		}
	}
	for _, p := range in.BettingProsProps {
		if p.GameDate == x.date {
			x.bettingPros[p.PlayerLookup] = append(x.bettingPros[p.PlayerLookup], p)
		}
	}
	for _, l := range in.GameLines {
		x.lines[l.GameID] = append(x.lines[l.GameID], l)
	}
}

func (x *contextIndex) indexPeople(in *ContextInputs) {
	for _, r := range in.Rosters {
		if !r.RosterDate.After(x.date) {
			x.rosters[r.PlayerLookup] = append(x.rosters[r.PlayerLookup], r)
		}
	}
	for _, r := range in.Injuries {
		if r.GameDate == x.date {
			x.injuries = append(x.injuries, r)
		}
	}
	x.hasInjuries = len(x.injuries) > 0
	for _, p := range in.Players {
		x.players[p.PlayerLookup] = p
	}
	for _, a := range in.Attempts {
		if a.ProcessorName == string(UPGC) && a.AnalysisDate == x.date {
			x.attempts[a.EntityID] = append(x.attempts[a.EntityID], a)
		}
	}
}

// sortNewestFirst sorts rows by date, newest first.
func sortNewestFirst[T any](rows []T, date func(T) civil.Date) {
	slices.SortStableFunc(rows, func(a, b T) int { return date(b).Compare(date(a)) })
}
