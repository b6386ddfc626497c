package bigquery

import (
	"context"
	"errors"
	"fmt"
	"strings"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"nbaflow/internal/warehouse"
)

// commitScript is one commit of (run, processor, date) as a multi-statement
// transaction. Every decision is taken inside it, on the transaction's
// snapshot: a commit whose history row exists was done by an earlier
// attempt and changes nothing; a run older than the committed one
// (warehouse.Fence) records itself as superseded; any other run replaces
// the date's outcome. Both record a history row and clear the run's staging.
// The script ends by selecting that history row, the commit's result.
func commitScript(d Dialect, req warehouse.CommitRequest) warehouse.Query {
	recorded := warehouse.RecordedCommitSelect(d, req)
	newer := warehouse.Query{Text: "SET superseded_by = (SELECT run_id FROM " + d.Table(warehouse.CommittedRuns) +
		" WHERE processor_name = @processor AND data_date = @date AND (planned_at > @planned_at OR (planned_at = @planned_at AND run_id > @run_id)))",
		Args: fenceArgs(req)}
	replace := joinStatements("", replaceStatements(d, req))
	finish := joinStatements("", append([]warehouse.Query{historyInsert(d, req)}, clearStaging(d, req)...))
	return joinStatements("DECLARE staged, inserted, updated, deleted, failed, attempts INT64 DEFAULT 0;\n"+
		"DECLARE by_category STRING DEFAULT '{}';\nDECLARE superseded_by STRING;\n", []warehouse.Query{
		{Text: "BEGIN TRANSACTION"},
		{Text: "IF NOT EXISTS (" + recorded.Text + ") THEN\n" + newer.Text + ";\nIF superseded_by IS NULL THEN\n" +
			replace.Text + "\nEND IF;\n" + finish.Text + "\nEND IF", Args: concatArgs(recorded.Args, newer.Args, replace.Args, finish.Args)},
		{Text: "COMMIT TRANSACTION"},
		recorded.Query,
	})
}

// fenceArgs are the parameters that place req's run among the date's runs.
func fenceArgs(req warehouse.CommitRequest) []warehouse.Arg {
	f := warehouse.FenceOf(req)
	return []warehouse.Arg{warehouse.Named("processor", string(req.Processor)), warehouse.Named("date", req.Date),
		warehouse.Named("run_id", req.RunID), warehouse.Named("planned_at", f.PlannedAt)}
}

// replaceStatements make the run's staged rows the date's outcome: count,
// MERGE the staged rows on the key (insert new keys, update rows whose
// data_hash differs keeping created_at, delete the date's rows the run did
// not produce), replace the date's failures, append the attempts, and make
// the run the committed one.
func replaceStatements(d Dialect, req warehouse.CommitRequest) []warehouse.Query {
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
		{Text: "SET failed = (SELECT COUNT(*) FROM " + T(fails) + ofRunProc + ")", Args: sc.RunProcessor},
	}
	if req.Staged != nil {
		stmts = append(stmts, stagedCheck(*req.Staged))
	}
	return append(stmts, []warehouse.Query{
		{Text: "SET inserted = (SELECT COUNT(*) FROM " + T(stg) + " s" + ofRun + " AND NOT EXISTS (" + match + "))", Args: sc.Run},
		{Text: "SET updated = (SELECT COUNT(*) FROM " + T(stg) + " s" + ofRun + " AND EXISTS (" + match + " AND t.data_hash != s.data_hash))", Args: sc.Run},
		{Text: fmt.Sprintf("SET deleted = (SELECT COUNT(*) FROM %s t WHERE t.%s = @date AND NOT EXISTS (SELECT 1 FROM %s s%s AND s.player_lookup = t.player_lookup))",
			T(out), out.Date, T(stg), ofRun), Args: sc.Run},
		{Text: fmt.Sprintf("MERGE %s t USING (SELECT * EXCEPT (run_id) FROM %s%s) s\nON t.%s = @date AND t.%s = s.%s AND t.player_lookup = s.player_lookup\n"+
			"WHEN MATCHED AND t.data_hash != s.data_hash THEN UPDATE SET %s\nWHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)\n"+
			"WHEN NOT MATCHED BY SOURCE AND t.%s = @date THEN DELETE",
			T(out), T(stg), ofRun, out.Date, out.Date, out.Date, strings.Join(set, ", "), strings.Join(cols, ", "), strings.Join(values, ", "), out.Date), Args: sc.Run},
		{Text: "DELETE FROM " + T(warehouse.Failures) + " WHERE processor_name = @processor AND analysis_date = @date AND run_id != @run_id", Args: sc.RunProcessor},
		{Text: "SET by_category = (SELECT CONCAT('{', IFNULL(STRING_AGG(CONCAT(TO_JSON_STRING(failure_category), ':', CAST(n AS STRING)), ',' ORDER BY failure_category), ''), '}') " +
			"FROM (SELECT failure_category, COUNT(*) AS n FROM " + T(fails) + ofRunProc + " GROUP BY failure_category))", Args: sc.RunProcessor},
		{Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s", T(warehouse.Failures), strings.Join(failCols, ", "), failSelect, T(fails), ofRunProc),
			Args: append(sc.RunProcessor[:3:3], warehouse.Named("now", req.Now))},
		{Text: "SET attempts = (SELECT COUNT(*) FROM " + T(attempts) + ofRunProc + ")", Args: sc.RunProcessor},
		{Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s", T(warehouse.Attempts), attemptCols, attemptCols, T(attempts), ofRunProc), Args: sc.RunProcessor},
		{Text: "MERGE " + T(warehouse.CommittedRuns) + " c USING (SELECT 1 AS one) s ON c.processor_name = @processor AND c.data_date = @date\n" +
			"WHEN MATCHED THEN UPDATE SET run_id = @run_id, planned_at = @planned_at, committed_at = @now\n" +
			"WHEN NOT MATCHED THEN INSERT (processor_name, data_date, run_id, planned_at, committed_at) VALUES (@processor, @date, @run_id, @planned_at, @now)",
			Args: append(fenceArgs(req), warehouse.Named("now", req.Now))},
	}...)
}

// stagingMismatch marks the error stagedCheck raises, so that Commit can
// return warehouse.ErrStagingMismatch for it.
const stagingMismatch = "nbaflow: staging mismatch"

// stagedCheck raises an error, which rolls the transaction back, when the
// staging does not hold what the run reported staging.
func stagedCheck(want warehouse.StagedCount) warehouse.Query {
	return warehouse.Query{Text: "IF staged != @expect_rows OR failed != @expect_failures THEN\n" +
		"RAISE USING MESSAGE = FORMAT('" + stagingMismatch + ": it holds %d rows and %d failures, the run reported %d and %d', staged, failed, @expect_rows, @expect_failures);\nEND IF",
		Args: []warehouse.Arg{warehouse.Named("expect_rows", int64(want.Rows)), warehouse.Named("expect_failures", int64(want.Failures))}}
}

// clearStaging deletes the run's staged rows, failures and attempts of the
// processor and date.
func clearStaging(d Dialect, req warehouse.CommitRequest) []warehouse.Query {
	_, stg, _ := warehouse.OutputTable(req.Processor)
	sc := warehouse.NewCommitScope(req, stg)
	return []warehouse.Query{
		{Text: "DELETE FROM " + d.Table(stg) + " WHERE " + sc.OfRun, Args: sc.Run},
		{Text: "DELETE FROM " + d.Table(warehouse.StagedFailures) + " WHERE " + sc.OfRunProcessor, Args: sc.RunProcessor},
		{Text: "DELETE FROM " + d.Table(warehouse.StagedAttempts) + " WHERE " + sc.OfRunProcessor, Args: sc.RunProcessor},
	}
}

// historyInsert records the commit's counts (script variables) in
// processor_run_history; the status follows warehouse.NewRunHistoryRow.
func historyInsert(d Dialect, req warehouse.CommitRequest) warehouse.Query {
	exprs := map[string]string{
		"processor_name": "@processor", "run_id": "@run_id", "data_date": "@date", "run_kind": "@run_kind",
		"status": "CASE WHEN superseded_by IS NOT NULL THEN @status_superseded WHEN failed > 0 AND staged = 0 THEN @status_failed " +
			"WHEN failed > 0 THEN @status_partial ELSE @status_success END",
		"started_at": "@started_at", "finished_at": "@now", "duration_ms": "@duration_ms",
		"inserted": "inserted", "updated": "updated", "unchanged": "staged - inserted - updated", "failed": "failed",
		"failures_by_category": "PARSE_JSON(by_category)", "attempts": "attempts",
		"deleted": "deleted", "planned_at": "@planned_at", "superseded_by": "superseded_by",
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
		Args: append(fenceArgs(req),
			warehouse.Named("run_kind", req.RunKind), warehouse.Named("status_superseded", warehouse.StatusSuperseded),
			warehouse.Named("status_failed", warehouse.StatusFailed), warehouse.Named("status_partial", warehouse.StatusPartial),
			warehouse.Named("status_success", warehouse.StatusSuccess), warehouse.Named("started_at", req.StartedAt),
			warehouse.Named("now", req.Now), warehouse.Named("duration_ms", req.Now.Sub(req.StartedAt).Milliseconds()),
		),
	}
}

// Commit implements warehouse.Warehouse with commitScript. Two attempts of
// the same commit racing are serialized by BigQuery's transactions: the
// loser fails, and its retry finds the recorded result.
func (w *Warehouse) Commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	if err := warehouse.CheckCommit(req); err != nil {
		return warehouse.CommitResult{}, err
	}
	res, err := w.commit(ctx, req)
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("bigquery: commit run %q %s %s: %w", req.RunID, req.Processor, req.Date, err)
	}
	return res, nil
}

func (w *Warehouse) commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	job, err := w.run(ctx, commitScript(w.dialect, req))
	if err != nil {
		if strings.Contains(err.Error(), stagingMismatch) {
			err = fmt.Errorf("%w (%v)", warehouse.ErrStagingMismatch, err)
		}
		return warehouse.CommitResult{}, err
	}
	it, err := job.Read(ctx)
	if err != nil {
		return warehouse.CommitResult{}, err
	}
	var vals []bq.Value
	if err := it.Next(&vals); err != nil {
		if errors.Is(err, iterator.Done) {
			err = errors.New("the commit script recorded no run history")
		}
		return warehouse.CommitResult{}, err
	}
	sel := warehouse.RecordedCommitSelect(w.dialect, req)
	row, err := DecodeRow(sel.Table, sel.Columns, vals)
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("the commit's run history: %w", err)
	}
	return row.Interface().(warehouse.RunHistoryRow).Result()
}
