package league

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"nbaflow/internal/nba"
)

// Config says which season to generate.
type Config struct {
	SeasonYear     int   // 2024 means the 2024-25 season
	Seed           int64 // same seed and season => byte-identical dataset
	PlayersPerTeam int   // 0 means 15
}

// Roster size bounds: below 8 a team cannot absorb injuries and still field
// a rotation; the inactive bit masks hold at most 32 slots.
const (
	defaultPlayersPerTeam = 15
	minPlayersPerTeam     = 8
	maxPlayersPerTeam     = 20
	minSeasonYear         = 1970
	maxSeasonYear         = 2200
)

// errConfig reports a configuration Generate cannot honour.
var errConfig = errors.New("league: invalid config")

// Generate builds one regular season of the league.
func Generate(cfg Config) (*nba.Dataset, error) {
	perTeam := cmp.Or(cfg.PlayersPerTeam, defaultPlayersPerTeam)
	if perTeam < minPlayersPerTeam || perTeam > maxPlayersPerTeam {
		return nil, fmt.Errorf("%w: players per team %d not in [%d, %d]", errConfig, perTeam, minPlayersPerTeam, maxPlayersPerTeam)
	}
	if cfg.SeasonYear < minSeasonYear || cfg.SeasonYear > maxSeasonYear {
		return nil, fmt.Errorf("%w: season year %d not in [%d, %d]", errConfig, cfg.SeasonYear, minSeasonYear, maxSeasonYear)
	}
	f, err := newFrame(cfg.Seed, cfg.SeasonYear, perTeam)
	if err != nil {
		return nil, err
	}
	plan, err := planInjuries(f.games, f.rosters, stream(cfg.Seed, streamInjuries, uint64(cfg.SeasonYear)))
	if err != nil {
		return nil, err
	}

	ds := &nba.Dataset{Arenas: Teams()}
	playGames(ds, f, plan, cfg.Seed)
	rosterRows(ds, f.cal, f.rosters)
	registryRows(ds, f.rosters)
	ds.Injuries = plan.reports
	slices.SortStableFunc(ds.Injuries, func(a, b nba.InjuryReport) int {
		return cmp.Or(a.GameDate.Compare(b.GameDate), a.ReportedAt.Compare(b.ReportedAt),
			cmp.Compare(a.TeamAbbr, b.TeamAbbr), cmp.Compare(a.PlayerLookup, b.PlayerLookup))
	})
	return ds, nil
}

// frame is what is settled before the first tipoff: the calendar, the
// rosters, the teams' strength and the schedule with tip times.
type frame struct {
	cal     calendar
	rosters [numTeams][]*player
	ratings [numTeams]rating
	games   []game
}

// newFrame settles the season of seed and seasonYear up to the first tipoff.
func newFrame(seed int64, seasonYear, perTeam int) (frame, error) {
	season := uint64(seasonYear)
	f := frame{cal: newCalendar(seasonYear)}
	fx := matchups(stream(seed, streamMatchups, season))
	dates, err := assignDates(fx, f.cal, stream(seed, streamSchedule, season))
	if err != nil {
		return frame{}, err
	}
	f.rosters = leaguePlayers(seed, seasonYear, perTeam)
	f.ratings = teamRatings(f.rosters, stream(seed, streamStrength, season))
	f.games, err = scheduleGames(fx, dates, f.cal, f.ratings, stream(seed, streamTipoff, season))
	if err != nil {
		return frame{}, err
	}
	return f, nil
}

// scheduleRow is a game's schedule row before its result is known.
func scheduleRow(gm game, seasonYear int) nba.ScheduledGame {
	return nba.ScheduledGame{
		GameID:       gm.id,
		GameDate:     gm.date,
		StartUTC:     gm.start,
		SeasonYear:   int64(seasonYear),
		HomeTeamAbbr: franchises[gm.home].abbr,
		AwayTeamAbbr: franchises[gm.away].abbr,
		GameStatus:   nba.GameScheduled,
		IsPrimetime:  gm.primetime,
	}
}

// playGames plays the season's games in order and writes the schedule, box
// scores, gamebook, team summaries, props and game lines. Props need each
// player's scoring before the game, so the games must run in date order.
func playGames(ds *nba.Dataset, f frame, plan injuryPlan, seed int64) {
	games, rosters, ratings := f.games, f.rosters, f.ratings
	season := uint64(f.cal.season)
	// Sizing the tables up front saves copying hundreds of megabytes as
	// they grow: at most ten players with props per team, three books.
	n, perTeam := len(games), len(rosters[0])
	ds.Schedule = make([]nba.ScheduledGame, 0, n)
	ds.PlayerGames = make([]nba.PlayerGame, 0, 2*n*perTeam)
	ds.Gamebook = make([]nba.GamebookEntry, 0, 2*n*perTeam)
	ds.TeamGames = make([]nba.TeamGame, 0, 2*n)
	ds.OddsProps = make([]nba.OddsProp, 0, 2*n*10*len(oddsBooks)*(len(propSnapshots)+1))
	ds.BettingProsProps = make([]nba.BettingProsProp, 0, 2*n*10*6)
	ds.GameLines = make([]nba.GameLineSnapshot, 0, n*len(lineBooks)*(len(lineSnapshots)+1)*4)
	gr := stream(seed, streamGames, season)
	pr := stream(seed, streamProps, season)
	lr := stream(seed, streamLines, season)
	var history [numTeams][][]int // points per game played, per team and slot
	for t := range history {
		history[t] = make([][]int, len(rosters[t]))
	}
	for g, gm := range games {
		var boxes [2]*box // home, away
		for side, team := range [2]int{gm.home, gm.away} {
			opp := [2]int{gm.away, gm.home}[side]
			inactive := func(s int) bool { return plan.isInactive(g, side, s) }
			b := &box{team: team, players: rosters[team], lines: make([]statLine, len(rosters[team]))}
			for s, m := range rotation(b.players, inactive, gr) {
				b.lines[s].tenths = m
			}
			pace := (ratings[team].pace + ratings[opp].pace) / 2
			b.perPossession = expectedPoints(ratings[team], ratings[opp], side == 0) / pace
			boxes[side] = b
		}
		home, away := boxes[0], boxes[1]
		simulateGame(home, away, (ratings[gm.home].pace+ratings[gm.away].pace)/2, gr)
		hp, ap := home.total().points(), away.total().points()
		row := scheduleRow(gm, f.cal.season)
		row.HomeScore, row.AwayScore, row.GameStatus = ptr(int64(hp)), ptr(int64(ap)), nba.GameFinal
		ds.Schedule = append(ds.Schedule, row)
		zonesMissing := gr.Float64() < playByPlayGap
		for side, b := range boxes {
			inactive := func(s int) bool { return plan.isInactive(g, side, s) }
			boxRows(ds, gm, b, boxes[1-side], side == 0, inactive, zonesMissing)
		}
		for side, b := range boxes {
			propRows(ds, gm, propCandidates(b, g, side, plan, history[b.team], pr), pr)
		}
		gameLineRows(ds, gm, ratings, hp, ap, lr)
		for _, b := range boxes {
			for s, l := range b.lines {
				if l.tenths > 0 {
					history[b.team][s] = append(history[b.team][s], l.points())
				}
			}
		}
	}
}

// propCandidates are the team's expected rotation for a game, eight to ten
// players in depth order: those not ruled out before game day, including
// late scratches, who were on the boards until the 5 pm report.
func propCandidates(b *box, g, side int, plan injuryPlan, history [][]int, r *rand.Rand) []propCandidate {
	want := 8 + r.IntN(3)
	var out []propCandidate
	for s, p := range b.players {
		if len(out) == want {
			break
		}
		scratch := plan.isInactive(g, side, s)
		if scratch && !plan.isLateScratch(g, side, s) {
			continue
		}
		out = append(out, propCandidate{p: p, history: history[s], scratch: scratch, points: b.lines[s].points()})
	}
	return out
}
