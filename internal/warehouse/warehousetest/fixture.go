package warehousetest

import (
	"fmt"
	"strings"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// The fixture league: four teams of three players playing two games every
// other day from Opener, one player traded mid-season, a fifth team that
// never plays the chunk's teams, a playoff-flagged game before the opener and
// a game of the previous season. Every table has rows inside and outside the
// windows the reads document, so a read that takes too much or too little
// shows.
var (
	Opener    = civil.Date{Year: 2024, Month: time.October, Day: 22}
	Mid       = civil.Date{Year: 2024, Month: time.November, Day: 23}
	TradeDate = civil.Date{Year: 2024, Month: time.November, Day: 15}
	Teams     = []string{"AAA", "BBB", "CCC", "DDD"}
	// Traded plays for CCC before TradeDate and for AAA from then on.
	Traded = "cccthree"
)

// GameDays is the number of game days of the fixture season.
const GameDays = 25

var pairings = [][4]string{{"AAA", "BBB", "CCC", "DDD"}, {"AAA", "CCC", "BBB", "DDD"}, {"AAA", "DDD", "BBB", "CCC"}}

var playerNames = []string{"one", "two", "three"}

// GameDay returns the date of the i-th game day.
func GameDay(i int) civil.Date { return Opener.AddDays(2 * i) }

// teamOf returns the team a fixture player plays for on d.
func teamOf(player string, d civil.Date) string {
	if player == Traded && !d.Before(TradeDate) {
		return "AAA"
	}
	for _, t := range Teams {
		if strings.HasPrefix(player, strings.ToLower(t)) {
			return t
		}
	}
	return "EEE"
}

// PlayersOf returns the fixture players of a team on d, sorted.
func PlayersOf(team string, d civil.Date) []string {
	var out []string
	for _, t := range append(append([]string{}, Teams...), "EEE") {
		for _, n := range playerNames {
			p := strings.ToLower(t) + n
			if teamOf(p, d) == team {
				out = append(out, p)
			}
		}
	}
	return sortStrings(out)
}

// Planned returns the planned players of the given lookups, on their team of d.
func Planned(d civil.Date, players ...string) []nba.PlannedPlayer {
	out := make([]nba.PlannedPlayer, len(players))
	for i, p := range players {
		out[i] = nba.PlannedPlayer{PlayerLookup: p, TeamAbbr: teamOf(p, d)}
	}
	return out
}

func utc(d civil.Date, hour int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, time.UTC)
}

func f64(x float64) *float64 { return &x }
func i64(x int64) *int64     { return &x }
func str(s string) *string   { return &s }

// Fixture returns the fixture league's input rows.
func Fixture() *nba.Dataset {
	ds := &nba.Dataset{}
	addGame := func(d civil.Date, season int, home, away string, playoffs bool) {
		id := fmt.Sprintf("%04d%02d%02d_%s_%s", d.Year, d.Month, d.Day, away, home)
		status := int64(nba.GameFinal)
		if !d.Before(Mid) {
			status = nba.GameScheduled
		}
		ds.Schedule = append(ds.Schedule, nba.ScheduledGame{GameID: id, GameDate: d, StartUTC: utc(d, 23), SeasonYear: int64(season),
			HomeTeamAbbr: home, AwayTeamAbbr: away, HomeScore: i64(100), AwayScore: i64(99), GameStatus: status, IsPlayoffs: playoffs})
		addResults(ds, id, d, home, away)
		addLines(ds, id, d, home, away)
	}
	for i := range GameDays {
		d, p := GameDay(i), pairings[i%len(pairings)]
		if i%2 == 1 {
			p = [4]string{p[1], p[0], p[3], p[2]}
		}
		addGame(d, 2024, p[0], p[1], false)
		addGame(d, 2024, p[2], p[3], false)
	}
	addGame(Opener.AddDays(-2), 2024, "EEE", "AAA", true)                                  // a playoff-flagged game before the opener
	addGame(civil.Date{Year: 2024, Month: time.April, Day: 10}, 2023, "BBB", "AAA", false) // last season
	addGame(Mid, 2024, "EEE", "FFF", false)                                                // a game of teams outside the chunks
	for _, t := range append(append([]string{}, Teams...), "EEE") {
		ds.Arenas = append(ds.Arenas, nba.Arena{TeamAbbr: t, ArenaName: t + " Arena", Latitude: 40, Longitude: -70, IANATimeZone: "America/New_York"})
		for _, n := range playerNames {
			p := strings.ToLower(t) + n
			pl := nba.Player{PlayerLookup: p, PlayerName: "Player " + p}
			if n != "three" {
				pl.UniversalPlayerID = str(p + "_001")
				pl.BirthDate = &civil.Date{Year: 1995, Month: time.March, Day: 3}
			}
			ds.Players = append(ds.Players, pl)
		}
	}
	addRostersAndReports(ds)
	return ds
}

func addResults(ds *nba.Dataset, id string, d civil.Date, home, away string) {
	for _, side := range [][2]string{{home, away}, {away, home}} {
		team, opp := side[0], side[1]
		ds.TeamGames = append(ds.TeamGames, nba.TeamGame{GameID: id, GameDate: d, TeamAbbr: team, OpponentTeamAbbr: opp,
			Possessions: 100, Pace: 99.5, OffensiveRating: 110, DefensiveRating: 108, Rebounds: 44, OppFTAttempts: 20, Points: 100})
		for k, p := range PlayersOf(team, d) {
			ds.PlayerGames = append(ds.PlayerGames, nba.PlayerGame{GameID: id, GameDate: d, PlayerLookup: p, PlayerName: "Player " + p,
				TeamAbbr: team, OpponentTeamAbbr: opp, IsHome: team == home, MinutesPlayed: 30 - float64(k), Points: f64(20),
				FGMakes: 8, FGAttempts: 17, ThreePtMakes: 2, ThreePtAttempts: 6, FTMakes: 2, FTAttempts: 3,
				OffensiveRebounds: 1, DefensiveRebounds: 5, Assists: 4, UsageRate: f64(24.5), PaintAttempts: f64(6), PaintMakes: f64(4),
				MidRangeAttempts: f64(5), MidRangeMakes: f64(2)})
			status := "active"
			if k == 2 && d.Day%3 == 0 {
				status = "DNP"
			}
			ds.Gamebook = append(ds.Gamebook, nba.GamebookEntry{GameID: id, GameDate: d, PlayerLookup: p, TeamAbbr: team,
				PlayerStatus: status, MinutesPlayed: f64(30 - float64(k))})
			for _, book := range []string{"draftkings", "fanduel"} {
				for h, snap := range []int{15, 22} {
					ds.OddsProps = append(ds.OddsProps, nba.OddsProp{GameID: id, GameDate: d, PlayerLookup: p, Bookmaker: book,
						SnapshotUTC: utc(d, snap), PointsLine: 19.5 + float64(h)})
				}
			}
			ds.BettingProsProps = append(ds.BettingProsProps, nba.BettingProsProp{GameDate: d, PlayerLookup: p, Bookmaker: "DraftKings",
				MarketType: "points", BetSide: "over", PointsLine: 20.5, OpeningLine: f64(19.5), IsActive: true, BookmakerLastUpdate: utc(d, 20)})
		}
	}
}

func addLines(ds *nba.Dataset, id string, d civil.Date, home, away string) {
	for _, book := range []string{"draftkings", "fanduel"} {
		snap := utc(d, 21)
		ds.GameLines = append(ds.GameLines,
			nba.GameLineSnapshot{GameID: id, GameDate: d, Bookmaker: book, Market: nba.MarketSpreads, SnapshotUTC: snap, Outcome: home, Point: -3.5},
			nba.GameLineSnapshot{GameID: id, GameDate: d, Bookmaker: book, Market: nba.MarketSpreads, SnapshotUTC: snap, Outcome: away, Point: 3.5},
			nba.GameLineSnapshot{GameID: id, GameDate: d, Bookmaker: book, Market: nba.MarketTotals, SnapshotUTC: snap, Outcome: "over", Point: 221.5},
			nba.GameLineSnapshot{GameID: id, GameDate: d, Bookmaker: book, Market: nba.MarketTotals, SnapshotUTC: snap, Outcome: "under", Point: 221.5})
	}
}

// addRostersAndReports adds weekly roster snapshots from 100 days before Mid
// to a week after it, and injury reports on every game day.
func addRostersAndReports(ds *nba.Dataset) {
	for d := Mid.AddDays(-100); !d.After(Mid.AddDays(7)); d = d.AddDays(5) {
		for _, t := range append(append([]string{}, Teams...), "EEE") {
			for _, p := range PlayersOf(t, d) {
				ds.Rosters = append(ds.Rosters, nba.RosterEntry{RosterDate: d, TeamAbbr: t, PlayerLookup: p, Age: i64(29)})
			}
		}
	}
	for i := range GameDays {
		d := GameDay(i)
		for _, t := range Teams {
			p := PlayersOf(t, d)[0]
			for h, status := range []string{"Questionable", "out"} {
				ds.Injuries = append(ds.Injuries, nba.InjuryReport{ReportDate: d, ReportedAt: utc(d, 12+h), GameDate: d, TeamAbbr: t,
					PlayerLookup: p, InjuryStatus: status, Reason: "ankle", ReasonCategory: "injury"})
			}
		}
	}
}
