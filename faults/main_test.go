package faults_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"nbaflow/internal/devserver"
	"nbaflow/internal/testenv"
)

// server is the dev server the tests share; the restart test runs its own.
var server devserver.Shared

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	server.Stop()
	testenv.Cleanup()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// workerBinary builds the worker binary once per test run.
func workerBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "nbaflow-faults-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "worker")
		out, err := exec.Command("go", "build", "-o", binPath, "nbaflow/worker").CombinedOutput()
		if err != nil {
			binErr = &buildError{err: err, out: string(out)}
		}
	})
	if binErr != nil {
		t.Fatalf("build the worker: %v", binErr)
	}
	return binPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }
