package nba_test

import (
	"fmt"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// day parses an ISO date or fails the test.
func day(t testing.TB, s string) civil.Date {
	t.Helper()
	d, err := civil.ParseDate(s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

func at(t testing.TB, s string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad time %q: %v", s, err)
	}
	return ts
}

func f64(v float64) *float64 { return &v }
func i64(v int64) *int64     { return &v }
func str(v string) *string   { return &v }

// box is a box score with points and minutes; other stats are zero.
func box(t testing.TB, player, team, date string, points, minutes float64) nba.PlayerGame {
	t.Helper()
	d := day(t, date)
	return nba.PlayerGame{
		GameID:        fmt.Sprintf("%04d%02d%02d_%s_XXX", d.Year, d.Month, d.Day, team),
		GameDate:      d,
		PlayerLookup:  player,
		TeamAbbr:      team,
		MinutesPlayed: minutes,
		Points:        &points,
	}
}

// history builds a newest-first history from (date, points, minutes) triples.
func history(t testing.TB, games ...struct {
	date            string
	points, minutes float64
}) []nba.PlayerGame {
	t.Helper()
	h := make([]nba.PlayerGame, len(games))
	for i, g := range games {
		h[i] = box(t, "p", "LAL", g.date, g.points, g.minutes)
	}
	return h
}

type game = struct {
	date            string
	points, minutes float64
}

// scheduled is a final game with a 7:30 PM ET tipoff.
func scheduled(t testing.TB, date, away, home string) nba.ScheduledGame {
	t.Helper()
	d := day(t, date)
	ny, _ := time.LoadLocation("America/New_York")
	return nba.ScheduledGame{
		GameID:       nba.GameIDFor(d, away, home),
		GameDate:     d,
		StartUTC:     time.Date(d.Year, d.Month, d.Day, 19, 30, 0, 0, ny).UTC(),
		SeasonYear:   int64(nba.SeasonYear(d)),
		HomeTeamAbbr: home,
		AwayTeamAbbr: away,
		GameStatus:   nba.GameFinal,
	}
}

// arenas of the teams the fixtures use.
var testArenas = []nba.Arena{
	{TeamAbbr: "BOS", ArenaName: "TD Garden", Latitude: 42.3662, Longitude: -71.0621, IANATimeZone: "America/New_York"},
	{TeamAbbr: "LAL", ArenaName: "Crypto.com Arena", Latitude: 34.0430, Longitude: -118.2673, IANATimeZone: "America/Los_Angeles"},
	{TeamAbbr: "NYK", ArenaName: "Madison Square Garden", Latitude: 40.7505, Longitude: -73.9934, IANATimeZone: "America/New_York"},
	{TeamAbbr: "DEN", ArenaName: "Ball Arena", Latitude: 39.7487, Longitude: -105.0077, IANATimeZone: "America/Denver"},
	{TeamAbbr: "PHX", ArenaName: "Footprint Center", Latitude: 33.4457, Longitude: -112.0712, IANATimeZone: "America/Phoenix"},
	{TeamAbbr: "MIA", ArenaName: "Kaseya Center", Latitude: 25.7814, Longitude: -80.1870, IANATimeZone: "America/New_York"},
}

// buildOne runs the context builder for one player with default options.
func buildOne(t testing.TB, in *nba.ContextInputs, p nba.PlannedPlayer, mode nba.RunMode) (nba.PlayerContext, *nba.Failure) {
	t.Helper()
	b := nba.NewContextBuilder(in, nba.BuildOptions{
		Now:    at(t, "2025-11-20T15:00:00Z"),
		Config: nba.DefaultConfig,
		Flags:  nba.NewDateFlags(in.Date, in.SeasonStart),
		Mode:   mode,
	})
	return b.Build(p)
}

func mustBuild(t testing.TB, in *nba.ContextInputs, p nba.PlannedPlayer) nba.PlayerContext {
	t.Helper()
	row, f := buildOne(t, in, p, nba.RunDaily)
	if f != nil {
		t.Fatalf("Build(%s): unexpected failure %v", p.PlayerLookup, f)
	}
	return row
}
