package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"nbaflow/internal/warehouse"
)

// Stage implements warehouse.Warehouse: in one transaction, delete what the
// run staged earlier for the batch's players, then insert the batch.
func (w *Warehouse) Stage(ctx context.Context, b warehouse.StageBatch) error {
	s, err := warehouse.PrepareStage(b, w.now())
	if err != nil {
		return err
	}
	err = w.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range stageDeletes(Dialect{}, s, b.RunID, b.Processor, b.Date) {
			if _, err := exec(ctx, tx, q); err != nil {
				return fmt.Errorf("clear earlier staging: %w", err)
			}
		}
		if err := w.insertRows(ctx, tx, s.Staging, s.Rows, b.RunID, false); err != nil {
			return err
		}
		if err := w.insertRows(ctx, tx, warehouse.StagedFailures, reflect.ValueOf(s.Failures), b.RunID, false); err != nil {
			return err
		}
		return w.insertRows(ctx, tx, warehouse.StagedAttempts, reflect.ValueOf(s.Attempts), b.RunID, false)
	})
	if err != nil {
		return fmt.Errorf("sqlite: stage run %q %s %s: %w", b.RunID, b.Processor, b.Date, err)
	}
	return nil
}

// DiscardRun implements warehouse.Warehouse.
func (w *Warehouse) DiscardRun(ctx context.Context, runID string) error {
	err := w.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range discardQueries(Dialect{}, runID) {
			if _, err := exec(ctx, tx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: discard run %q: %w", runID, err)
	}
	return nil
}
