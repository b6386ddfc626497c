package bigquery

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"nbaflow/internal/warehouse"
)

// insertFrom is "INSERT INTO t (cols) SELECT cols FROM UNNEST(@param)" with the
// rows in param, or nothing when there are no rows (an empty array parameter
// has no type to send).
func insertFrom(d Dialect, t *warehouse.Table, rows reflect.Value, runID, param string) []warehouse.Query {
	if rows.Len() == 0 {
		return nil
	}
	cols := strings.Join(warehouse.ColumnNames(t.Columns()), ", ")
	return []warehouse.Query{{
		Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM UNNEST(@%s)", d.Table(t), cols, cols, param),
		Args: []warehouse.Arg{warehouse.Named(param, rowsParam(t, rows, runID))},
	}}
}

// stageScript is the transaction of one Stage.
func stageScript(d Dialect, s warehouse.StagedRows, b warehouse.StageBatch) warehouse.Query {
	stmts := warehouse.StageDeletes(d, s, b.RunID, b.Processor, b.Date)
	stmts = append(stmts, insertFrom(d, s.Staging, s.Rows, b.RunID, "rows")...)
	stmts = append(stmts, insertFrom(d, warehouse.StagedFailures, reflect.ValueOf(s.Failures), b.RunID, "failures")...)
	stmts = append(stmts, insertFrom(d, warehouse.StagedAttempts, reflect.ValueOf(s.Attempts), b.RunID, "attempts")...)
	return script(stmts)
}

// Stage implements warehouse.Warehouse with one transaction: delete the
// run's earlier staged rows of the batch's players, insert the batch.
func (w *Warehouse) Stage(ctx context.Context, b warehouse.StageBatch) error {
	s, err := warehouse.PrepareStage(b, w.now())
	if err != nil {
		return err
	}
	if _, err := w.run(ctx, stageScript(w.dialect, s, b)); err != nil {
		return fmt.Errorf("bigquery: stage run %q %s %s: %w", b.RunID, b.Processor, b.Date, err)
	}
	return nil
}

// DiscardRun implements warehouse.Warehouse.
func (w *Warehouse) DiscardRun(ctx context.Context, runID string) error {
	if _, err := w.run(ctx, script(warehouse.DiscardQueries(w.dialect, runID))); err != nil {
		return fmt.Errorf("bigquery: discard run %q: %w", runID, err)
	}
	return nil
}
