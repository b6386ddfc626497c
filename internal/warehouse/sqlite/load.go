package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// LoadDataset implements warehouse.Warehouse: every row of ds in one
// transaction, each table upserted on its key (insertQuery). A dataset that
// repeats a key is refused before anything is written.
func (w *Warehouse) LoadDataset(ctx context.Context, ds *nba.Dataset) (warehouse.LoadReport, error) {
	if err := warehouse.CheckKeys(ds); err != nil {
		return warehouse.LoadReport{}, fmt.Errorf("sqlite: load dataset: %w", err)
	}
	var rep warehouse.LoadReport
	err := w.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range warehouse.InputTables {
			rows := warehouse.DatasetRows(ds, t)
			if rows.Len() == 0 {
				continue
			}
			l, err := w.loadTable(ctx, tx, t, rows)
			if err != nil {
				return err
			}
			rep.Tables = append(rep.Tables, l)
		}
		return nil
	})
	if err != nil {
		return warehouse.LoadReport{}, fmt.Errorf("sqlite: load dataset: %w", err)
	}
	return rep, nil
}

// loadTable upserts rows (no key repeated) into t and counts what it did. The
// upsert changes the rows it inserts and the rows it replaces, never an
// identical one; the rows it inserts are what the table grew by, which the
// transaction's lock keeps exact.
func (w *Warehouse) loadTable(ctx context.Context, tx *sql.Tx, t *warehouse.Table, rows reflect.Value) (warehouse.TableLoad, error) {
	count := warehouse.Query{Text: "SELECT COUNT(*) FROM " + t.Name}
	var before, after int
	if err := scalar(ctx, tx, count, &before); err != nil {
		return warehouse.TableLoad{}, fmt.Errorf("count %s: %w", t.Name, err)
	}
	changed, err := w.writeRows(ctx, tx, t, rows, "", true)
	if err != nil {
		return warehouse.TableLoad{}, err
	}
	if err := scalar(ctx, tx, count, &after); err != nil {
		return warehouse.TableLoad{}, fmt.Errorf("count %s: %w", t.Name, err)
	}
	l := warehouse.TableLoad{Table: t.Name, Inserted: after - before}
	l.Replaced = int(changed) - l.Inserted
	l.Unchanged = rows.Len() - int(changed)
	if l.Inserted < 0 || l.Replaced < 0 || l.Unchanged < 0 {
		return l, fmt.Errorf("load %s: the upsert of %d rows changed %d and the table grew by %d: the counts do not add up",
			t.Name, rows.Len(), changed, l.Inserted)
	}
	return l, nil
}
