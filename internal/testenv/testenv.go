// Package testenv is test support for the integration tests of several
// packages: a seeded synthetic warehouse that each test copies, and a real
// worker over it on a Temporal dev server (internal/devserver).
//
// Only _test.go files import it.
package testenv

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/config"
	"nbaflow/internal/league"
	"nbaflow/internal/nbaworker"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
)

// SeasonYear and Seed name the synthetic season the integration tests use.
const (
	SeasonYear = 2024
	Seed       = 1
)

var (
	seedOnce sync.Once
	seedDir  string
	seedPath string
	seedErr  error
)

// SeededPath returns a fresh copy of a warehouse (its file and its runs
// file) holding the synthetic season, removed when the test ends. The
// season is generated and loaded once per test binary.
func SeededPath(t testing.TB) string {
	t.Helper()
	seedOnce.Do(func() { seedPath, seedErr = seed() })
	if seedErr != nil {
		t.Fatalf("seed the warehouse: %v", seedErr)
	}
	path := filepath.Join(t.TempDir(), "warehouse.db")
	for from, to := range map[string]string{seedPath: path, sqlite.RunsPath(seedPath): sqlite.RunsPath(path)} {
		if err := copyFile(from, to); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// Seeded opens a fresh copy of the seeded warehouse, closed at the end.
func Seeded(t testing.TB) *sqlite.Warehouse {
	t.Helper()
	wh, err := sqlite.Open(context.Background(), SeededPath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	return wh
}

// Cleanup removes the seeded original; call it from TestMain after m.Run.
func Cleanup() {
	if seedDir != "" {
		os.RemoveAll(seedDir)
	}
}

func seed() (string, error) {
	ds, err := league.Generate(league.Config{SeasonYear: SeasonYear, Seed: Seed})
	if err != nil {
		return "", err
	}
	if seedDir, err = os.MkdirTemp("", "nbaflow-seed-"); err != nil {
		return "", err
	}
	path := filepath.Join(seedDir, "warehouse.db")
	ctx := context.Background()
	wh, err := sqlite.Open(ctx, path)
	if err != nil {
		return "", err
	}
	if _, err := wh.LoadDataset(ctx, ds); err != nil {
		wh.Close()
		return "", err
	}
	// Closing checkpoints each WAL into its file, so the two files alone are
	// a copy.
	return path, wh.Close()
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

var queues atomic.Int64

// TaskQueue returns a task queue of the test's own, so that tests sharing a
// dev server never take each other's tasks.
func TaskQueue(t testing.TB) string {
	name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())
	return fmt.Sprintf("test-%s-%d", name, queues.Add(1))
}

// WorkerConfig is the worker binary's default configuration on taskQueue.
func WorkerConfig(t testing.TB, taskQueue string) config.Worker {
	t.Helper()
	cfg, err := config.LoadWorker(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.TaskQueue = taskQueue
	return cfg
}

// StartWorker runs a worker on taskQueue over wh, configured as the worker
// binary is by default, until the test ends.
func StartWorker(t testing.TB, c client.Client, taskQueue string, wh warehouse.Warehouse) {
	t.Helper()
	StartWorkerWith(t, c, WorkerConfig(t, taskQueue), wh)
}

// StartWorkerWith runs a worker configured by cfg over wh until the test ends.
func StartWorkerWith(t testing.TB, c client.Client, cfg config.Worker, wh warehouse.Warehouse) {
	t.Helper()
	w := nbaworker.New(c, cfg, wh)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
}
