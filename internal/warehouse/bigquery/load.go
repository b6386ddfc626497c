package bigquery

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	bq "cloud.google.com/go/bigquery"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// loadChunk is how many rows one MERGE statement carries in its parameter.
const loadChunk = 1000

// mergeRows is a MERGE of rows into t on t's key: a row whose key exists
// replaces the stored one.
func mergeRows(d Dialect, t *warehouse.Table, rows reflect.Value) warehouse.Query {
	cols := warehouse.ColumnNames(t.Columns())
	var on, set, values []string
	for _, c := range cols {
		values = append(values, "s."+c)
		if contains(t.Key, c) {
			on = append(on, "t."+c+" = s."+c)
		} else {
			set = append(set, c+" = s."+c)
		}
	}
	return warehouse.Query{
		Text: fmt.Sprintf("MERGE %s t USING (SELECT %s FROM UNNEST(@rows)) s ON %s\nWHEN MATCHED THEN UPDATE SET %s\nWHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)",
			d.Table(t), strings.Join(cols, ", "), strings.Join(on, " AND "), strings.Join(set, ", "), strings.Join(cols, ", "), strings.Join(values, ", ")),
		Args: []warehouse.Arg{warehouse.Named("rows", rowsParam(t, rows, ""))},
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// loadStatements are the MERGEs of a dataset, rows de-duplicated by key
// (the last wins, as in a load) and cut into chunks.
func loadStatements(d Dialect, ds *nba.Dataset) []warehouse.Query {
	var stmts []warehouse.Query
	for _, t := range warehouse.InputTables {
		rows := warehouse.DedupByKey(t, warehouse.DatasetRows(ds, t))
		for i := 0; i < rows.Len(); i += loadChunk {
			stmts = append(stmts, mergeRows(d, t, rows.Slice(i, min(i+loadChunk, rows.Len()))))
		}
	}
	return stmts
}

// LoadDataset implements warehouse.Warehouse: the MERGEs run in one session
// inside one transaction, committed at the end or rolled back on an error.
func (w *Warehouse) LoadDataset(ctx context.Context, ds *nba.Dataset) error {
	stmts := loadStatements(w.dialect, ds)
	if len(stmts) == 0 {
		return nil
	}
	if err := w.inSession(ctx, stmts); err != nil {
		return fmt.Errorf("bigquery: load dataset: %w", err)
	}
	return nil
}

// inSession runs stmts in one transaction of a new session.
func (w *Warehouse) inSession(ctx context.Context, stmts []warehouse.Query) error {
	begin, err := w.query(warehouse.Query{Text: "BEGIN TRANSACTION"})
	if err != nil {
		return err
	}
	begin.CreateSession = true
	job, err := begin.Run(ctx)
	if err == nil {
		_, err = job.Wait(ctx)
	}
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	st := job.LastStatus()
	if st == nil || st.Statistics == nil || st.Statistics.SessionInfo == nil {
		return fmt.Errorf("begin: no session")
	}
	session := &bq.ConnectionProperty{Key: "session_id", Value: st.Statistics.SessionInfo.SessionID}
	defer w.run(context.WithoutCancel(ctx), warehouse.Query{Text: "CALL BQ.ABORT_SESSION()"}, session) //nolint:errcheck // the session expires anyway
	for i, q := range stmts {
		if _, err := w.run(ctx, q, session); err != nil {
			w.run(context.WithoutCancel(ctx), warehouse.Query{Text: "ROLLBACK TRANSACTION"}, session) //nolint:errcheck // reporting err
			return fmt.Errorf("statement %d of %d: %w", i+1, len(stmts), err)
		}
	}
	if _, err := w.run(ctx, warehouse.Query{Text: "COMMIT TRANSACTION"}, session); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
