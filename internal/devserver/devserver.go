// Package devserver starts the Temporal dev server for integration tests:
// the CLI built from source into bin/temporal by `make tools`, with
// nbaflow's search attributes registered. It never downloads a server: a
// missing binary is an error that says to run make tools, so a test that
// needs the server fails rather than skips.
//
// It is test support: only _test.go files and test tools import it.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"nbaflow/workflows"
)

// EnvBinary names the environment variable that points at the CLI; the
// Makefile sets it. Without it, bin/temporal under the module root is used.
const EnvBinary = "NBAFLOW_TEMPORAL_BIN"

// StartTimeout bounds the server's start-up.
const StartTimeout = time.Minute

// Binary returns the path of the Temporal CLI, or an error saying how to
// build it.
func Binary() (string, error) {
	path := os.Getenv(EnvBinary)
	if path == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		path = filepath.Join(root, "bin", "temporal")
	}
	info, err := os.Stat(path)
	if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
		return "", fmt.Errorf("the Temporal CLI is not at %s (set %s or run make tools): %v", path, EnvBinary, err)
	}
	return path, nil
}

// moduleRoot walks up from the working directory to the go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run make tools and set " + EnvBinary)
		}
		dir = parent
	}
}

// DynamicConfig are the dev server's flags that nbaflow needs: the
// priority matcher, which server 1.29 leaves off by default, so that a
// backfill's low priority (workflows.BackfillPriorityKey) keeps tonight's
// run ahead of it. The production stack sets the same key in
// deploy/temporal/dynamicconfig.yaml, and scripts/demo.sh the same flag.
var DynamicConfig = []string{"--dynamic-config-value", "matching.useNewMatcher=true"}

// HTTPPortArgs returns the dev server's flag for an HTTP API port free a
// moment ago. Left to the server, that port is the frontend port plus
// 1,000, which another process may hold, and the server then exits
// ("can't set frontend HTTP port"). Call it at each start: a port free at
// one start may be another process's by a restart.
func HTTPPortArgs() ([]string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("find a free port for the dev server's HTTP API: %w", err)
	}
	defer ln.Close()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	return []string{"--http-port", port}, err
}

// Start starts a headless dev server on a free local port, in memory, with
// the namespace "default" and nbaflow's search attributes.
func Start(ctx context.Context) (*testsuite.DevServer, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	quiet := tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	// The server's own log stays out of test output (it logs the odd
	// harmless error under load) unless it fails to start.
	var log tail
	httpPort, err := HTTPPortArgs()
	if err != nil {
		return nil, err
	}
	srv, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{
		ExistingPath:     bin,
		ClientOptions:    &client.Options{Namespace: "default", Logger: quiet},
		LogLevel:         "error",
		SearchAttributes: workflows.SearchAttributes(),
		ExtraArgs:        append(httpPort, DynamicConfig...),
		Stdout:           io.Discard,
		Stderr:           &log,
	})
	if err != nil {
		return nil, fmt.Errorf("start the Temporal dev server %s: %w\n%s", bin, err, log.String())
	}
	return srv, nil
}

// tail keeps the last few kilobytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 16 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - tailSize; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// Shared is one dev server for a test package, started on first use:
//
//	var server devserver.Shared
//	func TestMain(m *testing.M) { code := m.Run(); server.Stop(); os.Exit(code) }
//	func TestX(t *testing.T) { c := server.Client(t); ... }
type Shared struct {
	once sync.Once
	srv  *testsuite.DevServer
	err  error
}

// Server returns the running server, starting it if needed. With -short it
// skips the test (integration tests are not short); without the binary, or
// if the server does not start, it fails the test.
func (s *Shared) Server(t testing.TB) *testsuite.DevServer {
	t.Helper()
	SkipIfShort(t)
	s.once.Do(func() { s.srv, s.err = Start(context.Background()) })
	if s.err != nil {
		t.Fatalf("Temporal dev server: %v (run make tools)", s.err)
	}
	return s.srv
}

// SkipIfShort skips an integration test under -short: make test-unit runs
// the tests that need no server, and says so with -short. make test and CI
// never pass -short, so there a missing server fails the test instead.
func SkipIfShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short (make test-unit) runs no integration test: this one needs the Temporal dev server")
	}
}

// Client returns a client of the shared server.
func (s *Shared) Client(t testing.TB) client.Client {
	t.Helper()
	return s.Server(t).Client()
}

// Stop stops the server if it was started.
func (s *Shared) Stop() {
	if s.srv != nil {
		s.srv.Client().Close()
		_ = s.srv.Stop()
	}
}
