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

// EnvLong names the variable that turns on the long fault tests.
const EnvLong = "NBAFLOW_LONG_FAULTS"

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

// long skips a test that takes minutes unless EnvLong is set. Integration
// tests are never short, and a missing dev server binary fails them (see
// devserver), so skipping here is only the choice of suite.
func long(t *testing.T) {
	t.Helper()
	if os.Getenv(EnvLong) == "" {
		t.Skipf("long fault test: set %s=1 or run make test-faults", EnvLong)
	}
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
