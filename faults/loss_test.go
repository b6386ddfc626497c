package faults_test

import (
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/workflows"
)

// The backfill the worker-loss tests disturb: two weeks of mid-season
// dates in the backfill's default chunking, workflows.BackfillChunks chunks
// per processor and date.
var (
	lossStart = civil.Date{Year: 2025, Month: time.January, Day: 6}
	lossEnd   = civil.Date{Year: 2025, Month: time.January, Day: 19}
)

// loss is a backfill during which one of two workers was lost.
type loss struct {
	lost, other *workerProc
	inFlight    []inflight // the lost worker's chunks when it was hit
	ended       []attempt  // how each of them ended
	hit         time.Time
	elapsed     time.Duration // of the whole backfill
	undisturbed time.Duration // of the reference backfill
	dates       []civil.Date
}

// backfillLosingWorker runs the two-week backfill on two worker processes,
// hits the first with hit once it runs at least three chunks, and waits
// for the backfill. It checks what every worker-loss test requires: all
// dates done, the warehouse player for player as an undisturbed run leaves
// it, each processor and date committed once, no staging left, and every
// chunk of the lost worker completed (by whichever worker).
func backfillLosingWorker(t *testing.T, hit func(w *workerProc)) loss {
	t.Helper()
	var in workflows.BackfillInput
	ref := referenceBackfill(t, lossStart, lossEnd, in)

	s := newStack(t, 2)
	l := loss{lost: s.workers[0], other: s.workers[1], undisturbed: ref.elapsed}
	begun := time.Now()
	run := s.startBackfill(t, lossStart, lossEnd, in)
	l.inFlight = waitRunningOn(t, s.c, run.GetID(), l.lost, 3)
	l.hit = time.Now()
	hit(l.lost)
	res := wait[workflows.BackfillResult](t, run, 5*time.Minute)
	l.elapsed = time.Since(begun)

	l.dates = s.gameDates(t, lossStart, lossEnd)
	if res.Status != workflows.StatusSuccess || res.DatesDone != len(l.dates) || res.DatesFailed != 0 {
		t.Errorf("backfill result %+v, want all %d dates done", res, len(l.dates))
	}
	assertSameOutcomes(t, ref.outcomes, readOutcomes(t, s.wh, l.dates))
	assertOneCommitEach(t, s.wh, l.dates)

	byRun := map[string]map[string]attempt{}
	for _, a := range l.inFlight {
		if byRun[a.workflowID] == nil {
			byRun[a.workflowID] = activityOutcomes(t, s.c, a.workflowID, "")
		}
		o := byRun[a.workflowID][a.activityID]
		if o.failed || o.completed.IsZero() {
			t.Errorf("%s %s did not complete: %+v", a.workflowID, a.activityID, o)
		}
		l.ended = append(l.ended, o)
	}
	return l
}

// logTimes logs the backfill's time next to the undisturbed one's. Runs of
// the same backfill vary by several seconds on a busy 2-core machine, so
// only a difference well beyond that says anything.
func (l loss) logTimes(t *testing.T, what string) {
	t.Helper()
	t.Logf("backfill of %d dates: %v with the %s; the undisturbed reference took %v", len(l.dates),
		l.elapsed.Round(100*time.Millisecond), what, l.undisturbed.Round(100*time.Millisecond))
}
