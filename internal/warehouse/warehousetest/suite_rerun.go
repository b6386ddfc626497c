package warehousetest

import (
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// outcome is what a (processor, date) holds: its rows and its failures.
type outcome struct {
	contexts []nba.PlayerContext
	failures []warehouse.FailureRecord
}

func readOutcome(t *testing.T, w warehouse.Warehouse) outcome {
	t.Helper()
	contexts, err := w.PlayerContexts(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	failures, err := w.EntityFailures(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	return outcome{contexts, failures}
}

func assertOutcome(t *testing.T, what string, got, want outcome) {
	t.Helper()
	AssertSameRows(t, what+": PlayerContexts", got.contexts, want.contexts)
	AssertSameRows(t, what+": EntityFailures", got.failures, want.failures)
}

// failureRecord is the record of a failure r committed with CommitRequest.
func failureRecord(run string, f nba.Failure) warehouse.FailureRecord {
	return warehouse.FailureRecord{RunID: run, Processor: f.Processor, Date: Mid, Failure: f, CreatedAt: utc(Mid, 7)}
}

// testRerun: a rerun leaves exactly its own outcome: rows of the players it
// computed, failures of those it failed, nothing of anyone else.
func testRerun(t *testing.T, open OpenFunc) {
	at1, at2 := utc(Mid, 8), utc(Mid, 9)
	first := warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at1), Context("aaatwo", Mid, 15, at1),
		Context("bbbone", Mid, 10, at1)}, Failures: []nba.Failure{Failure(nba.UPGC, "bbbtwo", nba.DataError)}}
	cccFails := Failure(nba.UPGC, "bbbone", nba.CalculationError)
	tests := []struct {
		name  string
		rerun warehouse.StageBatch
		want  warehouse.CommitResult
		after outcome
	}{
		{"a player dropped from the plan loses its row",
			warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at2), Context("aaatwo", Mid, 15, at2)}},
			warehouse.CommitResult{Unchanged: 2, Deleted: 1},
			outcome{contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at1), Context("aaatwo", Mid, 15, at1)}}},
		{"a player who fails loses its row and has a failure",
			warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 21, at2), Context("aaatwo", Mid, 15, at2)},
				Failures: []nba.Failure{cccFails}},
			warehouse.CommitResult{Updated: 1, Unchanged: 1, Deleted: 1, Failed: 1,
				FailuresByCategory: map[string]int{string(nba.CalculationError): 1}},
			outcome{contexts: []nba.PlayerContext{keepCreated(Context("aaaone", Mid, 21, at2), at1), Context("aaatwo", Mid, 15, at1)},
				failures: []warehouse.FailureRecord{failureRecord("r2", cccFails)}}},
		{"a player who failed before and now has a row loses the old failure",
			warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at2), Context("aaatwo", Mid, 15, at2),
				Context("bbbone", Mid, 10, at2), Context("bbbtwo", Mid, 7, at2)}},
			warehouse.CommitResult{Inserted: 1, Unchanged: 3},
			outcome{contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at1), Context("aaatwo", Mid, 15, at1),
				Context("bbbone", Mid, 10, at1), Context("bbbtwo", Mid, 7, at2)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := open(t)
			stageAndCommit(t, w, "r1", nba.UPGC, Mid, first)
			assertResult(t, "Commit r2", stageAndCommit(t, w, "r2", nba.UPGC, Mid, tt.rerun), tt.want)
			assertOutcome(t, "after r2", readOutcome(t, w), tt.after)
			assertResult(t, "Commit r2 retried", commit(t, w, "r2", nba.UPGC, Mid), tt.want)
			assertOutcome(t, "after r2 retried", readOutcome(t, w), tt.after)
		})
	}
}

// testOverlappingRuns: two runs of one date commit in either order; the
// date ends with the outcome of the run that planned last, as one clean
// commit of it alone would leave, and the older run reports superseded.
func testOverlappingRuns(t *testing.T, open OpenFunc) {
	at := utc(Mid, 8)
	older := warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 10, at), Context("aaatwo", Mid, 10, at)},
		Failures: []nba.Failure{Failure(nba.UPGC, "bbbone", nba.DataError)},
		Attempts: []nba.ReprocessAttempt{Attempt(nba.UPGC, "bbbone", Mid, 1)}}
	newer := warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 20, at), Context("bbbone", Mid, 20, at)}}
	oldReq, newReq := PlannedCommit("z-old", nba.UPGC, Mid, utc(Mid, 3)), PlannedCommit("a-new", nba.UPGC, Mid, utc(Mid, 4))

	clean := open(t)
	stage(t, clean, "a-new", nba.UPGC, Mid, newer)
	commitRequest(t, clean, newReq)
	want := readOutcome(t, clean)

	t.Run("newer commits first", func(t *testing.T) {
		w := open(t)
		stage(t, w, "z-old", nba.UPGC, Mid, older)
		stage(t, w, "a-new", nba.UPGC, Mid, newer)
		assertResult(t, "Commit of the newer run", commitRequest(t, w, newReq), warehouse.CommitResult{Inserted: 2})
		superseded := warehouse.CommitResult{Superseded: true, SupersededBy: "a-new"}
		assertResult(t, "Commit of the older run", commitRequest(t, w, oldReq), superseded)
		assertOutcome(t, "after both", readOutcome(t, w), want)
		assertResult(t, "Commit of the older run retried", commitRequest(t, w, oldReq), superseded)
		assertAttempts(t, w, nil)
		assertResult(t, "Commit of the newer run retried", commitRequest(t, w, newReq), warehouse.CommitResult{Inserted: 2})
		assertRunStatuses(t, w, map[string]string{"a-new": warehouse.StatusSuccess, "z-old": warehouse.StatusSuperseded})
		assertCommittedRun(t, w, newReq)
	})
	t.Run("older commits first", func(t *testing.T) {
		w := open(t)
		stage(t, w, "z-old", nba.UPGC, Mid, older)
		stage(t, w, "a-new", nba.UPGC, Mid, newer)
		assertResult(t, "Commit of the older run", commitRequest(t, w, oldReq), warehouse.CommitResult{Inserted: 2, Failed: 1,
			FailuresByCategory: map[string]int{string(nba.DataError): 1}, Attempts: 1})
		assertResult(t, "Commit of the newer run", commitRequest(t, w, newReq), warehouse.CommitResult{Inserted: 1, Updated: 1, Deleted: 1})
		assertOutcome(t, "after both", readOutcome(t, w), want)
		assertAttempts(t, w, older.Attempts) // the breaker counts what really failed
		assertRunStatuses(t, w, map[string]string{"a-new": warehouse.StatusSuccess, "z-old": warehouse.StatusPartial})
		assertCommittedRun(t, w, newReq)
	})
	t.Run("same plan time: the greater run ID is newer", func(t *testing.T) {
		w := open(t)
		stage(t, w, "r2", nba.UPGC, Mid, newer)
		stage(t, w, "r1", nba.UPGC, Mid, older)
		commit(t, w, "r2", nba.UPGC, Mid)
		assertResult(t, "Commit r1", commit(t, w, "r1", nba.UPGC, Mid), warehouse.CommitResult{Superseded: true, SupersededBy: "r2"})
	})
	t.Run("a run without a plan time is fenced by its start", func(t *testing.T) {
		w := open(t)
		stageAndCommit(t, w, "r9", nba.UPGC, Mid, newer) // planned at 05:00
		legacy := PlannedCommit("r1", nba.UPGC, Mid, time.Time{})
		stage(t, w, "r1", nba.UPGC, Mid, older)
		if res := commitRequest(t, w, legacy); res.Superseded {
			t.Errorf("Commit of a run started at 06:00 without a plan time = %+v, want it newer than a run planned at 05:00", res)
		}
	})
}

// assertAttempts checks the reprocess attempts recorded for bbbone.
func assertAttempts(t *testing.T, w warehouse.Warehouse, want []nba.ReprocessAttempt) {
	t.Helper()
	in, err := w.ContextInputs(ctx(t), Mid, Opener, Planned(Mid, "bbbone"))
	if err != nil {
		t.Fatal(err)
	}
	AssertSameRows(t, "reprocess attempts", in.Attempts, want)
}

// assertRunStatuses checks the run-history status of each run of Mid.
func assertRunStatuses(t *testing.T, w warehouse.Warehouse, want map[string]string) {
	t.Helper()
	hist, err := w.RunHistory(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range hist {
		got[h.RunID] = h.Status
	}
	if canon(valueOf(got)) != canon(valueOf(want)) {
		t.Errorf("run statuses = %v, want %v", got, want)
	}
}

// assertCommittedRun checks that req's run is the one committed run of Mid,
// with its fence, and that the day before and after have none.
func assertCommittedRun(t *testing.T, w warehouse.Warehouse, req warehouse.CommitRequest) {
	t.Helper()
	got, err := w.CommittedRuns(ctx(t), Mid.AddDays(-1), Mid.AddDays(1))
	if err != nil {
		t.Fatal(err)
	}
	want := []warehouse.CommittedRunRow{warehouse.NewCommittedRunRow(req)}
	AssertSameRows(t, "CommittedRuns", got, want)
}

// testResetCommitsForReal: a reset re-executes a run under a new run ID
// while it stages under its chain's first; its commit is real, not the
// recorded result of the run it was reset from.
func testResetCommitsForReal(t *testing.T, open OpenFunc) {
	w := open(t)
	at := utc(Mid, 8)
	first := warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 10, at)}}
	stage(t, w, "chain/r1", nba.UPGC, Mid, first)
	commitRequest(t, w, PlannedCommit("chain/r1", nba.UPGC, Mid, utc(Mid, 3)))

	corrected := warehouse.StageBatch{Contexts: []nba.PlayerContext{Context("aaaone", Mid, 60, at)},
		Failures: []nba.Failure{Failure(nba.UPGC, "aaatwo", nba.DataError)}}
	stage(t, w, "chain/r1", nba.UPGC, Mid, corrected)
	reset := PlannedCommit("chain/r2", nba.UPGC, Mid, utc(Mid, 4))
	reset.StagingID = "chain/r1"
	want := warehouse.CommitResult{Updated: 1, Failed: 1, FailuresByCategory: map[string]int{string(nba.DataError): 1}}
	assertResult(t, "Commit of the reset run", commitRequest(t, w, reset), want)
	assertResult(t, "Commit of the reset run retried", commitRequest(t, w, reset), want)
	assertOutcome(t, "after the reset", readOutcome(t, w), outcome{
		contexts: []nba.PlayerContext{keepCreated(Context("aaaone", Mid, 60, at), at)},
		failures: []warehouse.FailureRecord{failureRecord("chain/r2", Failure(nba.UPGC, "aaatwo", nba.DataError))}})
	assertRunStatuses(t, w, map[string]string{"chain/r1": warehouse.StatusSuccess, "chain/r2": warehouse.StatusPartial})
	assertCommittedRun(t, w, reset)
}
