// Package warehousetest is the contract suite of warehouse.Warehouse: one set
// of tests that every backend passes, over a small fixture league whose
// tables hold rows inside and outside every documented window.
package warehousetest

import (
	"context"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// OpenFunc opens an empty warehouse for one test and closes it when the test ends.
type OpenFunc func(t *testing.T) warehouse.Warehouse

// Run runs the contract suite against the warehouses open returns. Each
// subtest opens its own.
func Run(t *testing.T, open OpenFunc) {
	t.Run("GameDates", func(t *testing.T) { testGameDates(t, open) })
	t.Run("SeasonStart", func(t *testing.T) { testSeasonStart(t, open) })
	t.Run("PlanInputs", func(t *testing.T) { testPlanInputs(t, open) })
	t.Run("ShotZoneCandidates", func(t *testing.T) { testShotZoneCandidates(t, open) })
	t.Run("ContextInputs", func(t *testing.T) { testContextInputs(t, open) })
	t.Run("ShotZoneInputs", func(t *testing.T) { testShotZoneInputs(t, open) })
	t.Run("ChunkIndependence", func(t *testing.T) { testChunkIndependence(t, open) })
	t.Run("LoadDatasetIdempotent", func(t *testing.T) { testLoadIdempotent(t, open) })
	t.Run("LoadReport", func(t *testing.T) { testLoadReport(t, open) })
	t.Run("LoadRepeatedKey", func(t *testing.T) { testLoadRepeatedKey(t, open) })
	t.Run("NaNRoundTrip", func(t *testing.T) { testNaNRoundTrip(t, open) })
	t.Run("Commit", func(t *testing.T) { testCommit(t, open) })
	t.Run("Rerun", func(t *testing.T) { testRerun(t, open) })
	t.Run("OverlappingRuns", func(t *testing.T) { testOverlappingRuns(t, open) })
	t.Run("ResetCommitsForReal", func(t *testing.T) { testResetCommitsForReal(t, open) })
	t.Run("RetriedStage", func(t *testing.T) { testRetriedStage(t, open) })
	t.Run("DiscardRun", func(t *testing.T) { testDiscardRun(t, open) })
	t.Run("FailuresAndAttempts", func(t *testing.T) { testFailuresAndAttempts(t, open) })
	t.Run("ShotZoneCommit", func(t *testing.T) { testShotZoneCommit(t, open) })
	t.Run("BadBatches", func(t *testing.T) { testBadBatches(t, open) })
	t.Run("ErrorsAreErrors", func(t *testing.T) { testErrorsAreErrors(t, open) })
}

// testErrorsAreErrors: a warehouse that cannot read or write says so; no
// method turns the failure into an empty result.
func testErrorsAreErrors(t *testing.T, open OpenFunc) {
	w := open(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	c, planned := ctx(t), Planned(Mid, "aaaone")
	calls := map[string]func() error{
		"GameDates":          func() error { _, err := w.GameDates(c, Opener, Mid); return err },
		"SeasonStart":        func() error { _, _, err := w.SeasonStart(c, 2024); return err },
		"PlanInputs":         func() error { _, err := w.PlanInputs(c, Mid); return err },
		"ShotZoneCandidates": func() error { _, err := w.ShotZoneCandidates(c, Mid, Opener); return err },
		"ContextInputs":      func() error { _, err := w.ContextInputs(c, Mid, Opener, planned); return err },
		"ShotZoneInputs":     func() error { _, err := w.ShotZoneInputs(c, Mid, Opener, planned); return err },
		"PlayerContexts":     func() error { _, err := w.PlayerContexts(c, Mid); return err },
		"ShotZoneProfiles":   func() error { _, err := w.ShotZoneProfiles(c, Mid); return err },
		"EntityFailures":     func() error { _, err := w.EntityFailures(c, Mid); return err },
		"RunHistory":         func() error { _, err := w.RunHistory(c, Mid); return err },
		"CommittedRuns":      func() error { _, err := w.CommittedRuns(c, Mid, Mid); return err },
		"StagedRuns":         func() error { _, err := w.StagedRuns(c); return err },
		"LoadDataset":        func() error { _, err := w.LoadDataset(c, Fixture()); return err },
		"Stage":              func() error { return w.Stage(c, ContextBatch("r", Mid, []string{"aaaone"}, 1, utc(Mid, 8))) },
		"Commit":             func() error { _, err := w.Commit(c, CommitRequest("r", nba.UPGC, Mid)); return err },
		"DiscardRun":         func() error { return w.DiscardRun(c, "r") },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s on a closed warehouse: no error", name)
		}
	}
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// seeded opens a warehouse holding the fixture league and, committed by run
// "seed-attempts", reprocess attempts of both processors on Mid and the day
// before. It returns the warehouse, the fixture and the attempts.
func seeded(t *testing.T, open OpenFunc) (warehouse.Warehouse, *nba.Dataset, []nba.ReprocessAttempt) {
	t.Helper()
	w, ds := open(t), Fixture()
	if _, err := w.LoadDataset(ctx(t), ds); err != nil {
		t.Fatalf("LoadDataset: %v", err)
	}
	var all []nba.ReprocessAttempt
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		for _, d := range []civil.Date{Mid, Mid.AddDays(-1)} {
			var batch []nba.ReprocessAttempt
			for _, player := range []string{"aaaone", "bbbtwo", Traded, "eeeone"} {
				batch = append(batch, Attempt(p, player, d, 1), Attempt(p, player, d, 2))
			}
			stage(t, w, "seed-attempts", p, d, warehouse.StageBatch{Attempts: batch})
			commitRequest(t, w, PlannedCommit("seed-attempts", p, d, utc(d, 1))) // before every run of the tests
			all = append(all, batch...)
		}
	}
	return w, ds, all
}

// Attempt returns a reprocess attempt of player on d.
func Attempt(p nba.Processor, player string, d civil.Date, n int64) nba.ReprocessAttempt {
	a := nba.ReprocessAttempt{ProcessorName: string(p), EntityID: player, AnalysisDate: d, AttemptNumber: n,
		AttemptedAt: utc(d, 10+int(n)), CompletenessPct: f64(55.5), SkipReason: string(nba.IncompleteData),
		CircuitBreakerTripped: n >= 3, Notes: "Attempt"}
	if a.CircuitBreakerTripped {
		until := utc(d.AddDays(1), 10)
		a.CircuitBreakerUntil = &until
	}
	return a
}

func testGameDates(t *testing.T, open OpenFunc) {
	w, ds, _ := seeded(t, open)
	tests := []struct {
		name     string
		from, to civil.Date
	}{
		{"season", Opener.AddDays(-10), Mid.AddDays(60)},
		{"one day", Mid, Mid},
		{"off day", Mid.AddDays(1), Mid.AddDays(1)},
		{"inclusive bounds", GameDay(2), GameDay(4)},
		{"empty range", Mid, Mid.AddDays(-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.GameDates(ctx(t), tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[civil.Date]bool{}
			var want []civil.Date
			for _, g := range ds.Schedule {
				if !g.GameDate.Before(tt.from) && !g.GameDate.After(tt.to) && !seen[g.GameDate] {
					seen[g.GameDate] = true
					want = append(want, g.GameDate)
				}
			}
			sortDates(want)
			if canon(valueOf(got)) != canon(valueOf(want)) {
				t.Errorf("GameDates(%s, %s) = %v, want %v (distinct, ascending)", tt.from, tt.to, got, want)
			}
		})
	}
}

func testSeasonStart(t *testing.T, open OpenFunc) {
	w, _, _ := seeded(t, open)
	tests := []struct {
		year   int
		want   civil.Date
		wantOK bool
	}{
		{2024, Opener, true}, // the playoff-flagged game two days earlier does not count
		{2023, civil.Date{Year: 2024, Month: time.April, Day: 10}, true},
		{2030, civil.Date{}, false},
	}
	for _, tt := range tests {
		got, ok, err := w.SeasonStart(ctx(t), tt.year)
		if err != nil || got != tt.want || ok != tt.wantOK {
			t.Errorf("SeasonStart(%d) = %s, %v, %v; want %s, %v, nil", tt.year, got, ok, err, tt.want, tt.wantOK)
		}
	}
}

func testPlanInputs(t *testing.T, open OpenFunc) {
	w, ds, _ := seeded(t, open)
	for _, d := range []civil.Date{Mid, GameDay(0), Mid.AddDays(1), Mid.AddDays(200)} {
		t.Run(d.String(), func(t *testing.T) {
			got, err := w.PlanInputs(ctx(t), d)
			if err != nil {
				t.Fatal(err)
			}
			assertSameInputs(t, "PlanInputs", got, expectPlan(ds, d))
		})
	}
}

// testShotZoneCandidates: the warehouse's sums are nba.ShotZoneCandidates
// over the season's box scores, on dates before, inside and after the
// fixture's games.
func testShotZoneCandidates(t *testing.T, open OpenFunc) {
	w, ds, _ := seeded(t, open)
	for _, d := range []civil.Date{Opener, GameDay(3), Mid, Mid.AddDays(1), Mid.AddDays(200)} {
		t.Run(d.String(), func(t *testing.T) {
			got, err := w.ShotZoneCandidates(ctx(t), d, Opener)
			if err != nil {
				t.Fatal(err)
			}
			AssertSameRows(t, "ShotZoneCandidates", got, nba.ShotZoneCandidates(d, Opener, ds.PlayerGames))
		})
	}
}

// chunks are the chunks the read tests load.
func chunks() []struct {
	name    string
	date    civil.Date
	planned []nba.PlannedPlayer
} {
	two := append(PlayersOf("AAA", Mid), PlayersOf("BBB", Mid)...)
	return []struct {
		name    string
		date    civil.Date
		planned []nba.PlannedPlayer
	}{
		{"one team", Mid, Planned(Mid, PlayersOf("AAA", Mid)...)},
		{"two teams", Mid, Planned(Mid, two...)},
		{"traded player alone", Mid, Planned(Mid, Traded)},
		{"early season", GameDay(3), Planned(GameDay(3), "bbbone", "dddtwo")},
		{"off day", Mid.AddDays(1), Planned(Mid.AddDays(1), "aaaone")},
		{"unknown player", Mid, []nba.PlannedPlayer{{PlayerLookup: "nobody", TeamAbbr: "ZZZ"}}},
		{"empty chunk", Mid, nil},
	}
}

func testContextInputs(t *testing.T, open OpenFunc) {
	w, ds, attempts := seeded(t, open)
	for _, c := range chunks() {
		t.Run(c.name, func(t *testing.T) {
			got, err := w.ContextInputs(ctx(t), c.date, Opener, c.planned)
			if err != nil {
				t.Fatal(err)
			}
			assertSameInputs(t, "ContextInputs", got, expectContext(ds, attempts, c.date, Opener, c.planned))
			again, err := w.ContextInputs(ctx(t), c.date, Opener, c.planned)
			if err != nil {
				t.Fatal(err)
			}
			if canon(valueOf(got)) != canon(valueOf(again)) {
				t.Error("two identical ContextInputs calls returned rows in different orders")
			}
		})
	}
}

func testShotZoneInputs(t *testing.T, open OpenFunc) {
	w, ds, attempts := seeded(t, open)
	for _, c := range chunks() {
		t.Run(c.name, func(t *testing.T) {
			got, err := w.ShotZoneInputs(ctx(t), c.date, Opener, c.planned)
			if err != nil {
				t.Fatal(err)
			}
			assertSameInputs(t, "ShotZoneInputs", got, expectShotZone(ds, attempts, c.date, Opener, c.planned))
		})
	}
}

// testChunkIndependence loads players one at a time and all together: for
// every player, the rows the player reads are the same.
func testChunkIndependence(t *testing.T, open OpenFunc) {
	w, _, _ := seeded(t, open)
	planned := Planned(Mid, append(append(PlayersOf("AAA", Mid), PlayersOf("CCC", Mid)...), "dddone")...)
	together, err := w.ContextInputs(ctx(t), Mid, Opener, planned)
	if err != nil {
		t.Fatal(err)
	}
	zonesTogether, err := w.ShotZoneInputs(ctx(t), Mid, Opener, planned)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range planned {
		alone, err := w.ContextInputs(ctx(t), Mid, Opener, []nba.PlannedPlayer{p})
		if err != nil {
			t.Fatal(err)
		}
		ofTogether := expectContext(datasetOfContext(together), together.Attempts, Mid, Opener, []nba.PlannedPlayer{p})
		assertSameInputs(t, "ContextInputs of "+p.PlayerLookup, alone, ofTogether)
		zonesAlone, err := w.ShotZoneInputs(ctx(t), Mid, Opener, []nba.PlannedPlayer{p})
		if err != nil {
			t.Fatal(err)
		}
		zonesOfTogether := expectShotZone(datasetOfShotZone(zonesTogether), zonesTogether.Attempts, Mid, Opener, []nba.PlannedPlayer{p})
		assertSameInputs(t, "ShotZoneInputs of "+p.PlayerLookup, zonesAlone, zonesOfTogether)
	}
}

func datasetOfContext(in *nba.ContextInputs) *nba.Dataset {
	return &nba.Dataset{Schedule: in.Schedule, PlayerGames: in.PlayerGames, Gamebook: in.Gamebook, TeamGames: in.TeamGames,
		OddsProps: in.OddsProps, BettingProsProps: in.BettingProsProps, GameLines: in.GameLines, Rosters: in.Rosters,
		Injuries: in.Injuries, Players: in.Players, Arenas: in.Arenas}
}

func datasetOfShotZone(in *nba.ShotZoneInputs) *nba.Dataset {
	return &nba.Dataset{Schedule: in.Schedule, PlayerGames: in.PlayerGames, Gamebook: in.Gamebook, Players: in.Players, Arenas: in.Arenas}
}
