package main

import (
	"bytes"
	"context"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"

	"nbaflow/internal/nbaworker"
	"nbaflow/workflows"
)

// workerProcess is a worker binary running under a test.
type workerProcess struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer // read only once the process has exited
	exited chan error
}

// startWorker starts the worker binary bin with environ, and kills it when
// the test ends if it is still running.
func startWorker(t *testing.T, bin string, environ []string) *workerProcess {
	t.Helper()
	w := &workerProcess{cmd: exec.Command(bin), exited: make(chan error, 1)}
	w.cmd.Env = environ
	w.cmd.Stderr = &w.stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.exited <- w.cmd.Wait() }()
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Kill()
			<-w.exited
		}
	})
	return w
}

// serveDateWithoutGames starts a daily run on taskQueue for a date the
// empty warehouse has no games for, and fails the test unless the worker
// completes it as no_games before it exits.
func (w *workerProcess) serveDateWithoutGames(t *testing.T, srv *testsuite.DevServer, taskQueue string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := srv.Client().ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: "2025-07-04"})
	if err != nil {
		t.Fatal(err)
	}
	var res workflows.DailyResult
	got := make(chan error, 1)
	go func() { got <- run.Get(ctx, &res) }()
	select {
	case err := <-got:
		if err != nil || res.Status != workflows.StatusNoGames {
			t.Fatalf("daily run %+v, error %v; want no_games", res, err)
		}
	case err := <-w.exited:
		t.Fatalf("worker exited (%v) before the run finished\n%s", err, w.stderr.String())
	}
}

// stop sends SIGTERM and fails the test unless the worker exits 0 within
// its stop timeout. It returns the worker's log.
func (w *workerProcess) stop(t *testing.T) string {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-w.exited:
		if err != nil {
			t.Errorf("worker exited with %v after SIGTERM, want status 0\n%s", err, w.stderr.String())
		}
	case <-time.After(nbaworker.StopTimeout + 10*time.Second):
		t.Fatal("worker did not stop after SIGTERM")
	}
	return w.stderr.String()
}
