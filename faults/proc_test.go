package faults_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// workerProc is one worker process of the built binary.
type workerProc struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
	waitErr error // set when exited is closed
}

// workerEnv is what a worker process is started with.
type workerEnv struct {
	address string // TEMPORAL_ADDRESS
	queue   string // TASK_QUEUE
	sqlite  string // SQLITE_PATH
	// extra are more VAR=value settings, e.g. METRICS_ADDR or the breaker's.
	extra []string
}

// startWorker starts a worker process that logs JSON to a file of the test.
// It is killed when the test ends, if still running, and its log is shown
// when the test has failed.
func startWorker(t *testing.T, name string, e workerEnv) *workerProc {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(workerBinary(t))
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"TEMPORAL_ADDRESS=" + e.address,
		"TASK_QUEUE=" + e.queue,
		"SQLITE_PATH=" + e.sqlite,
		"METRICS_ADDR=off",
		"LOG_FORMAT=json",
	}, e.extra...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("start worker %s: %v", name, err)
	}
	w := &workerProc{name: name, cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		w.waitErr = cmd.Wait()
		logFile.Close()
		close(w.exited)
	}()
	t.Cleanup(func() {
		if w.running() {
			_ = cmd.Process.Kill()
			<-w.exited
		}
		if t.Failed() {
			t.Logf("log of worker %s (pid %d, %s), last lines:\n%s", name, w.pid(), logPath, w.tail(60))
		}
	})
	return w
}

func (w *workerProc) pid() int { return w.cmd.Process.Pid }

func (w *workerProc) running() bool {
	select {
	case <-w.exited:
		return false
	default:
		return true
	}
}

// identityPrefix is how the SDK's default identity of this process starts
// ("pid@host@"), as it appears on activities in histories and descriptions.
func (w *workerProc) identityPrefix() string { return strconv.Itoa(w.pid()) + "@" }

func (w *workerProc) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := w.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v to worker %s: %v", sig, w.name, err)
	}
}

// wait waits up to timeout for the process to exit and returns its exit
// error (nil for status 0).
func (w *workerProc) wait(t *testing.T, timeout time.Duration) error {
	t.Helper()
	select {
	case <-w.exited:
		return w.waitErr
	case <-time.After(timeout):
		t.Fatalf("worker %s did not exit within %v", w.name, timeout)
		return nil
	}
}

// waitReady waits until the worker logs that it has started polling.
func (w *workerProc) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !w.logContains("worker starting") {
		if !w.running() || time.Now().After(deadline) {
			t.Fatalf("worker %s is not ready (exited: %v):\n%s", w.name, !w.running(), w.tail(20))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// peakRSS is the process's peak resident set size in bytes (VmHWM).
func (w *workerProc) peakRSS(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", w.pid()))
	if err != nil {
		t.Fatalf("peak memory of worker %s: %v", w.name, err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", rest, err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmHWM in /proc/%d/status", w.pid())
	return 0
}

func (w *workerProc) log() []byte {
	b, _ := os.ReadFile(w.logPath)
	return b
}

func (w *workerProc) logContains(s string) bool { return bytes.Contains(w.log(), []byte(s)) }

// countLog counts the log lines that contain s.
func (w *workerProc) countLog(s string) int {
	n := 0
	for sc := bufio.NewScanner(bytes.NewReader(w.log())); sc.Scan(); {
		if bytes.Contains(sc.Bytes(), []byte(s)) {
			n++
		}
	}
	return n
}

func (w *workerProc) tail(n int) string {
	lines := strings.Split(strings.TrimRight(string(w.log()), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// mib formats bytes as MiB.
func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
