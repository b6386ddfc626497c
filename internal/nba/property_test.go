package nba_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// world is a small random league around one target date: four teams playing
// every other day for 60 days, with box scores, team games, gamebook rows,
// props, lines and injury reports. It is the input of the property tests.
type world struct {
	in      *nba.ContextInputs
	zones   *nba.ShotZoneInputs
	plan    []nba.PlannedPlayer
	targets []nba.ScheduledGame
}

var worldTeams = []string{"BOS", "LAL", "NYK", "DEN"}

func randomWorld(t testing.TB, seed uint64) world {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	start := day(t, "2024-10-22")
	target := start.AddDays(40 + r.IntN(20))
	w := world{in: &nba.ContextInputs{Date: target, SeasonStart: start, Arenas: testArenas}}
	for d := start; d.Before(target.AddDays(10)); d = nextGameDay(r, d, target) {
		perm := r.Perm(len(worldTeams))
		for k := 0; k < len(perm); k += 2 {
			g := scheduled(t, d.String(), worldTeams[perm[k]], worldTeams[perm[k+1]])
			g.IsPrimetime = r.IntN(5) == 0
			if !d.Before(target) {
				g.GameStatus = nba.GameScheduled
			}
			w.in.Schedule = append(w.in.Schedule, g)
			if d == target {
				w.targets = append(w.targets, g)
			}
			if d.Before(target) {
				w.playGame(r, g)
			}
		}
	}
	for _, g := range w.targets {
		w.addMarkets(r, g)
	}
	for _, g := range w.targets {
		for _, team := range []string{g.HomeTeamAbbr, g.AwayTeamAbbr} {
			for i := range 6 {
				w.plan = append(w.plan, nba.PlannedPlayer{PlayerLookup: playerName(team, i), TeamAbbr: team, GameID: g.GameID})
			}
		}
	}
	for _, team := range worldTeams {
		for i := range 6 {
			p := playerName(team, i)
			birth := start.AddDays(-365*20 - r.IntN(365*15))
			w.in.Players = append(w.in.Players, nba.Player{PlayerLookup: p, BirthDate: &birth, UniversalPlayerID: str(p + "_001")})
		}
	}
	w.zones = &nba.ShotZoneInputs{Date: target, SeasonStart: start, PlayerGames: w.in.PlayerGames,
		Gamebook: w.in.Gamebook, Schedule: w.in.Schedule, Players: w.in.Players, Arenas: w.in.Arenas}
	return w
}

func playerName(team string, i int) string { return fmt.Sprintf("%splayer%d", team, i) }

// playGame writes the box scores, gamebook rows and team games of g.
func (w *world) playGame(r *rand.Rand, g nba.ScheduledGame) {
	for _, team := range []string{g.HomeTeamAbbr, g.AwayTeamAbbr} {
		var reb, pts float64
		for i := range 6 {
			p := playerName(team, i)
			entry := nba.GamebookEntry{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: p, TeamAbbr: team, PlayerStatus: "active"}
			if r.IntN(8) == 0 {
				entry.PlayerStatus = "dnp"
				w.in.Gamebook = append(w.in.Gamebook, entry)
				continue
			}
			minutes := float64(10+r.IntN(30)) + float64(r.IntN(10))/10
			entry.MinutesPlayed = &minutes
			w.in.Gamebook = append(w.in.Gamebook, entry)
			pa, ma, ta := float64(r.IntN(10)), float64(r.IntN(6)), float64(r.IntN(9))
			pm, mm, tm := float64(r.IntN(int(pa)+1)), float64(r.IntN(int(ma)+1)), float64(r.IntN(int(ta)+1))
			ftm := float64(r.IntN(6))
			points := 2*(pm+mm) + 3*tm + ftm
			box := nba.PlayerGame{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: p, TeamAbbr: team,
				MinutesPlayed: minutes, Points: &points, FGMakes: pm + mm + tm, FGAttempts: pa + ma + ta,
				ThreePtMakes: tm, ThreePtAttempts: ta, FTMakes: ftm, FTAttempts: ftm + float64(r.IntN(3)),
				OffensiveRebounds: float64(r.IntN(4)), DefensiveRebounds: float64(r.IntN(8)), UsageRate: f64(float64(10 + r.IntN(25))),
				PaintAttempts: f64(pa), PaintMakes: f64(pm), MidRangeAttempts: f64(ma), MidRangeMakes: f64(mm),
				AssistedFGMakes: f64(math.Floor((pm + mm + tm) / 2)), UnassistedFGMakes: f64(math.Ceil((pm + mm + tm) / 2))}
			if r.IntN(30) == 0 {
				box.PaintAttempts, box.MidRangeAttempts = nil, nil
			}
			w.in.PlayerGames = append(w.in.PlayerGames, box)
			reb += box.OffensiveRebounds + box.DefensiveRebounds
			pts += points
		}
		poss := float64(95 + r.IntN(10))
		w.in.TeamGames = append(w.in.TeamGames, nba.TeamGame{GameID: g.GameID, GameDate: g.GameDate, TeamAbbr: team,
			Possessions: poss, Pace: poss, OffensiveRating: nba.Round(pts/poss*100, 1), DefensiveRating: float64(100 + r.IntN(20)),
			Rebounds: reb, OppFTAttempts: float64(15 + r.IntN(15)), Points: pts})
	}
}

// addMarkets writes props, lines and injury reports for a target game.
func (w *world) addMarkets(r *rand.Rand, g nba.ScheduledGame) {
	tip := g.StartUTC
	for _, team := range []string{g.HomeTeamAbbr, g.AwayTeamAbbr} {
		spread := float64(r.IntN(20)) - 9.5
		if team == g.AwayTeamAbbr {
			spread = -spread
		}
		for h, book := range []string{"draftkings", "fanduel"} {
			for _, ago := range []time.Duration{20 * time.Hour, 2 * time.Hour} {
				snap := tip.Add(-ago)
				w.in.GameLines = append(w.in.GameLines, nba.GameLineSnapshot{GameID: g.GameID, GameDate: g.GameDate, Bookmaker: book, Market: "spreads", SnapshotUTC: snap, Outcome: team, Point: spread + float64(h)*0.5})
				if team == g.HomeTeamAbbr {
					w.in.GameLines = append(w.in.GameLines, nba.GameLineSnapshot{GameID: g.GameID, GameDate: g.GameDate, Bookmaker: book, Market: "totals", SnapshotUTC: snap, Outcome: "over", Point: 220.5 + float64(r.IntN(10))})
				}
			}
		}
		for i := range 6 {
			p := playerName(team, i)
			if r.IntN(3) > 0 {
				for _, book := range []string{"draftkings", "fanduel", "betmgm"} {
					for _, ago := range []time.Duration{24 * time.Hour, 6 * time.Hour, time.Hour} {
						w.in.OddsProps = append(w.in.OddsProps, nba.OddsProp{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: p,
							Bookmaker: book, SnapshotUTC: tip.Add(-ago), PointsLine: 5.5 + float64(r.IntN(20))})
					}
				}
			}
			if r.IntN(4) == 0 {
				statuses := []string{"out", "doubtful", "questionable", "probable"}
				w.in.Injuries = append(w.in.Injuries, nba.InjuryReport{ReportDate: g.GameDate, ReportedAt: tip.Add(-3 * time.Hour),
					GameDate: g.GameDate, TeamAbbr: team, PlayerLookup: p, InjuryStatus: statuses[r.IntN(4)], Reason: "Rest"})
			}
		}
	}
}

type outcome struct {
	contexts map[string]nba.PlayerContext
	zones    map[string]nba.ShotZoneProfile
	failures map[string]nba.Category
}

var propNow = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// compute runs both builders over the world's plan.
func (w world) compute() outcome {
	o := outcome{contexts: map[string]nba.PlayerContext{}, zones: map[string]nba.ShotZoneProfile{}, failures: map[string]nba.Category{}}
	opts := nba.BuildOptions{Now: propNow, Config: nba.DefaultConfig, Flags: nba.NewDateFlags(w.in.Date, w.in.SeasonStart), Mode: nba.RunDaily}
	cb, zb := nba.NewContextBuilder(w.in, opts), nba.NewShotZoneBuilder(w.zones, opts)
	for _, p := range w.plan {
		if row, f := cb.Build(p); f != nil {
			o.failures["upgc/"+p.PlayerLookup] = f.Category
		} else {
			o.contexts[p.PlayerLookup] = row
		}
		if row, f := zb.Build(p); f != nil {
			o.failures["psza/"+p.PlayerLookup] = f.Category
		} else {
			o.zones[p.PlayerLookup] = row
		}
	}
	return o
}

// TestPropertyPointInTime: adding any result row dated on or after T (box
// scores, team games, gamebook rows, even invalid ones), any prop, line or
// injury report taken after tipoff, never changes a single output field.
func TestPropertyPointInTime(t *testing.T) {
	for seed := range uint64(25) {
		w := randomWorld(t, seed)
		before := w.compute()
		if len(before.contexts) == 0 || len(before.zones) == 0 {
			t.Fatalf("seed %d: the world produced no rows (%d failures)", seed, len(before.failures))
		}
		r := rand.New(rand.NewPCG(seed, 99))
		for _, g := range w.targets {
			late := g
			w.playGame(r, late) // the games of T itself
			later := scheduled(t, g.GameDate.AddDays(1+r.IntN(5)).String(), g.HomeTeamAbbr, g.AwayTeamAbbr)
			w.playGame(r, later)
			after := g.StartUTC.Add(time.Duration(1+r.IntN(120)) * time.Minute)
			for _, p := range w.plan {
				w.in.OddsProps = append(w.in.OddsProps, nba.OddsProp{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: p.PlayerLookup, Bookmaker: "draftkings", SnapshotUTC: after, PointsLine: 99.5})
				w.in.BettingProsProps = append(w.in.BettingProsProps, nba.BettingProsProp{GameDate: g.GameDate, PlayerLookup: p.PlayerLookup, Bookmaker: "DraftKings", MarketType: "points", BetSide: "over", PointsLine: 1.5, IsActive: true, BookmakerLastUpdate: after})
				w.in.Injuries = append(w.in.Injuries, nba.InjuryReport{GameDate: g.GameDate, ReportedAt: after, TeamAbbr: p.TeamAbbr, PlayerLookup: p.PlayerLookup, InjuryStatus: "out"})
			}
			w.in.GameLines = append(w.in.GameLines, nba.GameLineSnapshot{GameID: g.GameID, Bookmaker: "draftkings", Market: "spreads", SnapshotUTC: after, Outcome: g.HomeTeamAbbr, Point: -30})
		}
		nan := math.NaN()
		bad := w.in.PlayerGames[len(w.in.PlayerGames)-1]
		bad.Points, bad.MinutesPlayed = &nan, -5
		w.in.PlayerGames = append(w.in.PlayerGames, bad)
		w.zones.PlayerGames, w.zones.Gamebook = w.in.PlayerGames, w.in.Gamebook
		if got := w.compute(); !reflect.DeepEqual(got, before) {
			t.Errorf("seed %d: outputs changed after adding rows dated on or after T: %s", seed, firstDiff(before, got))
		}
	}
}

// TestPropertyInvariants checks the docs/domain.md §8.3 invariants over random worlds.
func TestPropertyInvariants(t *testing.T) {
	for seed := range uint64(40) {
		o := randomWorld(t, seed+100).compute()
		for p, r := range o.contexts {
			check := func(ok bool, what string) {
				if !ok {
					t.Errorf("seed %d %s: %s", seed, p, what)
				}
			}
			check(r.DaysRest == nil || *r.DaysRest >= 0, "days_rest < 0")
			check(r.GamesInLast7Days <= r.GamesInLast14Days && r.GamesInLast14Days <= 14 && r.GamesInLast7Days <= 7, "game windows")
			check(r.MinutesInLast7Days <= r.MinutesInLast14Days, "minutes 7d > 14d")
			check(r.PropOverStreak == 0 || r.PropUnderStreak == 0, "both streaks non-zero")
			check(r.OpponentTeamAbbr != r.TeamAbbr, "opponent = team")
			check(r.LineMovement == nil || math.Abs(*r.LineMovement-(*r.CurrentPointsLine-*r.OpeningPointsLine)) < 0.01, "line movement")
			check(r.AvgMinutesPerGameLast7 == nil || (*r.AvgMinutesPerGameLast7 >= 0 && *r.AvgMinutesPerGameLast7 <= 50), "avg minutes")
			check(r.PointsAvgLast5 == nil || (*r.PointsAvgLast5 >= 0 && *r.PointsAvgLast5 <= 60), "points avg")
			check(r.L30dCompletenessPct >= 0 && r.L30dCompletenessPct <= 100, "completeness")
			check(r.DataHash == nba.ContentHash(&r), "data_hash")
			check(r.HasPropLine == (r.CurrentPointsLine != nil), "has_prop_line")
		}
		for p, z := range o.zones {
			if z.PaintRateLast10 != nil {
				sum := *z.PaintRateLast10 + *z.MidRangeRateLast10 + *z.ThreePtRateLast10
				if math.Abs(sum-100) > 0.02 {
					t.Errorf("seed %d %s: zone rates sum to %v", seed, p, sum)
				}
			}
			for _, pct := range []*float64{z.PaintPctLast10, z.MidRangePctLast10, z.ThreePtPctLast10} {
				if pct != nil && (*pct < 0 || *pct > 1) {
					t.Errorf("seed %d %s: pct %v outside [0, 1]", seed, p, *pct)
				}
			}
			if z.GamesInSample10 > 10 || z.GamesInSample20 > 20 || (z.TotalShotsLast10 != nil && *z.TotalShotsLast10 > 400) {
				t.Errorf("seed %d %s: sample sizes %d/%d", seed, p, z.GamesInSample10, z.GamesInSample20)
			}
			if z.DataHash != nba.ContentHash(&z) {
				t.Errorf("seed %d %s: data_hash", seed, p)
			}
		}
	}
}

// nextGameDay steps one or two days ahead, never over the target date.
func nextGameDay(r *rand.Rand, d, target civil.Date) civil.Date {
	next := d.AddDays(1 + r.IntN(2))
	if d.Before(target) && next.After(target) {
		return target
	}
	return next
}

// firstDiff names the first output that differs between two outcomes.
func firstDiff(a, b outcome) string {
	for k, v := range a.failures {
		if b.failures[k] != v {
			return fmt.Sprintf("failure %s: %s vs %s", k, v, b.failures[k])
		}
	}
	for k, v := range a.contexts {
		w := b.contexts[k]
		va, vb := reflect.ValueOf(v), reflect.ValueOf(w)
		for i := range va.NumField() {
			if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
				return fmt.Sprintf("context %s field %s: %s vs %s", k, va.Type().Field(i).Name, show(va.Field(i).Interface()), show(vb.Field(i).Interface()))
			}
		}
	}
	for k, v := range a.zones {
		w := b.zones[k]
		va, vb := reflect.ValueOf(v), reflect.ValueOf(w)
		for i := range va.NumField() {
			if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
				return fmt.Sprintf("zone %s field %s: %s vs %s", k, va.Type().Field(i).Name, show(va.Field(i).Interface()), show(vb.Field(i).Interface()))
			}
		}
	}
	return fmt.Sprintf("counts %d/%d/%d vs %d/%d/%d", len(a.contexts), len(a.zones), len(a.failures), len(b.contexts), len(b.zones), len(b.failures))
}
