package faults_test

import (
	"context"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/testenv"
	"nbaflow/workflows"
)

// TestDevServerRestartMidDailyRun stops the Temporal server in the middle
// of a daily run and starts it again on the same port and database file.
// The workers and the run ride it out: the run completes after the restart
// with every row an undisturbed run writes, each processor committed once.
func TestDevServerRestartMidDailyRun(t *testing.T) {
	date := civil.Date{Year: 2025, Month: time.January, Day: 15}
	// One chunk of ten players at a time, so the run lasts long enough to
	// be caught in the middle.
	serial := false
	in := workflows.DailyInput{GameDate: date.String(), Parallel: &serial, ChunkSize: 10}
	ref := referenceDaily(t, date, in)

	srv := startOwnServer(t)
	c := srv.client(t)
	t.Cleanup(c.Close)
	s := newStackOn(t, c, srv.address(), testenv.SeededPath(t), 2)
	begun := time.Now()
	run := s.startDaily(t, "restart-"+s.queue, in)
	progress := waitForProgress(t, s, run.GetID(), func(p workflows.DailyProgress) bool {
		return len(p.Processors) > 0 && p.Processors[0].ChunksDone >= 3
	}).Processors[0]
	if progress.ChunksDone == progress.ChunksTotal {
		t.Fatalf("the run is past its chunks already: %+v", progress)
	}

	stopTook := srv.stop(t)
	const down = 3 * time.Second
	time.Sleep(down)
	startTook := srv.start(t)
	back := time.Now()
	res := wait[workflows.DailyResult](t, run, 3*time.Minute)
	afterRestart, elapsed := time.Since(back), time.Since(begun)

	if res.Status != workflows.StatusSuccess && res.Status != workflows.StatusPartial {
		t.Errorf("result %+v, want the date computed", res)
	}
	assertSameOutcomes(t, ref.outcomes, readOutcomes(t, s.wh, []civil.Date{date}))
	assertOneCommitEach(t, s.wh, []civil.Date{date})
	t.Logf("server stopped with UPGC at %d/%d chunks: stop took %v, down %v, start to healthy %v; the run completed %v after the server was back",
		progress.ChunksDone, progress.ChunksTotal, stopTook.Round(10*time.Millisecond), down, startTook.Round(10*time.Millisecond), afterRestart.Round(100*time.Millisecond))
	t.Logf("daily run: %v with the restart, %v undisturbed", elapsed.Round(100*time.Millisecond), ref.elapsed.Round(100*time.Millisecond))
}

// waitForProgress polls a daily run's progress query until ok accepts
// the answer, and returns it.
func waitForProgress(t *testing.T, s *stack, id string, ok func(workflows.DailyProgress) bool) workflows.DailyProgress {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var p workflows.DailyProgress
		v, err := s.c.QueryWorkflow(context.Background(), id, "", workflows.ProgressQuery)
		if err == nil && v.Get(&p) == nil && ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %s never got there (progress %+v, %v)", id, p, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
