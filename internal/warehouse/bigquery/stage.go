package bigquery

import (
	"context"
	"fmt"
	"reflect"

	"nbaflow/internal/warehouse"
)

// stagedKinds returns what a batch stages, by kind: its rows, failures and
// attempts, each with the registry table whose schema it has.
func stagedKinds(s warehouse.StagedRows) []struct {
	kind  string
	table *warehouse.Table
	rows  reflect.Value
} {
	return []struct {
		kind  string
		table *warehouse.Table
		rows  reflect.Value
	}{
		{kindRows, s.Staging, s.Rows},
		{kindFailures, warehouse.StagedFailures, reflect.ValueOf(s.Failures)},
		{kindAttempts, warehouse.StagedAttempts, reflect.ValueOf(s.Attempts)},
	}
}

// Stage implements warehouse.Warehouse with a load job per kind of the
// batch into the batch's own staging tables (staging.go). A kind the batch
// has none of drops its table, which an earlier attempt of the batch may
// have filled. Batches of one run either repeat an earlier batch (a retried
// chunk) or share no player with it, as chunks are.
func (w *Warehouse) Stage(ctx context.Context, b warehouse.StageBatch) error {
	s, err := warehouse.PrepareStage(b, w.now())
	if err == nil {
		err = checkRunID(b.RunID)
	}
	if err != nil {
		return err
	}
	for _, k := range stagedKinds(s) {
		name := batchTable(b.RunID, b.Processor, k.kind, s.Players)
		if k.rows.Len() == 0 {
			err = w.dropTables(ctx, []string{name})
		} else {
			err = w.load(ctx, name, k.table, k.rows, b.RunID)
		}
		if err != nil {
			return fmt.Errorf("bigquery: stage run %q %s %s: %w", b.RunID, b.Processor, b.Date, err)
		}
	}
	return nil
}

// DiscardRun implements warehouse.Warehouse: it drops the run's staging
// tables, which holds everything the run staged.
func (w *Warehouse) DiscardRun(ctx context.Context, runID string) error {
	if err := checkRunID(runID); err != nil {
		return fmt.Errorf("bigquery: discard run %q: %w", runID, err)
	}
	names, err := w.stagingTables(ctx, runPrefix(runID))
	if err == nil {
		err = w.dropTables(ctx, names)
	}
	if err != nil {
		return fmt.Errorf("bigquery: discard run %q: %w", runID, err)
	}
	return nil
}
