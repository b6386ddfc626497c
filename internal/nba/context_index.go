package nba

import "cloud.google.com/go/civil"

// historyDays is the lookback of a player's own box scores (docs/domain.md §3.6.1).
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

	byPlayer map[string][]PlayerGame // by player, [min(seasonStart, date-30), date), newest first
	gamebook gamebookIndex

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

// indexTeams builds the schedule and arena lookups.
func (x *contextIndex) indexTeams(in *ContextInputs) {
	x.schedule = newSeasonSchedule(in.Schedule, SeasonYear(in.Date))
	for _, a := range in.Arenas {
		x.arenas[a.TeamAbbr] = a
	}
	x.knownTeams = knownTeams(in.Arenas)
}

// knownTeams are the teams with an arena: the arenas table is the list of
// teams. Without it no team can be checked (and travel is NULL with an issue).
func knownTeams(arenas []Arena) map[string]bool {
	known := make(map[string]bool, len(arenas))
	for _, a := range arenas {
		known[a.TeamAbbr] = true
	}
	return known
}

// indexResults groups box scores, gamebook rows and team games, keeping only
// rows dated before the target date. A player's rows reach back to the season
// start (for teammate averages) or 30 days (his own history), newest first.
func (x *contextIndex) indexResults(in *ContextInputs) {
	from := x.date.AddDays(-historyDays)
	if x.seasonStart.Before(from) {
		from = x.seasonStart
	}
	x.byPlayer = groupRows(in.PlayerGames,
		func(g *PlayerGame) bool { return g.GameDate.Before(x.date) && !g.GameDate.Before(from) },
		func(g *PlayerGame) string { return g.PlayerLookup },
		func(a, b *PlayerGame) int { return b.GameDate.Compare(a.GameDate) })
	x.gamebook = newGamebookIndex(in.Gamebook, x.seasonStart, x.date)
	x.teamGames = groupRows(in.TeamGames,
		func(g *TeamGame) bool { return g.GameDate.Before(x.date) && !g.GameDate.Before(x.seasonStart) },
		func(g *TeamGame) string { return g.TeamAbbr },
		func(a, b *TeamGame) int { return b.GameDate.Compare(a.GameDate) })
}

// history returns a player's box scores of the last 30 days, newest first.
func (x *contextIndex) history(player string) []PlayerGame {
	rows := x.byPlayer[player]
	from := x.date.AddDays(-historyDays)
	n := 0
	for n < len(rows) && !rows[n].GameDate.Before(from) {
		n++
	}
	return rows[:n]
}

// indexMarkets groups props and game lines; marketsFor keeps what was known
// before the tipoff.
func (x *contextIndex) indexMarkets(in *ContextInputs) {
	onDate := func(d civil.Date) bool { return d == x.date }
	x.odds = groupRows(in.OddsProps, func(p *OddsProp) bool { return onDate(p.GameDate) },
		func(p *OddsProp) string { return p.PlayerLookup }, nil)
	x.bettingPros = groupRows(in.BettingProsProps, func(p *BettingProsProp) bool { return onDate(p.GameDate) },
		func(p *BettingProsProp) string { return p.PlayerLookup }, nil)
	x.lines = groupRows(in.GameLines, func(*GameLineSnapshot) bool { return true },
		func(l *GameLineSnapshot) string { return l.GameID }, nil)
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
