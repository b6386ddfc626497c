package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// LoadDataset implements warehouse.Warehouse: every row of ds in one
// transaction; a row whose key exists replaces the stored one.
func (w *Warehouse) LoadDataset(ctx context.Context, ds *nba.Dataset) error {
	err := w.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range warehouse.InputTables {
			if err := w.insertRows(ctx, tx, t, warehouse.DatasetRows(ds, t), "", true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: load dataset: %w", err)
	}
	return nil
}
