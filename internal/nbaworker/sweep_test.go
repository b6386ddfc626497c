package nbaworker

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/internal/warehouse/warehousetest"
)

// TestSweepStagingRemovesAbandonedRuns: a worker sweeps the staging of a run
// that stopped staging long ago as soon as it starts, and leaves a run that
// is staging now alone.
func TestSweepStagingRemovesAbandonedRuns(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wh, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	d := warehousetest.Mid
	for _, b := range []struct {
		run string
		at  time.Time
	}{{"terminated", time.Now().Add(-30 * time.Hour)}, {"alive", time.Now()}} {
		batch := warehousetest.ContextBatch(b.run, d, []string{"aaaone"}, 1, b.at)
		if err := wh.Stage(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		SweepStaging(ctx, wh, 10*time.Millisecond, 24*time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runs, err := wh.StagedRuns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) == 1 && runs[0].RunID == "alive" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("staged runs %+v five seconds after the worker started, want only the alive one", runs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
