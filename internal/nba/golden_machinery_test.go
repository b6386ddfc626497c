package nba_test

import (
	"testing"
	"time"

	"nbaflow/internal/nba"
)

// TestGoldenCompleteness is docs/domain.md §8.3 completeness. Part A (A.2.11) counts DNP
// rows as recorded games and measures actual over the expected games only,
// so the dnp_aware and uncapped legacy cases change as their names say.
func TestGoldenCompleteness(t *testing.T) {
	tests := []struct {
		name             string
		expected, actual int
		pct              float64
		ready, complete  bool
		missing          int
		gap              string
	}{
		{"expected10_actual7", 10, 7, 70.0, true, false, 3, "DATA_GAP"},
		{"expected17_actual15_readyAt70", 17, 15, 88.2, true, false, 2, "DATA_GAP"},
		{"PartA_expected5_3played2DNP_dnpRowsCount", 5, 5, 100.0, true, true, 0, "NO_GAP"},
		{"PartA_expected5_allDNP_dnpRowsCount", 5, 5, 100.0, true, true, 0, "NO_GAP"},
		{"expected0", 0, 0, 100.0, true, true, 0, "NO_GAP"},
		{"expected5_actual0_nameUnresolved", 5, 0, 0.0, false, false, 5, "NAME_UNRESOLVED"},
		{"PartA_gamesWindow_actualCappedAtExpected", 5, 5, 100.0, true, true, 0, "NO_GAP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := nba.NewCompleteness(tt.expected, tt.actual, nba.DefaultProductionReadyPct)
			assertFields(t, c, map[string]any{"Pct": tt.pct, "IsProductionReady": tt.ready, "IsComplete": tt.complete, "Missing": tt.missing, "Gap": tt.gap})
		})
	}
}

// TestCompletenessWindowsCountOnlyExpectedGames checks A.2.11 end to end: a
// games window expects the team's last N final games before D; a days
// window the team's games in [D-N, D); a DNP row counts; D is never inside.
func TestCompletenessWindowsCountOnlyExpectedGames(t *testing.T) {
	var team []nba.ScheduledGame
	recorded := map[string]bool{}
	for i := 12; i >= 0; i-- { // games every other day up to and including D
		g := scheduled(t, day(t, "2025-01-30").AddDays(-2*i).String(), "LAL", "BOS")
		team = append(team, g)
		if i%3 != 0 {
			recorded[g.GameID] = true // the player has a row (played or DNP)
		}
	}
	d := day(t, "2025-01-30")
	tests := []struct {
		w                nba.CompletenessWindow
		expected, actual int
	}{
		{nba.WindowL5, 5, 4},    // i=1..5, missing i=3
		{nba.WindowL10, 10, 7},  // i=1..10, missing 3, 6, 9
		{nba.WindowL7d, 3, 2},   // 01-23..01-29: i=1..3 (01-28, 26, 24)
		{nba.WindowL14d, 7, 5},  // 01-16..01-29: i=1..7
		{nba.WindowL30d, 12, 8}, // every game before D
	}
	for _, tt := range tests {
		c := nba.MeasureWindow(tt.w, d, team, func(id string) bool { return recorded[id] }, nba.DefaultProductionReadyPct)
		if c.Expected != tt.expected || c.Actual != tt.actual {
			t.Errorf("%s: expected/actual = %d/%d, want %d/%d", tt.w.Name, c.Expected, c.Actual, tt.expected, tt.actual)
		}
	}
}

// TestGoldenReprocessAttempts is the §8.3 circuit-breaker sequence for one
// player and date.
func TestGoldenReprocessAttempts(t *testing.T) {
	cfg := nba.DefaultBreakerConfig
	d := day(t, "2025-01-27")
	f := &nba.Failure{Processor: nba.PSZA, PlayerLookup: "p", Category: nba.IncompleteData, Reason: "Incomplete data"}
	now := at(t, "2025-01-27T10:00:00Z")
	var attempts []nba.ReprocessAttempt
	run := func(at time.Time) nba.ReprocessAttempt {
		a := nba.NextAttempt(cfg, f, d, nba.BreakerStatus(attempts, at), at)
		attempts = append(attempts, a)
		return a
	}
	for i, want := range []struct {
		n       int64
		tripped bool
	}{{1, false}, {2, false}, {3, true}} {
		a := run(now.Add(time.Duration(i) * time.Hour))
		if a.AttemptNumber != want.n || a.CircuitBreakerTripped != want.tripped {
			t.Fatalf("run %d: attempt %d tripped %v, want %d %v", i+1, a.AttemptNumber, a.CircuitBreakerTripped, want.n, want.tripped)
		}
	}
	third := attempts[2]
	if want := third.AttemptedAt.Add(24 * time.Hour); !third.CircuitBreakerUntil.Equal(want) {
		t.Errorf("until = %v, want attempted_at + 24h = %v", third.CircuitBreakerUntil, want)
	}
	within := nba.BreakerStatus(attempts, third.AttemptedAt.Add(23*time.Hour))
	if !within.Active || within.Attempts != 3 {
		t.Errorf("within 24h: %+v, want active with 3 attempts", within)
	}
	if bf := nba.BreakerFailure(nba.PSZA, "p", "", within); bf.Category != nba.CircuitBreakerActive || bf.CanRetry {
		t.Errorf("breaker failure = %+v, want CIRCUIT_BREAKER_ACTIVE, can_retry false", bf)
	}
	after := third.AttemptedAt.Add(25 * time.Hour)
	expired := nba.BreakerStatus(attempts, after)
	if expired.Active || expired.Attempts != 3 {
		t.Errorf("after expiry: %+v, want inactive with 3 attempts", expired)
	}
	if a := run(after); a.AttemptNumber != 4 || !a.CircuitBreakerTripped {
		t.Errorf("next incomplete run: attempt %d tripped %v, want 4 true", a.AttemptNumber, a.CircuitBreakerTripped)
	}
	if st := nba.BreakerStatus(nil, now); st.Active || st.Attempts != 0 {
		t.Errorf("no attempts: %+v, want inactive with 0", st)
	}
}

// TestGoldenBootstrapAndBoundary is §8.3 bootstrap and season boundary.
func TestGoldenBootstrapAndBoundary(t *testing.T) {
	tests := []struct {
		name, date, start   string
		bootstrap, boundary bool
	}{
		{"upgc_2025-10-15_day14", "2025-10-15", "2025-10-01", true, true},
		{"2025-12-10", "2025-12-10", "2025-10-01", false, false},
		{"2026-04-05", "2026-04-05", "2025-10-01", false, true},
		{"PartA_A.2.3_seasonStartFromSchedule_beforeOpener", "2025-10-15", "2025-10-21", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := day(t, tt.date)
			if got := nba.IsCompletenessBootstrap(d, day(t, tt.start)); got != tt.bootstrap {
				t.Errorf("bootstrap = %v, want %v", got, tt.bootstrap)
			}
			if got := nba.IsSeasonBoundary(d); got != tt.boundary {
				t.Errorf("boundary = %v, want %v", got, tt.boundary)
			}
		})
	}
	opener := day(t, "2025-10-21")
	for d := opener; !d.After(day(t, "2025-11-04")); d = d.AddDays(1) {
		want := d.Before(day(t, "2025-11-04"))
		if got := nba.IsPSZABootstrap(d, opener); got != want {
			t.Errorf("PSZA bootstrap skip on %s = %v, want %v", d, got, want)
		}
	}
}

// TestSeasonStartFromSchedule is A.2.3: the opener is the first regular
// season game of the season year in the schedule.
func TestSeasonStartFromSchedule(t *testing.T) {
	games := []nba.ScheduledGame{
		scheduled(t, "2025-10-23", "LAL", "BOS"),
		scheduled(t, "2025-10-21", "NYK", "BOS"),
		scheduled(t, "2025-05-01", "NYK", "BOS"), // last season
	}
	games[2].IsPlayoffs = true
	start, ok := nba.SeasonStart(games, 2025)
	if !ok || start != day(t, "2025-10-21") {
		t.Errorf("SeasonStart = %s %v, want 2025-10-21", start, ok)
	}
	if _, ok := nba.SeasonStart(games, 2030); ok {
		t.Error("SeasonStart of a season without games: ok = true")
	}
	if got := nba.SeasonLabel(2024); got != "2024-25" {
		t.Errorf("SeasonLabel(2024) = %s", got)
	}
}
