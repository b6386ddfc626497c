package faults_test

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"nbaflow/workflows"
)

// TestKill9WorkerMidBackfill runs a two-week backfill on two worker
// processes and kills one with SIGKILL while it runs chunks. The other
// worker takes those chunks over once their heartbeats time out, and
// finishes every one of them within recoveryTarget of the kill; a plan or
// commit the killed worker ran is retried as fast, so the backfill is held
// up by seconds, not minutes. The backfill completes, and the warehouse
// holds, player for player, what an undisturbed run stores (nothing
// missing, nothing duplicated), with each processor and date committed
// once.
func TestKill9WorkerMidBackfill(t *testing.T) {
	l := backfillLosingWorker(t, func(w *workerProc) {
		w.signal(t, syscall.SIGKILL)
		if err := w.wait(t, 10*time.Second); err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("worker %s exited with %v, want killed", w.name, err)
		}
	})

	// Each chunk the victim was running must have been completed by the
	// survivor, on a later attempt, once its heartbeat timed out; unless
	// the victim's completion was already on its way when the kill landed.
	var recovery time.Duration
	recovered, finishedFirst := 0, 0
	for i, o := range l.ended {
		a := l.inFlight[i]
		switch {
		case strings.HasPrefix(o.identity, l.lost.identityPrefix()):
			if late := o.completed.Sub(l.hit); late > time.Second {
				t.Errorf("%s %s was completed by the killed worker %v after the kill", a.workflowID, a.activityID, late)
			}
			finishedFirst++
		case !strings.HasPrefix(o.identity, l.other.identityPrefix()) || o.attempt < 2:
			t.Errorf("%s %s was completed by %s on attempt %d, want the surviving worker %s on a retry",
				a.workflowID, a.activityID, o.identity, o.attempt, l.other.identityPrefix())
		default:
			recovered++
			recovery = max(recovery, o.completed.Sub(l.hit))
		}
	}
	if recovered == 0 {
		t.Fatalf("none of the %d chunks in flight on the killed worker was retried (%d finished before the kill)", len(l.inFlight), finishedFirst)
	}
	t.Logf("kill -9 of a worker running %d chunks: %d were retried on the other worker, the last completed %v after the kill (heartbeat timeout %v, retry after %v); %d had completed as the kill landed",
		len(l.inFlight), recovered, recovery.Round(100*time.Millisecond), workflows.HeartbeatTimeout, workflows.ChunkRetryInterval, finishedFirst)
	writeRecovery(t, recovery, recovered)
	if recovery > recoveryTarget {
		t.Errorf("the killed worker's chunks were finished %v after the kill, want within %v (docs/design.md)", recovery.Round(100*time.Millisecond), recoveryTarget)
	}
	l.logTimes(t, "kill")
	// Plans and commits heartbeat too: whatever else the killed worker was
	// running holds the backfill up for seconds, not for a StartToClose.
	if held := l.elapsed - l.undisturbed; held > heldUpLimit {
		t.Errorf("the backfill took %v longer than undisturbed, want at most %v: an activity of the killed worker waited out a timeout",
			held.Round(100*time.Millisecond), heldUpLimit)
	}
}

// heldUpLimit bounds how much longer the backfill may take with the kill
// than without: the 10 s of recovery, and runs of the same backfill that
// vary by several seconds on a busy 2-core machine; well under the plan's
// 2-minute StartToCloseTimeout.
const heldUpLimit = 45 * time.Second

// recoveryTarget is the target of docs/design.md for the chunks of a killed
// worker: finished on another worker within 10 s of the kill.
const recoveryTarget = 10 * time.Second

// EnvRecoveryFile names a file the kill test writes its recovery time to,
// when set: the seconds from the kill to the last retried chunk's
// completion, and how many chunks were retried, on one line. make bench
// sets it, runs the kill test, and prints the figure in its table.
const EnvRecoveryFile = "NBAFLOW_KILL_RECOVERY_FILE"

// writeRecovery writes the recovery figure to EnvRecoveryFile, if set.
func writeRecovery(t *testing.T, recovery time.Duration, chunks int) {
	t.Helper()
	path := os.Getenv(EnvRecoveryFile)
	if path == "" {
		return
	}
	if err := os.WriteFile(path, fmt.Appendf(nil, "%.3f %d\n", recovery.Seconds(), chunks), 0o644); err != nil {
		t.Errorf("write the recovery figure: %v", err)
	}
}
