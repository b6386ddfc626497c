package faults_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// TestCircuitBreakerLockout gives one player a bad row and runs his date
// again and again on a worker whose breaker trips on the third failed
// attempt and locks out for a few seconds (CIRCUIT_BREAKER_TRIP_ATTEMPT,
// CIRCUIT_BREAKER_LOCKOUT). Runs 1 to 3 record a DATA_ERROR for him; run 4,
// within the lockout, reports CIRCUIT_BREAKER_ACTIVE without counting an
// attempt. The row is then fixed, and run 5, after the lockout, computes
// the player again: he gets a row in both processors.
func TestCircuitBreakerLockout(t *testing.T) {
	const (
		lockout = 15 * time.Second
		trip    = 3
	)
	date := civil.Date{Year: 2025, Month: time.January, Day: 15}
	s := newStack(t, 1, "CIRCUIT_BREAKER_LOCKOUT="+lockout.String(), fmt.Sprintf("CIRCUIT_BREAKER_TRIP_ATTEMPT=%d", trip))
	ds := testenv.Dataset(t)
	player := testenv.PlayersOn(ds, date)[0]
	good := testenv.GamesBefore(ds, player, date)[0]
	bad := good
	nan := math.NaN()
	bad.Points = &nan
	loadRows(t, s, &nba.Dataset{PlayerGames: []nba.PlayerGame{bad}})

	procs := []nba.Processor{nba.UPGC, nba.PSZA}
	// run runs the date once and returns the player's failures of that run
	// by processor.
	run := func(n int) map[nba.Processor]nba.Failure {
		t.Helper()
		res := wait[workflows.DailyResult](t, s.startDaily(t, fmt.Sprintf("breaker-%d-%s", n, s.queue), workflows.DailyInput{GameDate: date.String()}), 2*time.Minute)
		records, err := s.wh.EntityFailures(context.Background(), date)
		if err != nil {
			t.Fatal(err)
		}
		got := map[nba.Processor]nba.Failure{}
		for _, r := range records {
			if r.RunID == res.RunID && r.Failure.PlayerLookup == player {
				got[r.Processor] = r.Failure
			}
		}
		return got
	}
	attempts := func(p nba.Processor, where string) int {
		return countRows(t, s.wh, warehouse.Attempts.Name, "entity_id = ? AND processor_name = ? AND analysis_date = ?"+where, player, string(p), date.String())
	}

	for n := 1; n <= trip; n++ {
		got := run(n)
		for _, p := range procs {
			if got[p].Category != nba.DataError {
				t.Fatalf("run %d: %s failure of %s %+v, want %s", n, shortName(p), player, got[p], nba.DataError)
			}
		}
	}
	for _, p := range procs {
		if a, tripped := attempts(p, ""), attempts(p, " AND circuit_breaker_tripped = 1"); a != trip || tripped != 1 {
			t.Errorf("%s: %d attempts recorded, %d tripped; want %d and 1", shortName(p), a, tripped, trip)
		}
	}

	locked := run(trip + 1)
	var until time.Time
	for _, p := range procs {
		f := locked[p]
		_, at, ok := strings.Cut(f.Reason, " until ")
		u, err := time.Parse(time.RFC3339, at)
		if f.Category != nba.CircuitBreakerActive || !ok || err != nil {
			t.Fatalf("run %d: %s failure %+v, want %s until a time (%v)", trip+1, shortName(p), f, nba.CircuitBreakerActive, err)
		}
		if u.After(until) {
			until = u
		}
		if a := attempts(p, ""); a != trip {
			t.Errorf("%s: %d attempts after the locked-out run, want still %d", shortName(p), a, trip)
		}
	}
	if left := time.Until(until); left > lockout {
		t.Errorf("locked out until %s, %v from now: longer than the configured %v", until, left, lockout)
	}
	t.Logf("%s locked out after %d DATA_ERROR runs, until %s: %q", player, trip, until.Format(time.TimeOnly), locked[nba.UPGC].Reason)

	// Fix the row and wait out the lockout (RFC 3339 drops the fraction).
	loadRows(t, s, &nba.Dataset{PlayerGames: []nba.PlayerGame{good}})
	time.Sleep(time.Until(until.Add(time.Second)))
	if got := run(trip + 2); len(got) != 0 {
		t.Fatalf("run %d after the lockout: failures %+v, want none", trip+2, got)
	}
	stored := readOutcomes(t, s.wh, []civil.Date{date})
	for _, p := range procs {
		if !slices.ContainsFunc(stored[key{date, p, player}], func(e string) bool { return strings.HasPrefix(e, "row ") }) {
			t.Errorf("%s has no %s row after the lockout: %v", player, shortName(p), stored[key{date, p, player}])
		}
	}
	t.Logf("after the lockout and the fix, run %d gave %s a row in both processors", trip+2, player)
}
