package nba_test

import (
	"math"
	"strings"
	"testing"

	"nbaflow/internal/nba"
)

// TestBadInputContext: each kind of bad input gives a categorized failure
// that names the problem, never a panic and never a made-up number.
func TestBadInputContext(t *testing.T) {
	p := nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"}
	tests := []struct {
		name     string
		spoil    func(in *nba.ContextInputs)
		player   nba.PlannedPlayer
		category nba.Category
		reason   string
	}{
		{"nanPoints", func(in *nba.ContextInputs) { in.PlayerGames[1].Points = f64(math.NaN()) }, p, nba.DataError, "points is NaN"},
		{"infMinutes", func(in *nba.ContextInputs) { in.PlayerGames[0].MinutesPlayed = math.Inf(1) }, p, nba.DataError, "minutes_played is +Inf"},
		{"negativeMinutes", func(in *nba.ContextInputs) { in.PlayerGames[2].MinutesPlayed = -12 }, p, nba.DataError, "minutes_played is negative"},
		{"makesOverAttempts", func(in *nba.ContextInputs) { in.PlayerGames[0].FGMakes = 3 }, p, nba.DataError, "fg_makes 3 exceed fg_attempts 0"},
		{"duplicatedGame", func(in *nba.ContextInputs) {
			dup := in.PlayerGames[0]
			dup.GameID = "20251119_LAL_PHX"
			in.PlayerGames = append(in.PlayerGames, dup)
		}, p, nba.DataError, "duplicate box scores"},
		{"unknownTeamInHistory", func(in *nba.ContextInputs) { in.PlayerGames[1].TeamAbbr = "ZZZ" }, p, nba.DataError, `"ZZZ" is not a known team`},
		{"nanTeamPace", func(in *nba.ContextInputs) {
			in.TeamGames = append(in.TeamGames, nba.TeamGame{GameID: "g", GameDate: day(t, "2025-11-19"), TeamAbbr: "BOS", Pace: math.NaN()})
		}, p, nba.DataError, "pace is NaN"},
		{"nanPropLine", func(in *nba.ContextInputs) { in.OddsProps[0].PointsLine = math.NaN() }, p, nba.DataError, "points_line is NaN"},
		{"infSpread", func(in *nba.ContextInputs) { in.GameLines[0].Point = math.Inf(-1) }, p, nba.DataError, "point is -Inf"},
		{"negativeGamebookMinutes", func(in *nba.ContextInputs) {
			in.Gamebook = append(in.Gamebook, nba.GamebookEntry{GameID: "20251119_PHX_LAL", GameDate: day(t, "2025-11-19"), PlayerLookup: "lebronjames", MinutesPlayed: f64(-1)})
		}, p, nba.DataError, "minutes_played is negative"},
		{"gameMissingFromSchedule", func(in *nba.ContextInputs) { in.Schedule = in.Schedule[:len(in.Schedule)-1] }, p, nba.CalculationError, "not in the schedule"},
		{"unknownPlannedTeam", func(*nba.ContextInputs) {}, nba.PlannedPlayer{PlayerLookup: "x", TeamAbbr: "ZZZ", GameID: p.GameID}, nba.CalculationError, "does not play"},
		{"teammateWithNaN", func(in *nba.ContextInputs) {
			in.PlayerGames = append(in.PlayerGames, box(t, "anthonydavis", "LAL", "2025-11-18", math.NaN(), 30))
			in.Injuries = []nba.InjuryReport{report(t, "LAL", "anthonydavis", "out", "2025-11-20T17:00:00Z")}
		}, p, nba.DataError, "teammate anthonydavis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := g1Inputs(t)
			tt.spoil(in)
			row, f := buildOne(t, in, tt.player, nba.RunDaily)
			if f == nil {
				t.Fatalf("no failure; row %+v", row.PointsAvgLast5)
			}
			if f.Category != tt.category || !strings.Contains(f.Reason, tt.reason) {
				t.Errorf("failure = %s %q, want %s containing %q", f.Category, f.Reason, tt.category, tt.reason)
			}
			if f.PlayerLookup != tt.player.PlayerLookup || f.Processor != nba.UPGC {
				t.Errorf("failure names %s/%s", f.Processor, f.PlayerLookup)
			}
		})
	}
}

// TestBadInputShotZone: the same for the shot-zone builder, and a player
// without any game is INSUFFICIENT_DATA.
func TestBadInputShotZone(t *testing.T) {
	base := map[string]zoneGame{"p": {pa: 8, pm: 5, ma: 4, mm: 2, ta: 6, tm: 2}}
	tests := []struct {
		name     string
		spoil    func(in *nba.ShotZoneInputs)
		player   string
		category nba.Category
	}{
		{"nanPaint", func(in *nba.ShotZoneInputs) { in.PlayerGames[0].PaintAttempts = f64(math.NaN()) }, "p", nba.DataError},
		{"negativeMinutes", func(in *nba.ShotZoneInputs) { in.PlayerGames[4].MinutesPlayed = -1 }, "p", nba.DataError},
		{"duplicatedGame", func(in *nba.ShotZoneInputs) { in.PlayerGames = append(in.PlayerGames, in.PlayerGames[0]) }, "p", nba.DataError},
		{"unknownTeam", func(in *nba.ShotZoneInputs) { in.PlayerGames[2].TeamAbbr = "ZZZ" }, "p", nba.DataError},
		{"emptyHistory", func(*nba.ShotZoneInputs) {}, "nobody", nba.InsufficientData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := zoneInputs(t, base, 12)
			tt.spoil(in)
			_, f := buildZone(t, in, tt.player, nba.RunBackfill)
			if f == nil || f.Category != tt.category {
				t.Fatalf("failure = %v, want %s", f, tt.category)
			}
		})
	}
}

// TestShotZoneDailyGate: in a daily run, completeness below 70 % outside
// bootstrap and boundary is INCOMPLETE_DATA and counts as an attempt; a
// backfill computes the row and records the gap as an issue.
func TestShotZoneDailyGate(t *testing.T) {
	in := zoneInputs(t, map[string]zoneGame{"p": {pa: 8, pm: 5, ma: 4, mm: 2, ta: 6, tm: 2}}, 12)
	in.Gamebook = in.Gamebook[:5] // 5 of the team's last 10 games recorded
	in.Date, in.SeasonStart = day(t, "2025-01-27"), day(t, "2024-10-22")
	_, f := buildZone(t, in, "p", nba.RunDaily)
	if f == nil || f.Category != nba.IncompleteData || !f.CanRetry {
		t.Fatalf("daily: failure = %v, want INCOMPLETE_DATA (retryable)", f)
	}
	b := nba.NewShotZoneBuilder(in, nba.BuildOptions{Now: at(t, "2025-01-27T12:00:00Z"), Config: nba.DefaultConfig, Flags: nba.NewDateFlags(in.Date, in.SeasonStart)})
	if a, ok := b.Attempt(f); !ok || a.AttemptNumber != 1 || a.SkipReason != "INCOMPLETE_DATA" || a.CompletenessPct == nil {
		t.Errorf("attempt = %+v %v", a, ok)
	}
	row, f := buildZone(t, in, "p", nba.RunBackfill)
	if f != nil || row.IsProductionReady || !contains(row.DataQualityIssues, "incomplete_upstream") {
		t.Errorf("backfill: failure %v, ready %v, issues %v", f, row.IsProductionReady, row.DataQualityIssues)
	}
}

// TestBreakerLocksOutInBuilders: three recorded failed attempts within the
// lockout make the builders report CIRCUIT_BREAKER_ACTIVE without computing.
func TestBreakerLocksOutInBuilders(t *testing.T) {
	in := g1Inputs(t)
	f := &nba.Failure{Processor: nba.UPGC, PlayerLookup: "lebronjames", Category: nba.DataError, Reason: "bad"}
	now := at(t, "2025-11-20T15:00:00Z")
	var st nba.BreakerState
	for range 3 {
		a := nba.NextAttempt(nba.DefaultBreakerConfig, f, in.Date, st, now.Add(-2*3600e9))
		in.Attempts = append(in.Attempts, a)
		st = nba.BreakerStatus(in.Attempts, now.Add(-2*3600e9))
	}
	_, got := buildOne(t, in, nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"}, nba.RunDaily)
	if got == nil || got.Category != nba.CircuitBreakerActive {
		t.Fatalf("failure = %v, want CIRCUIT_BREAKER_ACTIVE", got)
	}
	if _, ok := nba.NewContextBuilder(in, nba.BuildOptions{Now: now}).Attempt(got); ok {
		t.Error("a locked-out player counted as a new attempt")
	}
}
