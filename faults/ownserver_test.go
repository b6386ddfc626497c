package faults_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"nbaflow/internal/devserver"
	"nbaflow/internal/testenv"
)

// ownServer is a dev server process of one test, persisting to a file so
// that it can stop and start again on the same port with the same state
// (testsuite.StartDevServer picks a new port and keeps state in memory).
type ownServer struct {
	bin     string
	db      string
	logPath string
	port    string
	cmd     *exec.Cmd
	exited  chan struct{}
}

// startOwnServer starts a dev server on a free port, stopped when the test
// ends.
func startOwnServer(t *testing.T) *ownServer {
	t.Helper()
	bin, err := devserver.Binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, port, _ := net.SplitHostPort(testenv.FreeAddr(t))
	s := &ownServer{bin: bin, db: filepath.Join(dir, "temporal.db"), logPath: filepath.Join(dir, "temporal.log"), port: port}
	t.Cleanup(func() {
		if s.running() {
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
		if t.Failed() {
			b, _ := os.ReadFile(s.logPath)
			t.Logf("dev server log (%s):\n%s", s.logPath, b[max(0, len(b)-8<<10):])
		}
	})
	s.start(t)
	return s
}

func (s *ownServer) address() string { return net.JoinHostPort("127.0.0.1", s.port) }

func (s *ownServer) running() bool {
	if s.exited == nil {
		return false
	}
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// start starts the server process and returns how long it took to answer
// a health check.
func (s *ownServer) start(t *testing.T) time.Duration {
	t.Helper()
	logFile, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	// A new HTTP API port at each start (devserver.HTTPPortArgs); no client
	// uses it.
	httpPort, err := devserver.HTTPPortArgs()
	if err != nil {
		t.Fatal(err)
	}
	begun := time.Now()
	args := append([]string{"server", "start-dev",
		"--db-filename", s.db, "--ip", "127.0.0.1", "--port", s.port, "--headless", "--log-level", "error",
		"--search-attribute", "NbaGameDate=Keyword", "--search-attribute", "NbaRunKind=Keyword",
		"--search-attribute", "NbaFailedPlayers=Int"}, httpPort...)
	args = append(args, devserver.DynamicConfig...)
	s.cmd = exec.Command(s.bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("start the dev server: %v", err)
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) {
		_ = cmd.Wait()
		logFile.Close()
		close(exited)
	}(s.cmd, s.exited)

	c := s.client(t)
	defer c.Close()
	deadline := time.Now().Add(devserver.StartTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := c.CheckHealth(ctx, &client.CheckHealthRequest{})
		cancel()
		if err == nil {
			return time.Since(begun)
		}
		if !s.running() || time.Now().After(deadline) {
			t.Fatalf("the dev server on %s is not healthy (exited: %v): %v", s.address(), !s.running(), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM and waits for the process to exit.
func (s *ownServer) stop(t *testing.T) time.Duration {
	t.Helper()
	begun := time.Now()
	if err := s.cmd.Process.Signal(sigterm); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the dev server did not stop within 30 s of SIGTERM")
	}
	return time.Since(begun)
}

// client returns a client that connects on first use and reconnects
// across restarts of the server.
func (s *ownServer) client(t *testing.T) client.Client {
	t.Helper()
	c, err := client.NewLazyClient(client.Options{
		HostPort: s.address(),
		Logger:   tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
