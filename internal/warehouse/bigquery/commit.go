package bigquery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"nbaflow/internal/warehouse"
)

// commitScript is one commit of (run, processor, date) as a multi-statement
// transaction: count, MERGE the staged rows on the key (insert new keys,
// update rows whose data_hash differs keeping created_at), move failures and
// attempts, record the run history, clear the staging; then report the counts.
func commitScript(d Dialect, req warehouse.CommitRequest) warehouse.Query {
	out, stg, _ := warehouse.OutputTable(req.Processor)
	sc := warehouse.NewCommitScope(req, stg)
	T, fails, attempts := d.Table, warehouse.StagedFailures, warehouse.StagedAttempts
	match := fmt.Sprintf("SELECT 1 FROM %s t WHERE t.%s = @date AND t.player_lookup = s.player_lookup", T(out), out.Date)
	ofRun, ofRunProc := " WHERE "+sc.OfRun, " WHERE "+sc.OfRunProcessor
	cols := warehouse.ColumnNames(out.Columns())
	var set, values []string
	for _, c := range cols {
		values = append(values, "s."+c)
		if !contains(out.Key, c) && c != "created_at" {
			set = append(set, c+" = s."+c)
		}
	}
	failCols := warehouse.ColumnNames(warehouse.Failures.Columns())
	failSelect := strings.Replace(strings.Join(failCols, ", "), "created_at", "@now AS created_at", 1)
	attemptCols := strings.Join(warehouse.ColumnNames(warehouse.Attempts.Columns()), ", ")
	stmts := []warehouse.Query{
		{Text: "SET staged = (SELECT COUNT(*) FROM " + T(stg) + " s" + ofRun + ")", Args: sc.Run},
		{Text: "SET inserted = (SELECT COUNT(*) FROM " + T(stg) + " s" + ofRun + " AND NOT EXISTS (" + match + "))", Args: sc.Run},
		{Text: "SET updated = (SELECT COUNT(*) FROM " + T(stg) + " s" + ofRun + " AND EXISTS (" + match + " AND t.data_hash != s.data_hash))", Args: sc.Run},
		{Text: fmt.Sprintf("MERGE %s t USING (SELECT * EXCEPT (run_id) FROM %s%s) s\nON t.%s = @date AND t.%s = s.%s AND t.player_lookup = s.player_lookup\n"+
			"WHEN MATCHED AND t.data_hash != s.data_hash THEN UPDATE SET %s\nWHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)",
			T(out), T(stg), ofRun, out.Date, out.Date, out.Date, strings.Join(set, ", "), strings.Join(cols, ", "), strings.Join(values, ", ")), Args: sc.Run},
		{Text: "SET failed = (SELECT COUNT(*) FROM " + T(fails) + ofRunProc + ")", Args: sc.RunProcessor},
		{Text: "SET by_category = (SELECT CONCAT('{', IFNULL(STRING_AGG(CONCAT(TO_JSON_STRING(failure_category), ':', CAST(n AS STRING)), ',' ORDER BY failure_category), ''), '}') " +
			"FROM (SELECT failure_category, COUNT(*) AS n FROM " + T(fails) + ofRunProc + " GROUP BY failure_category))", Args: sc.RunProcessor},
		{Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s", T(warehouse.Failures), strings.Join(failCols, ", "), failSelect, T(fails), ofRunProc),
			Args: append(sc.RunProcessor[:3:3], warehouse.Named("now", req.Now))},
		{Text: "SET attempts = (SELECT COUNT(*) FROM " + T(attempts) + ofRunProc + ")", Args: sc.RunProcessor},
		{Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s", T(warehouse.Attempts), attemptCols, attemptCols, T(attempts), ofRunProc), Args: sc.RunProcessor},
		historyInsert(d, req),
		{Text: "DELETE FROM " + T(stg) + ofRun, Args: sc.Run},
		{Text: "DELETE FROM " + T(fails) + ofRunProc, Args: sc.RunProcessor},
		{Text: "DELETE FROM " + T(attempts) + ofRunProc, Args: sc.RunProcessor},
	}
	q := script(stmts)
	q.Text = "DECLARE staged, inserted, updated, failed, attempts INT64;\nDECLARE by_category STRING;\n" + q.Text +
		"\nSELECT inserted, updated, staged - inserted - updated AS unchanged, failed, attempts, by_category;"
	return q
}

// historyInsert records the commit's counts (script variables) in
// processor_run_history; the status follows warehouse.NewRunHistoryRow.
func historyInsert(d Dialect, req warehouse.CommitRequest) warehouse.Query {
	exprs := map[string]string{
		"processor_name": "@processor", "run_id": "@run_id", "data_date": "@date", "run_kind": "@run_kind",
		"status":     "CASE WHEN failed > 0 AND staged = 0 THEN @status_failed WHEN failed > 0 THEN @status_partial ELSE @status_success END",
		"started_at": "@started_at", "finished_at": "@now", "duration_ms": "@duration_ms",
		"inserted": "inserted", "updated": "updated", "unchanged": "staged - inserted - updated", "failed": "failed",
		"failures_by_category": "PARSE_JSON(by_category)", "attempts": "attempts",
	}
	cols := warehouse.ColumnNames(warehouse.RunHistory.Columns())
	vals := make([]string, len(cols))
	for i, c := range cols {
		if vals[i] = exprs[c]; vals[i] == "" {
			panic("bigquery: no run-history value for column " + c)
		}
	}
	return warehouse.Query{
		Text: fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", d.Table(warehouse.RunHistory), strings.Join(cols, ", "), strings.Join(vals, ", ")),
		Args: []warehouse.Arg{
			warehouse.Named("processor", string(req.Processor)), warehouse.Named("run_id", req.RunID), warehouse.Named("date", req.Date),
			warehouse.Named("run_kind", req.RunKind), warehouse.Named("status_failed", warehouse.StatusFailed),
			warehouse.Named("status_partial", warehouse.StatusPartial), warehouse.Named("status_success", warehouse.StatusSuccess),
			warehouse.Named("started_at", req.StartedAt), warehouse.Named("now", req.Now),
			warehouse.Named("duration_ms", req.Now.Sub(req.StartedAt).Milliseconds()),
		},
	}
}

// Commit implements warehouse.Warehouse. A commit already recorded for
// (run, processor, date) returns its result and changes nothing. Two
// commits of the same run racing are serialized by BigQuery's transactions:
// the loser fails, and its retry finds the recorded result.
func (w *Warehouse) Commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	if err := warehouse.CheckCommit(req); err != nil {
		return warehouse.CommitResult{}, err
	}
	fail := func(err error) (warehouse.CommitResult, error) {
		return warehouse.CommitResult{}, fmt.Errorf("bigquery: commit run %q %s %s: %w", req.RunID, req.Processor, req.Date, err)
	}
	if res, done, err := w.RecordedCommit(ctx, req); err != nil || done {
		if err != nil {
			return fail(err)
		}
		return res, nil
	}
	job, err := w.run(ctx, commitScript(w.dialect, req))
	if err != nil {
		return fail(err)
	}
	it, err := job.Read(ctx)
	if err != nil {
		return fail(err)
	}
	var vals []bq.Value
	if err := it.Next(&vals); err != nil {
		if errors.Is(err, iterator.Done) {
			err = errors.New("the commit script returned no counts")
		}
		return fail(err)
	}
	res, err := commitResult(vals)
	if err != nil {
		return fail(err)
	}
	return res, nil
}

// commitResult reads the final SELECT of commitScript.
func commitResult(vals []bq.Value) (warehouse.CommitResult, error) {
	if len(vals) != 6 {
		return warehouse.CommitResult{}, fmt.Errorf("commit counts: %d values, want 6", len(vals))
	}
	n := make([]int, 5)
	for i := range n {
		v, ok := vals[i].(int64)
		if !ok {
			return warehouse.CommitResult{}, fmt.Errorf("commit count %d: %T", i, vals[i])
		}
		n[i] = int(v)
	}
	res := warehouse.CommitResult{Inserted: n[0], Updated: n[1], Unchanged: n[2], Failed: n[3], Attempts: n[4]}
	s, _ := vals[5].(string)
	if err := json.Unmarshal([]byte(s), &res.FailuresByCategory); err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("failures by category %q: %w", s, err)
	}
	if len(res.FailuresByCategory) == 0 {
		res.FailuresByCategory = nil
	}
	return res, nil
}
