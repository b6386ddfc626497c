package warehousetest

import (
	"errors"
	"math"
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

func testLoadIdempotent(t *testing.T, open OpenFunc) {
	w, ds, attempts := seeded(t, open)
	if _, err := w.LoadDataset(ctx(t), Fixture()); err != nil {
		t.Fatalf("second LoadDataset: %v", err)
	}
	planned := Planned(Mid, PlayersOf("AAA", Mid)...)
	got, err := w.ContextInputs(ctx(t), Mid, Opener, planned)
	if err != nil {
		t.Fatal(err)
	}
	assertSameInputs(t, "after a second load", got, expectContext(ds, attempts, Mid, Opener, planned))

	// A row whose key exists replaces the stored one.
	changed := ds.PlayerGames[0]
	changed.Points = f64(99)
	if _, err := w.LoadDataset(ctx(t), &nba.Dataset{PlayerGames: []nba.PlayerGame{changed}}); err != nil {
		t.Fatal(err)
	}
	ds.PlayerGames[0] = changed
	zones, err := w.ShotZoneInputs(ctx(t), Mid, Opener, Planned(Mid, changed.PlayerLookup))
	if err != nil {
		t.Fatal(err)
	}
	assertSameInputs(t, "after replacing a row", zones, expectShotZone(ds, attempts, Mid, Opener, Planned(Mid, changed.PlayerLookup)))
}

// testNaNRoundTrip: bad floats reach the domain as they were loaded.
func testNaNRoundTrip(t *testing.T, open OpenFunc) {
	w := open(t)
	ds := Fixture()
	g := &ds.PlayerGames[len(ds.PlayerGames)/2]
	g.MinutesPlayed, g.FGAttempts, g.Points, g.UsageRate = math.NaN(), math.Inf(1), f64(math.Inf(-1)), f64(math.NaN())
	if _, err := w.LoadDataset(ctx(t), ds); err != nil {
		t.Fatal(err)
	}
	in, err := w.ShotZoneInputs(ctx(t), g.GameDate.AddDays(1), Opener, Planned(g.GameDate, g.PlayerLookup))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range in.PlayerGames {
		if r.GameID != g.GameID {
			continue
		}
		if !math.IsNaN(r.MinutesPlayed) || !math.IsInf(r.FGAttempts, 1) || r.Points == nil || !math.IsInf(*r.Points, -1) ||
			r.UsageRate == nil || !math.IsNaN(*r.UsageRate) {
			t.Errorf("read back %s: minutes %v, fg attempts %v, points %v, usage %v; want NaN, +Inf, -Inf, NaN",
				r.GameID, r.MinutesPlayed, r.FGAttempts, canon(valueOf(r.Points)), canon(valueOf(r.UsageRate)))
		}
		return
	}
	t.Fatalf("row %s %s not read back", g.GameID, g.PlayerLookup)
}

// testCommit runs commits of several runs over one date in order.
func testCommit(t *testing.T, open OpenFunc) {
	w := open(t)
	at1, at2 := utc(Mid, 8), utc(Mid, 9)
	p1, p2, p3 := "aaaone", "aaatwo", "bbbone"
	steps := []struct {
		name   string
		run    string
		chunks [][]nba.PlayerContext
		want   warehouse.CommitResult
		stored []nba.PlayerContext // the table afterwards
	}{
		{"first run inserts", "r1",
			[][]nba.PlayerContext{{Context(p1, Mid, 20, at1), Context(p2, Mid, 15, at1)}, {Context(p3, Mid, 10, at1)}},
			warehouse.CommitResult{Inserted: 3},
			[]nba.PlayerContext{Context(p1, Mid, 20, at1), Context(p2, Mid, 15, at1), Context(p3, Mid, 10, at1)}},
		{"same rows later are unchanged", "r2",
			[][]nba.PlayerContext{{Context(p1, Mid, 20, at2), Context(p2, Mid, 15, at2), Context(p3, Mid, 10, at2)}},
			warehouse.CommitResult{Unchanged: 3},
			[]nba.PlayerContext{Context(p1, Mid, 20, at1), Context(p2, Mid, 15, at1), Context(p3, Mid, 10, at1)}},
		{"changed rows are updated keeping created_at, absent ones deleted", "r3",
			[][]nba.PlayerContext{{Context(p1, Mid, 21, at2), Context(p2, Mid, 15, at2)}, {Context("bbbtwo", Mid, 5, at2)}},
			warehouse.CommitResult{Inserted: 1, Updated: 1, Unchanged: 1, Deleted: 1},
			[]nba.PlayerContext{keepCreated(Context(p1, Mid, 21, at2), at1), Context(p2, Mid, 15, at1), Context("bbbtwo", Mid, 5, at2)}},
		{"a run that computed no players leaves none", "r4", nil, warehouse.CommitResult{Deleted: 3}, []nba.PlayerContext{}},
	}
	var stored []nba.PlayerContext
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			for _, c := range s.chunks {
				b := warehouse.StageBatch{RunID: s.run, Processor: nba.UPGC, Date: Mid, Contexts: c}
				for _, r := range c {
					b.Players = append(b.Players, r.PlayerLookup)
				}
				if err := w.Stage(ctx(t), b); err != nil {
					t.Fatal(err)
				}
			}
			assertResult(t, "Commit "+s.run, commit(t, w, s.run, nba.UPGC, Mid), s.want)
			if s.stored != nil {
				stored = s.stored
			}
			got, err := w.PlayerContexts(ctx(t), Mid)
			if err != nil {
				t.Fatal(err)
			}
			AssertSameRows(t, "PlayerContexts", got, stored)
			assertResult(t, "Commit "+s.run+" again", commit(t, w, s.run, nba.UPGC, Mid), s.want)
		})
	}
	hist, err := w.RunHistory(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != len(steps) {
		t.Fatalf("RunHistory has %d records, want %d (one per commit, re-commits change nothing)", len(hist), len(steps))
	}
	for _, h := range hist {
		if h.Processor != nba.UPGC || h.Date != Mid || h.Status != warehouse.StatusSuccess || h.RunKind != "manual" ||
			!h.StartedAt.Equal(utc(Mid, 6)) || !h.FinishedAt.Equal(utc(Mid, 7)) {
			t.Errorf("run record %+v", h)
		}
	}
}

// keepCreated returns c with the created_at of the row it updates.
func keepCreated(c nba.PlayerContext, created time.Time) nba.PlayerContext {
	c.CreatedAt = created
	return c
}

// testRetriedStage: a chunk staged again replaces its earlier rows, even when
// the retry produced a failure instead of a row.
func testRetriedStage(t *testing.T, open OpenFunc) {
	w := open(t)
	at := utc(Mid, 8)
	first := warehouse.StageBatch{RunID: "r1", Processor: nba.UPGC, Date: Mid, Players: []string{"aaaone", "aaatwo"},
		Contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at), Context("aaatwo", Mid, 15, at)}}
	for range 2 {
		if err := w.Stage(ctx(t), first); err != nil {
			t.Fatal(err)
		}
	}
	retry := warehouse.StageBatch{RunID: "r1", Processor: nba.UPGC, Date: Mid, Players: []string{"aaaone", "aaatwo"},
		Contexts: []nba.PlayerContext{Context("aaaone", Mid, 22, at)},
		Failures: []nba.Failure{Failure(nba.UPGC, "aaatwo", nba.DataError)}}
	for range 2 {
		if err := w.Stage(ctx(t), retry); err != nil {
			t.Fatal(err)
		}
	}
	want := warehouse.CommitResult{Inserted: 1, Failed: 1, FailuresByCategory: map[string]int{string(nba.DataError): 1}}
	assertResult(t, "Commit", commit(t, w, "r1", nba.UPGC, Mid), want)
	got, err := w.PlayerContexts(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	AssertSameRows(t, "PlayerContexts", got, []nba.PlayerContext{Context("aaaone", Mid, 22, at)})
}

func testDiscardRun(t *testing.T, open OpenFunc) {
	w := open(t)
	at := utc(Mid, 8)
	stageAndCommit(t, w, "r1", nba.UPGC, Mid, warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at)}})
	for _, run := range []string{"r2", "r3"} {
		b := warehouse.StageBatch{RunID: run, Processor: nba.UPGC, Date: Mid, Contexts: []nba.PlayerContext{Context("aaaone", Mid, 30, at)},
			Failures: []nba.Failure{Failure(nba.UPGC, "aaatwo", nba.DataError)},
			Attempts: []nba.ReprocessAttempt{Attempt(nba.UPGC, "aaatwo", Mid, 1)}}
		if err := w.Stage(ctx(t), b); err != nil {
			t.Fatal(err)
		}
	}
	for _, run := range []string{"r1", "r2"} { // r1 has nothing staged any more; r2 is cancelled
		if err := w.DiscardRun(ctx(t), run); err != nil {
			t.Fatal(err)
		}
	}
	// A commit of the discarded run, with the counts its chunks reported,
	// finds the staging empty and refuses to read that as "no players".
	req := CommitRequest("r2", nba.UPGC, Mid)
	req.Staged = &warehouse.StagedCount{Rows: 1, Failures: 1}
	if res, err := w.Commit(ctx(t), req); !errors.Is(err, warehouse.ErrStagingMismatch) {
		t.Errorf("Commit of the discarded run = %+v, %v; want ErrStagingMismatch", res, err)
	}
	got, err := w.PlayerContexts(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	AssertSameRows(t, "PlayerContexts after DiscardRun", got, []nba.PlayerContext{Context("aaaone", Mid, 20, at)})
	want := warehouse.CommitResult{Updated: 1, Failed: 1, FailuresByCategory: map[string]int{string(nba.DataError): 1}, Attempts: 1}
	assertResult(t, "Commit of another run", commit(t, w, "r3", nba.UPGC, Mid), want)
}

func testFailuresAndAttempts(t *testing.T, open OpenFunc) {
	w, _, _ := seeded(t, open)
	// bbbtwo failed twice before (seeded): this is the third attempt.
	fails := []nba.Failure{Failure(nba.UPGC, "bbbtwo", nba.IncompleteData), Failure(nba.UPGC, "bbbone", nba.CalculationError)}
	fails[1].GameID, fails[1].Completeness = "", nil
	attempts := []nba.ReprocessAttempt{Attempt(nba.UPGC, "bbbtwo", Mid, 3)}
	res := stageAndCommit(t, w, "r1", nba.UPGC, Mid, warehouse.StageBatch{Players: []string{"aaaone", "bbbtwo", "bbbone"},
		Contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, utc(Mid, 8))}, Failures: fails, Attempts: attempts})
	want := warehouse.CommitResult{Inserted: 1, Failed: 2, Attempts: 1,
		FailuresByCategory: map[string]int{string(nba.IncompleteData): 1, string(nba.CalculationError): 1}}
	assertResult(t, "Commit", res, want)

	got, err := w.EntityFailures(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	var wantRecords []warehouse.FailureRecord
	for _, f := range fails {
		wantRecords = append(wantRecords, warehouse.FailureRecord{RunID: "r1", Processor: nba.UPGC, Date: Mid, Failure: f, CreatedAt: utc(Mid, 7)})
	}
	AssertSameRows(t, "EntityFailures", got, wantRecords)

	in, err := w.ContextInputs(ctx(t), Mid, Opener, Planned(Mid, "bbbtwo"))
	if err != nil {
		t.Fatal(err)
	}
	wantAttempts := []nba.ReprocessAttempt{Attempt(nba.UPGC, "bbbtwo", Mid, 1), Attempt(nba.UPGC, "bbbtwo", Mid, 2), attempts[0]}
	AssertSameRows(t, "Attempts after commit", in.Attempts, wantAttempts)
	hist, err := w.RunHistory(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hist {
		if h.RunID == "r1" && (h.Status != warehouse.StatusPartial || h.Result.Failed != 2) {
			t.Errorf("run record of r1 = %+v, want status %s with 2 failures", h, warehouse.StatusPartial)
		}
	}
}

// testShotZoneCommit: both processors stage under one run and date; each
// commit takes only its own processor's rows.
func testShotZoneCommit(t *testing.T, open OpenFunc) {
	w := open(t)
	at := utc(Mid, 8)
	zones := []nba.ShotZoneProfile{Zone("aaaone", Mid, 40, at), Zone("aaatwo", Mid, 35.5, at)}
	contexts := []nba.PlayerContext{Context("aaaone", Mid, 20, at)}
	if err := w.Stage(ctx(t), warehouse.StageBatch{RunID: "r1", Processor: nba.PSZA, Date: Mid, Zones: zones,
		Failures: []nba.Failure{Failure(nba.PSZA, "bbbone", nba.InsufficientData)}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Stage(ctx(t), warehouse.StageBatch{RunID: "r1", Processor: nba.UPGC, Date: Mid, Contexts: contexts}); err != nil {
		t.Fatal(err)
	}
	assertResult(t, "Commit PSZA", commit(t, w, "r1", nba.PSZA, Mid),
		warehouse.CommitResult{Inserted: 2, Failed: 1, FailuresByCategory: map[string]int{string(nba.InsufficientData): 1}})
	gotZones, err := w.ShotZoneProfiles(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	AssertSameRows(t, "ShotZoneProfiles", gotZones, zones)
	assertResult(t, "Commit UPGC", commit(t, w, "r1", nba.UPGC, Mid), warehouse.CommitResult{Inserted: 1})
	gotContexts, err := w.PlayerContexts(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	AssertSameRows(t, "PlayerContexts", gotContexts, contexts)
	changed := []nba.ShotZoneProfile{Zone("aaaone", Mid, 41, utc(Mid, 9)), Zone("aaatwo", Mid, 35.5, utc(Mid, 9))}
	assertResult(t, "Commit PSZA of a second run",
		stageAndCommit(t, w, "r2", nba.PSZA, Mid, warehouse.StageBatch{Zones: changed}), warehouse.CommitResult{Updated: 1, Unchanged: 1})

	// The shot-zone content hash keeps the legacy fields only; a rerun that
	// changes nothing else (late gamebook rows made the player complete)
	// must still rewrite the row, as one clean run of it would leave it.
	complete := Zone("aaatwo", Mid, 35.5, utc(Mid, 10))
	complete.CompletenessPercentage, complete.IsProductionReady, complete.DataQualityIssues = 100, true, nil
	incomplete := complete
	incomplete.CompletenessPercentage, incomplete.IsProductionReady, incomplete.DataQualityIssues = 60, false, []string{"incomplete_upstream"}
	incomplete.CreatedAt, incomplete.ProcessedAt = utc(Mid, 9), utc(Mid, 9)
	if complete.DataHash != incomplete.DataHash {
		t.Fatal("the fixture's rows differ in a hashed column; the case needs rows that differ only outside the hash")
	}
	stageAndCommit(t, w, "r3", nba.PSZA, Mid, warehouse.StageBatch{Zones: []nba.ShotZoneProfile{changed[0], incomplete}})
	assertResult(t, "Commit PSZA of a run that only completes a player",
		stageAndCommit(t, w, "r4", nba.PSZA, Mid, warehouse.StageBatch{Zones: []nba.ShotZoneProfile{changed[0], complete}}),
		warehouse.CommitResult{Updated: 1, Unchanged: 1})
	gotZones, err = w.ShotZoneProfiles(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	// Both rows were first written by r1, and a rewrite keeps created_at.
	stillFirst := changed[0]
	stillFirst.CreatedAt, complete.CreatedAt = at, at
	AssertSameRows(t, "ShotZoneProfiles after completion", gotZones, []nba.ShotZoneProfile{stillFirst, complete})
}

// testBadBatches: a batch that contradicts itself is refused whole.
func testBadBatches(t *testing.T, open OpenFunc) {
	w := open(t)
	at := utc(Mid, 8)
	ok := Context("aaaone", Mid, 20, at)
	tests := []struct {
		name  string
		batch warehouse.StageBatch
	}{
		{"empty run id", warehouse.StageBatch{Processor: nba.UPGC, Date: Mid, Contexts: []nba.PlayerContext{ok}}},
		{"unknown processor", warehouse.StageBatch{RunID: "bad", Processor: "nope", Date: Mid, Contexts: []nba.PlayerContext{ok}}},
		{"row of another date", warehouse.StageBatch{RunID: "bad", Processor: nba.UPGC, Date: Mid,
			Contexts: []nba.PlayerContext{ok, Context("aaatwo", Mid.AddDays(1), 20, at)}}},
		{"repeated player", warehouse.StageBatch{RunID: "bad", Processor: nba.UPGC, Date: Mid, Contexts: []nba.PlayerContext{ok, ok}}},
		{"zones in a context batch", warehouse.StageBatch{RunID: "bad", Processor: nba.UPGC, Date: Mid,
			Contexts: []nba.PlayerContext{ok}, Zones: []nba.ShotZoneProfile{Zone("aaatwo", Mid, 30, at)}}},
		{"attempt of the other processor", warehouse.StageBatch{RunID: "bad", Processor: nba.UPGC, Date: Mid,
			Contexts: []nba.PlayerContext{ok}, Attempts: []nba.ReprocessAttempt{Attempt(nba.PSZA, "aaatwo", Mid, 1)}}},
		{"failure of the other processor", warehouse.StageBatch{RunID: "bad", Processor: nba.UPGC, Date: Mid,
			Contexts: []nba.PlayerContext{ok}, Failures: []nba.Failure{Failure(nba.PSZA, "aaatwo", nba.DataError)}}},
	}
	for _, tt := range tests {
		if err := w.Stage(ctx(t), tt.batch); err == nil {
			t.Errorf("Stage with %s: no error", tt.name)
		}
	}
	assertResult(t, "Commit after refused batches", commit(t, w, "bad", nba.UPGC, Mid), warehouse.CommitResult{})
	for _, req := range []warehouse.CommitRequest{
		{Processor: nba.UPGC, Date: Mid}, {RunID: "bad", Processor: "nope", Date: Mid}, {RunID: "bad", Processor: nba.UPGC},
	} {
		if _, err := w.Commit(ctx(t), req); err == nil {
			t.Errorf("Commit(%+v): no error", req)
		}
	}
}
