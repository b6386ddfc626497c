package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"nbaflow/internal/warehouse/warehousetest"
)

// TestWritersQueueInProcess: a write waits while another write of the same
// process holds the turn, gives up when its context ends, and goes through
// once the turn is free.
func TestWritersQueueInProcess(t *testing.T) {
	ctx := context.Background()
	w := openTemp(t)
	batch := warehousetest.ContextBatch("run-1", warehousetest.Mid, []string{"a", "b"}, 20, warehousetest.Mid.In(time.UTC))

	w.writer <- struct{}{} // another writer's turn
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := w.Stage(short, batch); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stage while another write holds the turn = %v, want the deadline", err)
	}
	<-w.writer

	if err := w.Stage(ctx, batch); err != nil {
		t.Fatalf("Stage once the turn is free: %v", err)
	}
	res, err := w.Commit(ctx, warehousetest.CommitRequest("run-1", batch.Processor, batch.Date))
	if err != nil || res.Inserted != 2 {
		t.Fatalf("Commit = %+v, %v; want 2 rows inserted", res, err)
	}
}
