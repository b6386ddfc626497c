package nba_test

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"nbaflow/internal/nba"
)

// benchChunk is a realistic chunk: 26 players of two teams meeting on T, each
// with 15 games in the last 30 days, 10 team games per team, 40 prop
// snapshots per player (4 books x 10 snapshots), 12 line snapshots and a
// few injury reports, in a season of 60 days.
func benchChunk(b *testing.B) (*nba.ContextInputs, *nba.ShotZoneInputs, []nba.PlannedPlayer) {
	b.Helper()
	start, target := day(b, "2024-10-22"), day(b, "2024-12-21")
	in := &nba.ContextInputs{Date: target, SeasonStart: start, Arenas: testArenas}
	game := scheduled(b, target.String(), "LAL", "BOS")
	in.Schedule = append(in.Schedule, game)
	var plan []nba.PlannedPlayer
	for d := start; d.Before(target); d = d.AddDays(2) {
		g := scheduled(b, d.String(), "LAL", "BOS")
		if d.DaysSince(start)%4 == 0 {
			g = scheduled(b, d.String(), "BOS", "LAL")
		}
		in.Schedule = append(in.Schedule, g)
	}
	// Histories come as the warehouse reads them: grouped by player or team,
	// newest first.
	past := slices.Clone(in.Schedule[1:])
	slices.Reverse(past)
	for _, team := range []string{"LAL", "BOS"} {
		for _, g := range past {
			in.TeamGames = append(in.TeamGames, nba.TeamGame{GameID: g.GameID, GameDate: g.GameDate, TeamAbbr: team,
				Possessions: 99, Pace: 99 + float64(g.GameDate.Day%3), OffensiveRating: 112, DefensiveRating: 110, Rebounds: 45, OppFTAttempts: 22})
		}
	}
	for _, team := range []string{"LAL", "BOS"} {
		for i := range 13 {
			p := fmt.Sprintf("%splayer%02d", team, i)
			plan = append(plan, nba.PlannedPlayer{PlayerLookup: p, TeamAbbr: team, GameID: game.GameID})
			in.Players = append(in.Players, nba.Player{PlayerLookup: p, UniversalPlayerID: str(p + "_001")})
			for _, g := range past {
				z := zoneGame{8, 5, 4, 2, 6, 2, 9, 6, 3}
				box := z.box(b, p, g.GameDate.String())
				box.GameID, box.TeamAbbr, box.UsageRate = g.GameID, team, f64(20)
				in.PlayerGames = append(in.PlayerGames, box)
				in.Gamebook = append(in.Gamebook, nba.GamebookEntry{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: p, TeamAbbr: team, PlayerStatus: "active", MinutesPlayed: f64(30)})
			}
			for k, book := range []string{"draftkings", "fanduel", "betmgm", "caesars"} {
				for s := range 10 {
					in.OddsProps = append(in.OddsProps, nba.OddsProp{GameID: game.GameID, GameDate: target, PlayerLookup: p, Bookmaker: book,
						SnapshotUTC: game.StartUTC.Add(-time.Duration(s+1) * time.Hour), PointsLine: 20.5 + float64(k)})
				}
			}
			if i < 3 {
				in.Injuries = append(in.Injuries, nba.InjuryReport{GameDate: target, ReportedAt: game.StartUTC.Add(-3 * time.Hour), TeamAbbr: team, PlayerLookup: p, InjuryStatus: "questionable"})
			}
		}
	}
	for _, book := range []string{"draftkings", "fanduel", "betmgm"} {
		for s := range 2 {
			snap := game.StartUTC.Add(-time.Duration(s+1) * time.Hour)
			in.GameLines = append(in.GameLines,
				nba.GameLineSnapshot{GameID: game.GameID, Bookmaker: book, Market: "spreads", SnapshotUTC: snap, Outcome: "LAL", Point: -3.5},
				nba.GameLineSnapshot{GameID: game.GameID, Bookmaker: book, Market: "spreads", SnapshotUTC: snap, Outcome: "BOS", Point: 3.5},
			)
		}
	}
	zones := &nba.ShotZoneInputs{Date: target, SeasonStart: start, PlayerGames: in.PlayerGames, Gamebook: in.Gamebook, Schedule: in.Schedule, Players: in.Players, Arenas: in.Arenas}
	return in, zones, plan
}

// chunkSize is the players per builder; NBAFLOW_BENCH_CHUNK overrides it to
// separate the per-chunk index cost from the per-player cost.
var chunkSize = func() int {
	if n, err := strconv.Atoi(os.Getenv("NBAFLOW_BENCH_CHUNK")); err == nil && n > 0 {
		return n
	}
	return 25
}()

// BenchmarkPlayerContext measures context rows per second on one core, with
// a new builder (index) every 25 players as a chunk activity would.
func BenchmarkPlayerContext(b *testing.B) {
	in, _, plan := benchChunk(b)
	opts := nba.BuildOptions{Now: time.Now(), Config: nba.DefaultConfig, Flags: nba.NewDateFlags(in.Date, in.SeasonStart)}
	b.ReportAllocs()
	var builder *nba.ContextBuilder
	for i := 0; b.Loop(); i++ {
		if i%chunkSize == 0 {
			builder = nba.NewContextBuilder(in, opts)
		}
		if _, f := builder.Build(plan[i%len(plan)]); f != nil {
			b.Fatal(f)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "contexts/s")
}

// BenchmarkShotZoneProfile does the same for shot-zone rows.
func BenchmarkShotZoneProfile(b *testing.B) {
	in, zones, plan := benchChunk(b)
	opts := nba.BuildOptions{Now: time.Now(), Config: nba.DefaultConfig, Flags: nba.NewDateFlags(in.Date, in.SeasonStart), Mode: nba.RunDaily}
	b.ReportAllocs()
	var builder *nba.ShotZoneBuilder
	for i := 0; b.Loop(); i++ {
		if i%chunkSize == 0 {
			builder = nba.NewShotZoneBuilder(zones, opts)
		}
		if _, f := builder.Build(plan[i%len(plan)]); f != nil {
			b.Fatal(f)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
}
