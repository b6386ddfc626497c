package faults_test

import (
	"strings"
	"testing"
	"time"

	"nbaflow/internal/nbaworker"
)

// TestSIGTERMWorkerMidChunk runs the two-week backfill on two worker
// processes and sends SIGTERM to one while it runs chunks, as a deploy or
// a scale-down does. The worker stops polling, finishes its chunks (or,
// past its stop timeout, leaves them to be retried elsewhere) and exits 0;
// the backfill completes with the warehouse as an undisturbed run leaves it.
func TestSIGTERMWorkerMidChunk(t *testing.T) {
	var stopTook time.Duration
	l := backfillLosingWorker(t, func(w *workerProc) {
		signalled := time.Now()
		w.signal(t, sigterm)
		if err := w.wait(t, nbaworker.StopTimeout+15*time.Second); err != nil {
			t.Errorf("worker %s exited with %v after SIGTERM, want status 0", w.name, err)
		}
		stopTook = time.Since(signalled)
		if !w.logContains(`"msg":"worker stopped"`) {
			t.Errorf("worker %s did not log its stop", w.name)
		}
	})

	finished, retried := 0, 0
	for i, o := range l.ended {
		switch {
		case strings.HasPrefix(o.identity, l.lost.identityPrefix()):
			finished++
		case strings.HasPrefix(o.identity, l.other.identityPrefix()):
			retried++
		default:
			t.Errorf("%s %s completed by %s, a worker of neither process", l.inFlight[i].workflowID, l.inFlight[i].activityID, o.identity)
		}
	}
	t.Logf("SIGTERM to a worker running %d chunks: it exited 0 after %v; %d chunks finished on it, %d were retried on the other worker",
		len(l.inFlight), stopTook.Round(100*time.Millisecond), finished, retried)
	l.logTimes(t, "SIGTERM")
}
