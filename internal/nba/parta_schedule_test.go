package nba_test

import (
	"math"
	"testing"

	"nbaflow/internal/nba"
)

// cosineMiles is an independent great-circle distance (spherical law of
// cosines) to check the haversine implementation against.
func cosineMiles(a, b nba.Arena) int64 {
	r := math.Pi / 180
	c := math.Sin(a.Latitude*r)*math.Sin(b.Latitude*r) + math.Cos(a.Latitude*r)*math.Cos(b.Latitude*r)*math.Cos((b.Longitude-a.Longitude)*r)
	return int64(math.Round(3958.8 * math.Acos(c)))
}

func arena(team string) nba.Arena {
	for _, a := range testArenas {
		if a.TeamAbbr == team {
			return a
		}
	}
	panic("no test arena " + team)
}

// TestPartA7Travel pins docs/domain.md A.2.7 and A.3 on the G1 fixture: LAL hosted PHX on
// 11/19, then flies to Boston for 11/20; over the 14 days before, it went
// NYK (11/15, away) -> MIA (11/17, away) -> LAL (11/19) -> BOS.
func TestPartA7Travel(t *testing.T) {
	row := mustBuild(t, g1Inputs(t), nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
	laxBos := cosineMiles(arena("LAL"), arena("BOS"))
	if laxBos < 2500 || laxBos > 2700 {
		t.Fatalf("independent LAL-BOS distance %d is implausible", laxBos)
	}
	sum := cosineMiles(arena("NYK"), arena("MIA")) + cosineMiles(arena("MIA"), arena("LAL")) + laxBos
	assertFields(t, row, map[string]any{
		"TravelMiles":                i64(laxBos),
		"TimeZoneChanges":            i64(3), // Pacific to Eastern in November
		"ConsecutiveRoadGames":       int64(1),
		"MilesTraveledLast14Days":    sum,
		"TimeZonesCrossedLast14Days": int64(0 + 3 + 3),
		"GameStartTimeLocal":         str("7:30 PM ET"),
	})
}

// TestPartA7TimeZonesFollowDaylightSaving: Phoenix keeps standard time, so
// Denver -> Phoenix crosses no zone in January and one hour in March.
func TestPartA7TimeZonesFollowDaylightSaving(t *testing.T) {
	arenas := map[string]nba.Arena{"DEN": arena("DEN"), "PHX": arena("PHX")}
	for _, tt := range []struct {
		before, game string
		zones        int64
	}{{"2025-01-10", "2025-01-12", 0}, {"2025-03-20", "2025-03-22", 1}} {
		prev := scheduled(t, tt.before, "PHX", "DEN")
		game := scheduled(t, tt.game, "DEN", "PHX")
		tr, err := nba.ComputeTravel("DEN", &game, []*nba.ScheduledGame{&prev}, arenas)
		if err != nil {
			t.Fatal(err)
		}
		if *tr.TimeZoneChanges != tt.zones {
			t.Errorf("%s: time_zone_changes = %d, want %d", tt.game, *tr.TimeZoneChanges, tt.zones)
		}
		if *tr.TravelMiles != cosineMiles(arenas["DEN"], arenas["PHX"]) {
			t.Errorf("travel_miles = %d", *tr.TravelMiles)
		}
	}
}

// TestPartA7ConsecutiveRoadGames: 1 + the road games right before an away
// game; 0 at home; NULL travel with no previous game.
func TestPartA7ConsecutiveRoadGames(t *testing.T) {
	arenas := map[string]nba.Arena{}
	for _, a := range testArenas {
		arenas[a.TeamAbbr] = a
	}
	g := func(d, away, home string) *nba.ScheduledGame { s := scheduled(t, d, away, home); return &s }
	before := []*nba.ScheduledGame{g("2025-01-02", "NYK", "LAL"), g("2025-01-04", "LAL", "DEN"), g("2025-01-06", "LAL", "PHX")}
	tr, _ := nba.ComputeTravel("LAL", g("2025-01-08", "LAL", "BOS"), before, arenas)
	if tr.ConsecutiveRoadGames != 3 {
		t.Errorf("road trip: consecutive_road_games = %d, want 3", tr.ConsecutiveRoadGames)
	}
	tr, _ = nba.ComputeTravel("LAL", g("2025-01-08", "BOS", "LAL"), before, arenas)
	if tr.ConsecutiveRoadGames != 0 {
		t.Errorf("home game: consecutive_road_games = %d, want 0", tr.ConsecutiveRoadGames)
	}
	tr, _ = nba.ComputeTravel("LAL", g("2025-01-08", "LAL", "BOS"), nil, arenas)
	if tr.TravelMiles != nil || tr.MilesTraveledLast14Days != 0 || tr.ConsecutiveRoadGames != 1 {
		t.Errorf("season opener on the road: %+v", tr)
	}
	if _, err := nba.ComputeTravel("LAL", g("2025-01-08", "LAL", "XXX"), before, arenas); err == nil {
		t.Error("a game in an unknown arena: no error")
	}
}

// TestPartA8ForwardSchedule pins A.2.8: next game rest, games in (T, T+7],
// primetime, and the opponent's rest, all from the schedule.
func TestPartA8ForwardSchedule(t *testing.T) {
	g := func(d string, prime bool) *nba.ScheduledGame {
		s := scheduled(t, d, "LAL", "BOS")
		s.IsPrimetime = prime
		return &s
	}
	d := day(t, "2025-01-10")
	team := []*nba.ScheduledGame{g("2025-01-12", true), g("2025-01-14", false), g("2025-01-17", false), g("2025-01-18", false)}
	oppBefore := []*nba.ScheduledGame{g("2025-01-05", false), g("2025-01-08", false)}
	oppAfter := []*nba.ScheduledGame{g("2025-01-11", false)}
	fw := nba.ComputeForwardSchedule(d, team, oppBefore, oppAfter)
	assertFields(t, fw, map[string]any{
		"NextGameDaysRest": i64(2), "GamesInNext7Days": int64(3), "NextGameIsPrimetime": true,
		"OpponentDaysRest": i64(2), "OpponentGamesInNext7Days": int64(1), "OpponentNextGameDaysRest": i64(1),
	})
	none := nba.ComputeForwardSchedule(d, nil, nil, nil)
	assertFields(t, none, map[string]any{"NextGameDaysRest": (*int64)(nil), "OpponentDaysRest": (*int64)(nil), "NextGameIsPrimetime": false})
}

// TestPartA10OpponentProfile pins A.2.10: rebounding rate is the mean of
// per-game rebounds/possessions to 3 decimals, variances from per-game
// values; only the last 10 games count; no games gives NULLs.
func TestPartA10OpponentProfile(t *testing.T) {
	var opp []nba.TeamGame
	for i := range 12 {
		opp = append(opp, nba.TeamGame{
			GameDate: day(t, "2025-01-20").AddDays(-i), TeamAbbr: "BOS",
			Pace: 98 + float64(i%3), Possessions: 100 + float64(i%2), Rebounds: 44 + float64(i%4),
			OffensiveRating: 110 + float64(i), DefensiveRating: 108, OppFTAttempts: 20 + float64(i%5),
		})
	}
	opp[11].Pace = 1000 // outside the last 10: must not count
	own := []nba.TeamGame{{Pace: 101}, {Pace: 103}}
	p := nba.ComputeOpponentProfile(own, opp)

	var reb, ft, pace []float64
	for _, g := range opp[:10] {
		reb = append(reb, g.Rebounds/g.Possessions)
		ft = append(ft, nba.Round(g.OppFTAttempts/g.Pace*100, 3))
		pace = append(pace, g.Pace)
	}
	wantReb := nba.Round(avg(reb), 3)
	assertFields(t, p, map[string]any{
		"OpponentReboundingRate":         f64(wantReb),
		"OpponentReboundingRateVariance": f64(nba.Round(sampleStd(reb), 3)),
		"OpponentFTRateAllowed":          f64(nba.Round(avg(ft), 3)),
		"OpponentFTRateVariance":         f64(nba.Round(sampleStd(ft), 3)),
		"OpponentPaceLast10":             f64(nba.Round(nba.Round(avg(pace), 2), 1)),
		"PaceDifferential":               f64(nba.Round(nba.Round(102-avg(pace), 2), 1)),
		"OpponentDefRatingLast10":        f64(108.0),
		"OpponentDefRatingVariance":      f64(0.0),
		"OpponentOffRatingLast10":        f64(114.5),
	})
	empty := nba.ComputeOpponentProfile(own, nil)
	if empty.OpponentPaceLast10 != nil || empty.OpponentReboundingRate != nil || empty.PaceDifferential != nil {
		t.Errorf("no opponent games: %+v, want NULLs", empty)
	}
	single := nba.ComputeOpponentProfile(nil, opp[:1])
	if single.OpponentPaceVariance != nil || single.PaceDifferential != nil {
		t.Errorf("one game: variance %v, differential %v, want NULL", single.OpponentPaceVariance, single.PaceDifferential)
	}
}

func avg(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func sampleStd(xs []float64) float64 {
	m := avg(xs)
	s := 0.0
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}
