package bigquery

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	bq "cloud.google.com/go/bigquery"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// loadChunk is how many rows one MERGE statement carries in its parameter.
const loadChunk = 1000

// mergeRows is a MERGE of rows into t on t's key: a row of a new key is
// inserted, a row that differs from the stored row of its key in any column
// replaces it, and an identical row matches nothing, so BigQuery neither
// rewrites nor counts it.
func mergeRows(d Dialect, t *warehouse.Table, rows reflect.Value) warehouse.Query {
	cols := warehouse.ColumnNames(t.Columns())
	var on, set, changed, values []string
	for _, c := range t.Columns() {
		values = append(values, "s."+c.Name)
		if contains(t.Key, c.Name) {
			on = append(on, "t."+c.Name+" = s."+c.Name)
			continue
		}
		set = append(set, c.Name+" = s."+c.Name)
		changed = append(changed, distinct(c))
	}
	return warehouse.Query{
		Text: fmt.Sprintf("MERGE %s t USING (SELECT %s FROM UNNEST(@rows)) s ON %s\nWHEN MATCHED AND (%s) THEN UPDATE SET %s\nWHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)",
			d.Table(t), strings.Join(cols, ", "), strings.Join(on, " AND "), strings.Join(changed, " OR "), strings.Join(set, ", "),
			strings.Join(cols, ", "), strings.Join(values, ", ")),
		Args: []warehouse.Arg{warehouse.Named("rows", rowsParam(t, rows, ""))},
	}
}

// distinct is the condition that column c of the stored row t differs from
// the loaded row s. IS DISTINCT FROM is NULL-safe and compares as GROUP BY
// does, so a NaN is not distinct from a NaN; ARRAY and JSON are not
// groupable and are compared as their JSON text.
func distinct(c warehouse.Column) string {
	if c.Kind == warehouse.KindStringArray || c.Kind == warehouse.KindJSON {
		return "TO_JSON_STRING(t." + c.Name + ") IS DISTINCT FROM TO_JSON_STRING(s." + c.Name + ")"
	}
	return "t." + c.Name + " IS DISTINCT FROM s." + c.Name
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// loadStatement is one MERGE of a load and the rows it carries.
type loadStatement struct {
	table *warehouse.Table
	rows  int
	warehouse.Query
}

// loadStatements are the MERGEs of a dataset, cut into chunks. The dataset
// must repeat no key (warehouse.CheckKeys): two rows of one key in a MERGE
// fail it, and two in different chunks would replace each other unseen.
func loadStatements(d Dialect, ds *nba.Dataset) []loadStatement {
	var stmts []loadStatement
	for _, t := range warehouse.InputTables {
		rows := warehouse.DatasetRows(ds, t)
		for i := 0; i < rows.Len(); i += loadChunk {
			chunk := rows.Slice(i, min(i+loadChunk, rows.Len()))
			stmts = append(stmts, loadStatement{table: t, rows: chunk.Len(), Query: mergeRows(d, t, chunk)})
		}
	}
	return stmts
}

// loadReport adds up what each MERGE did, from the DML statistics of its job
// (stats[i] is of stmts[i]): inserted rows, updated (replaced) rows, and the
// rest of its rows, which matched an identical stored row.
func loadReport(stmts []loadStatement, stats []*bq.DMLStatistics) (warehouse.LoadReport, error) {
	if len(stats) != len(stmts) {
		return warehouse.LoadReport{}, fmt.Errorf("%d DML statistics for %d statements", len(stats), len(stmts))
	}
	var rep warehouse.LoadReport
	for i, s := range stmts {
		st := stats[i]
		l := warehouse.TableLoad{Table: s.table.Name, Inserted: int(st.InsertedRowCount), Replaced: int(st.UpdatedRowCount)}
		l.Unchanged = s.rows - l.Inserted - l.Replaced
		if l.Unchanged < 0 || st.DeletedRowCount != 0 {
			return warehouse.LoadReport{}, fmt.Errorf("MERGE %d of %d rows into %s: %d inserted, %d updated, %d deleted",
				i+1, s.rows, s.table.Name, st.InsertedRowCount, st.UpdatedRowCount, st.DeletedRowCount)
		}
		rep.Add(warehouse.LoadReport{Tables: []warehouse.TableLoad{l}})
	}
	return rep, nil
}

// dmlStats returns the DML statistics of a finished statement's job.
func dmlStats(st *bq.JobStatus) (*bq.DMLStatistics, error) {
	if st == nil || st.Statistics == nil {
		return nil, errors.New("no job statistics")
	}
	q, ok := st.Statistics.Details.(*bq.QueryStatistics)
	if !ok || q.DMLStats == nil {
		return nil, errors.New("no DML statistics in the job's statistics")
	}
	return q.DMLStats, nil
}

// LoadDataset implements warehouse.Warehouse: the MERGEs run in one session
// inside one transaction, committed at the end or rolled back on an error.
// The report is what the MERGEs' jobs say they did.
func (w *Warehouse) LoadDataset(ctx context.Context, ds *nba.Dataset) (warehouse.LoadReport, error) {
	if err := warehouse.CheckKeys(ds); err != nil {
		return warehouse.LoadReport{}, fmt.Errorf("bigquery: load dataset: %w", err)
	}
	stmts := loadStatements(w.dialect, ds)
	if len(stmts) == 0 {
		return warehouse.LoadReport{}, nil
	}
	queries := make([]warehouse.Query, len(stmts))
	for i, s := range stmts {
		queries[i] = s.Query
	}
	stats, err := w.inSession(ctx, queries)
	if err != nil {
		return warehouse.LoadReport{}, fmt.Errorf("bigquery: load dataset: %w", err)
	}
	rep, err := loadReport(stmts, stats)
	if err != nil {
		return warehouse.LoadReport{}, fmt.Errorf("bigquery: load dataset committed, but its counts are wrong: %w", err)
	}
	return rep, nil
}

// inSession runs stmts in one transaction of a new session and returns the
// DML statistics of each.
func (w *Warehouse) inSession(ctx context.Context, stmts []warehouse.Query) ([]*bq.DMLStatistics, error) {
	begin, err := w.query(warehouse.Query{Text: "BEGIN TRANSACTION"}, jobSession)
	if err != nil {
		return nil, err
	}
	begin.CreateSession = true
	job, err := begin.Run(ctx)
	if err != nil {
		job, err = w.attach(ctx, begin.JobIDConfig.JobID, err)
	}
	if err == nil {
		job, err = wait(ctx, job)
	}
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	st := job.LastStatus()
	if st == nil || st.Statistics == nil || st.Statistics.SessionInfo == nil {
		return nil, fmt.Errorf("begin: no session")
	}
	session := &bq.ConnectionProperty{Key: "session_id", Value: st.Statistics.SessionInfo.SessionID}
	defer w.run(context.WithoutCancel(ctx), warehouse.Query{Text: "CALL BQ.ABORT_SESSION()"}, jobSession, session) //nolint:errcheck // the session expires anyway
	stats := make([]*bq.DMLStatistics, len(stmts))
	for i, q := range stmts {
		job, err := w.run(ctx, q, jobLoad, session)
		if err == nil {
			stats[i], err = dmlStats(job.LastStatus())
		}
		if err != nil {
			w.run(context.WithoutCancel(ctx), warehouse.Query{Text: "ROLLBACK TRANSACTION"}, jobSession, session) //nolint:errcheck // reporting err
			return nil, fmt.Errorf("statement %d of %d: %w", i+1, len(stmts), err)
		}
	}
	if _, err := w.run(ctx, warehouse.Query{Text: "COMMIT TRANSACTION"}, jobSession, session); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return stats, nil
}
