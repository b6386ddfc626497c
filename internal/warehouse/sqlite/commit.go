package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"

	"nbaflow/internal/warehouse"
)

// commitQueries are the statements of one commit of (run, processor, date).
type commitQueries struct {
	staged, inserted, updated warehouse.Query // counts
	deleteAbsent              warehouse.Query // the date's rows the run did not produce
	merge                     warehouse.Query // upsert into the output table
	deleteOldFailures         warehouse.Query // failures other runs recorded for the date
	failures, byCategory      warehouse.Query
	attempts                  warehouse.Query
	clear                     []warehouse.Query
}

func newCommitQueries(req warehouse.CommitRequest) commitQueries {
	out, stg, _ := warehouse.OutputTable(req.Processor)
	sc := newCommitScope(req, stg)
	ofRun, ofRunProc := " WHERE "+sc.OfRun, " WHERE "+sc.OfRunProcessor
	match := fmt.Sprintf("SELECT 1 FROM %s t WHERE t.%s = s.%s AND t.player_lookup = s.player_lookup", out.Name, out.Date, out.Date)
	count := func(cond string) warehouse.Query {
		return warehouse.Query{Text: "SELECT COUNT(*) FROM " + stg.Name + " s" + ofRun + cond, Args: sc.Run}
	}
	cols := strings.Join(warehouse.ColumnNames(out.Columns()), ", ")
	failCols := warehouse.ColumnNames(warehouse.Failures.Columns())
	// A failure records the execution that committed it, as the history does.
	failSelect := strings.Join(replace(replace(failCols, "created_at", "@now"), "run_id", "@run_id"), ", ")
	attemptCols := strings.Join(warehouse.ColumnNames(warehouse.Attempts.Columns()), ", ")
	return commitQueries{
		staged:   count(""),
		inserted: count(" AND NOT EXISTS (" + match + ")"),
		updated:  count(" AND EXISTS (" + match + " AND " + warehouse.RowChanged(out, "t", "s", isNot) + ")"),
		deleteAbsent: warehouse.Query{Text: fmt.Sprintf("DELETE FROM %s WHERE %s = @date AND player_lookup NOT IN (SELECT player_lookup FROM %s%s)",
			out.Name, out.Date, stg.Name, ofRun), Args: sc.Run},
		merge: warehouse.Query{Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s ON CONFLICT (%s) DO %s WHERE %s",
			out.Name, cols, cols, stg.Name, ofRun, strings.Join(out.Key, ", "), updateSet(out, []string{"created_at"}),
			warehouse.RowChanged(out, out.Name, "excluded", isNot)), Args: sc.Run},
		deleteOldFailures: warehouse.Query{Text: "DELETE FROM " + warehouse.Failures.Name +
			" WHERE processor_name = @processor AND analysis_date = @date AND run_id <> @run_id",
			Args: []warehouse.Arg{warehouse.Named("processor", string(req.Processor)), warehouse.Named("date", req.Date), warehouse.Named("run_id", req.RunID)}},
		failures: warehouse.Query{Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s",
			warehouse.Failures.Name, strings.Join(failCols, ", "), failSelect, warehouse.StagedFailures.Name, ofRunProc),
			Args: append(sc.RunProcessor[:3:3], warehouse.Named("now", req.Now), warehouse.Named("run_id", req.RunID))},
		byCategory: warehouse.Query{Text: "SELECT failure_category, COUNT(*) FROM " + warehouse.StagedFailures.Name + ofRunProc +
			" GROUP BY failure_category ORDER BY failure_category", Args: sc.RunProcessor},
		attempts: warehouse.Query{Text: fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s",
			warehouse.Attempts.Name, attemptCols, attemptCols, warehouse.StagedAttempts.Name, ofRunProc), Args: sc.RunProcessor},
		clear: []warehouse.Query{
			{Text: "DELETE FROM " + stg.Name + ofRun, Args: sc.Run},
			{Text: "DELETE FROM " + warehouse.StagedFailures.Name + ofRunProc, Args: sc.RunProcessor},
			{Text: "DELETE FROM " + warehouse.StagedAttempts.Name + ofRunProc, Args: sc.RunProcessor},
		},
	}
}

// isNot compares two values of a column, NULL included: lists and JSON are
// stored as text, so every kind compares as a value.
func isNot(_ warehouse.Column, t, s string) string { return t + " IS NOT " + s }

// replace returns names with old replaced by repl.
func replace(names []string, old, repl string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if n == old {
			out[i] = repl
		}
	}
	return out
}

// Commit implements warehouse.Warehouse in one immediate transaction, which
// no other writer of the file can interleave with: a commit already
// recorded for (run, processor, date) returns its result and changes
// nothing; a run older than the committed one (warehouse.Fence) is recorded
// as superseded and writes nothing else; any other run replaces the date's
// outcome with its own.
func (w *Warehouse) Commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	if err := warehouse.CheckCommit(req); err != nil {
		return warehouse.CommitResult{}, err
	}
	var res warehouse.CommitResult
	err := w.inTx(ctx, func(tx *sql.Tx) error {
		reads := warehouse.Reads{R: reader{q: tx}, D: Dialect{}}
		recorded, done, err := reads.RecordedCommit(ctx, req)
		if err != nil || done {
			res = recorded
			return err
		}
		holder, held, err := reads.CommittedRun(ctx, req.Processor, req.Date)
		if err != nil {
			return err
		}
		q := newCommitQueries(req)
		if held && holder.Fence().Supersedes(warehouse.FenceOf(req)) {
			res = warehouse.CommitResult{Superseded: true, SupersededBy: holder.RunID}
		} else if res, err = w.replaceOutcome(ctx, tx, q, req); err != nil {
			return err
		}
		return w.finishCommit(ctx, tx, q, req, res)
	})
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("sqlite: commit run %q %s %s: %w", req.RunID, req.Processor, req.Date, err)
	}
	return res, nil
}

// replaceOutcome makes the run's staged rows, failures and attempts the
// date's outcome and the run the committed one.
func (w *Warehouse) replaceOutcome(ctx context.Context, tx *sql.Tx, q commitQueries, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	var res warehouse.CommitResult
	var staged int
	for _, c := range []struct {
		q   warehouse.Query
		dst *int
	}{{q.staged, &staged}, {q.inserted, &res.Inserted}, {q.updated, &res.Updated}} {
		if err := scalar(ctx, tx, c.q, c.dst); err != nil {
			return res, fmt.Errorf("count staged rows: %w", err)
		}
	}
	res.Unchanged = staged - res.Inserted - res.Updated
	var err error
	if res.FailuresByCategory, err = failureCounts(ctx, tx, q.byCategory); err != nil {
		return res, err
	}
	if err := warehouse.CheckStaged(req, warehouse.StagedCount{Rows: staged, Failures: sum(res.FailuresByCategory)}); err != nil {
		return res, err
	}
	deleted, err := exec(ctx, tx, q.deleteAbsent)
	if err != nil {
		return res, fmt.Errorf("delete rows the run did not produce: %w", err)
	}
	res.Deleted = int(deleted)
	changed, err := exec(ctx, tx, q.merge)
	if err != nil {
		return res, fmt.Errorf("merge staged rows: %w", err)
	}
	if int(changed) != res.Inserted+res.Updated {
		return res, fmt.Errorf("merge changed %d rows, expected %d inserted + %d updated", changed, res.Inserted, res.Updated)
	}
	if _, err := exec(ctx, tx, q.deleteOldFailures); err != nil {
		return res, fmt.Errorf("delete earlier runs' failures: %w", err)
	}
	n, err := exec(ctx, tx, q.failures)
	if err != nil {
		return res, fmt.Errorf("record failures: %w", err)
	}
	res.Failed = int(n)
	if n, err = exec(ctx, tx, q.attempts); err != nil {
		return res, fmt.Errorf("record reprocess attempts: %w", err)
	}
	res.Attempts = int(n)
	fence := []warehouse.CommittedRunRow{warehouse.NewCommittedRunRow(req)}
	if err := w.insertRows(ctx, tx, warehouse.CommittedRuns, reflect.ValueOf(fence), "", true); err != nil {
		return res, err
	}
	return res, nil
}

// finishCommit records the commit's result in the run history and clears
// the run's staging of the processor and date.
func (w *Warehouse) finishCommit(ctx context.Context, tx *sql.Tx, q commitQueries, req warehouse.CommitRequest, res warehouse.CommitResult) error {
	hist := []warehouse.RunHistoryRow{warehouse.NewRunHistoryRow(req, res)}
	if err := w.insertRows(ctx, tx, warehouse.RunHistory, reflect.ValueOf(hist), "", false); err != nil {
		return err
	}
	for _, c := range q.clear {
		if _, err := exec(ctx, tx, c); err != nil {
			return fmt.Errorf("clear staging: %w", err)
		}
	}
	return nil
}

func sum(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

func failureCounts(ctx context.Context, tx *sql.Tx, q warehouse.Query) (map[string]int, error) {
	a, err := args(q)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, q.Text, a...)
	if err != nil {
		return nil, fmt.Errorf("count failures: %w", err)
	}
	defer rows.Close()
	var counts map[string]int
	for rows.Next() {
		var cat string
		var n int
		if err := rows.Scan(&cat, &n); err != nil {
			return nil, fmt.Errorf("count failures: %w", err)
		}
		if counts == nil {
			counts = map[string]int{}
		}
		counts[cat] = n
	}
	return counts, rows.Err()
}
