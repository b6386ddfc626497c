package bigquery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"nbaflow/internal/warehouse"
)

// Commit implements warehouse.Warehouse as a sequence of single statements
// (commit_sql.go), each atomic and each safe to repeat, so that a commit
// retried after a crash at any point ends as one clean commit would:
//
//  1. a result an earlier attempt recorded is returned as it is;
//  2. the run's staging is counted and checked against what its chunks
//     reported (warehouse.ErrStagingMismatch);
//  3. the run claims the date in committed_runs, unless a newer run holds
//     it: then it is superseded and writes nothing else;
//  4. one MERGE writes the output table, one the failures, one the breaker
//     attempts, each fenced in its source;
//  5. the date's holder is read again: a run overtaken during 4 changed
//     nothing there and reports superseded;
//  6. the run-history row is added once; the run's staging tables of the
//     processor are dropped.
func (w *Warehouse) Commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	err := warehouse.CheckCommit(req)
	if err == nil {
		err = errors.Join(checkRunID(req.RunID), checkRunID(req.StagingRun()))
	}
	if err != nil {
		return warehouse.CommitResult{}, err
	}
	res, err := w.commit(ctx, req)
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("bigquery: commit run %q %s %s: %w", req.RunID, req.Processor, req.Date, err)
	}
	return res, nil
}

func (w *Warehouse) commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	staged, err := w.stagedTablesOf(ctx, req.StagingRun(), req.Processor)
	if err != nil {
		return warehouse.CommitResult{}, err
	}
	if res, done, err := w.RecordedCommit(ctx, req); err != nil || done {
		if err == nil {
			err = w.dropStaged(ctx, staged)
		}
		return res, err
	}
	c := commitSQL{d: w.dialect, req: req, staged: staged}
	counts, err := w.stagedCounts(ctx, c)
	if err != nil {
		return warehouse.CommitResult{}, err
	}
	if err := warehouse.CheckStaged(req, counts.StagedCount); err != nil {
		return warehouse.CommitResult{}, err
	}
	res, err := w.writeOutcome(ctx, c, counts)
	if err != nil {
		return warehouse.CommitResult{}, err
	}
	if res, err = w.record(ctx, c, res); err != nil {
		return warehouse.CommitResult{}, err
	}
	return res, w.dropStaged(ctx, staged)
}

// writeOutcome runs steps 3 to 5 of Commit.
func (w *Warehouse) writeOutcome(ctx context.Context, c commitSQL, counts stagedCounts) (warehouse.CommitResult, error) {
	claimed, err := w.mutate(ctx, c.claim())
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("claim the date: %w", err)
	}
	if claimed.InsertedRowCount+claimed.UpdatedRowCount == 0 {
		return w.superseded(ctx, c)
	}
	written, err := w.mutate(ctx, c.replace())
	if err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("merge the staged rows: %w", err)
	}
	if _, err := w.mutate(ctx, c.replaceFailures()); err != nil {
		return warehouse.CommitResult{}, fmt.Errorf("replace the failures: %w", err)
	}
	if counts.Attempts > 0 {
		if _, err := w.mutate(ctx, c.appendAttempts()); err != nil {
			return warehouse.CommitResult{}, fmt.Errorf("record the reprocess attempts: %w", err)
		}
	}
	holder, err := w.holder(ctx, c)
	if err != nil || holder != c.req.RunID {
		return warehouse.CommitResult{Superseded: true, SupersededBy: holder}, err
	}
	ins, upd := int(written.InsertedRowCount), int(written.UpdatedRowCount)
	return warehouse.CommitResult{Inserted: ins, Updated: upd, Unchanged: counts.Rows - ins - upd, Deleted: int(written.DeletedRowCount),
		Failed: counts.Failures, FailuresByCategory: counts.byCategory, Attempts: counts.Attempts}, nil
}

// superseded is the result of a run a newer one of the date overtook.
func (w *Warehouse) superseded(ctx context.Context, c commitSQL) (warehouse.CommitResult, error) {
	holder, err := w.holder(ctx, c)
	return warehouse.CommitResult{Superseded: true, SupersededBy: holder}, err
}

// record adds the run-history row of res unless an earlier attempt of the
// same commit did: then that attempt's recorded result is the result.
func (w *Warehouse) record(ctx context.Context, c commitSQL, res warehouse.CommitResult) (warehouse.CommitResult, error) {
	q, err := c.record(warehouse.NewRunHistoryRow(c.req, res))
	if err != nil {
		return res, err
	}
	st, err := w.mutate(ctx, q)
	if err != nil {
		return res, fmt.Errorf("record the run history: %w", err)
	}
	if st.InsertedRowCount == 1 {
		return res, nil
	}
	recorded, ok, err := w.RecordedCommit(ctx, c.req)
	if err == nil && !ok {
		err = errors.New("the run history holds no row of the commit after it was recorded")
	}
	return recorded, err
}

// dropStaged drops the run's staging tables of the processor.
func (w *Warehouse) dropStaged(ctx context.Context, staged stagedTables) error {
	var names []string
	for _, kind := range []string{kindRows, kindFailures, kindAttempts} {
		names = append(names, staged[kind]...)
	}
	return w.dropTables(ctx, names)
}

// mutate runs a DML statement and returns its statistics.
func (w *Warehouse) mutate(ctx context.Context, q warehouse.Query) (*bq.DMLStatistics, error) {
	job, err := w.run(ctx, q, jobCommit)
	if err != nil {
		return nil, err
	}
	return dmlStats(job.LastStatus())
}

// holder reads the run that holds the date.
func (w *Warehouse) holder(ctx context.Context, c commitSQL) (string, error) {
	vals, err := w.readOne(ctx, c.holder())
	if err != nil {
		return "", fmt.Errorf("read the date's committed run: %w", err)
	}
	run, _ := vals[0].(string)
	return run, nil
}

// stagedCounts are what a run staged for a processor and date.
type stagedCounts struct {
	warehouse.StagedCount
	Attempts   int
	byCategory map[string]int
}

func (w *Warehouse) stagedCounts(ctx context.Context, c commitSQL) (stagedCounts, error) {
	vals, err := w.readOne(ctx, c.counts())
	if err != nil {
		return stagedCounts{}, fmt.Errorf("count the staged rows: %w", err)
	}
	if len(vals) != 4 {
		return stagedCounts{}, fmt.Errorf("count the staged rows: %d values, want 4", len(vals))
	}
	var n [3]int64
	for i := range n {
		var ok bool
		if n[i], ok = vals[i].(int64); !ok {
			return stagedCounts{}, fmt.Errorf("count the staged rows: value %d is %T", i, vals[i])
		}
	}
	counts := stagedCounts{StagedCount: warehouse.StagedCount{Rows: int(n[0]), Failures: int(n[1])}, Attempts: int(n[2])}
	s, _ := vals[3].(string)
	if err := json.Unmarshal([]byte(s), &counts.byCategory); err != nil {
		return stagedCounts{}, fmt.Errorf("failures by category %q: %w", s, err)
	}
	if len(counts.byCategory) == 0 {
		counts.byCategory = nil
	}
	return counts, nil
}

// readOne runs a query that returns one row and returns its values.
func (w *Warehouse) readOne(ctx context.Context, q warehouse.Query) ([]bq.Value, error) {
	it, err := w.read(ctx, q)
	if err != nil {
		return nil, err
	}
	var vals []bq.Value
	if err := it.Next(&vals); err != nil {
		if errors.Is(err, iterator.Done) {
			return nil, fmt.Errorf("no row from %.80q", q.Text)
		}
		return nil, classify(err)
	}
	return vals, nil
}
