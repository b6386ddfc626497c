package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"nbaflow/internal/warehouse"
)

// stagedAt is the column of each staging table that says when a row was
// staged (or built, just before).
var stagedAt = map[*warehouse.Table]string{
	warehouse.StagedContexts: "processed_at",
	warehouse.StagedZones:    "processed_at",
	warehouse.StagedFailures: "created_at",
	warehouse.StagedAttempts: "attempted_at",
}

// StagedRuns implements warehouse.Warehouse.
func (w *Warehouse) StagedRuns(ctx context.Context) ([]warehouse.StagedRun, error) {
	runs, err := stagedRuns(ctx, w.db)
	if err != nil {
		return nil, fmt.Errorf("sqlite: staged runs: %w", err)
	}
	return runs, nil
}

// SweepStaging implements warehouse.Warehouse in one transaction.
func (w *Warehouse) SweepStaging(ctx context.Context, before time.Time) ([]warehouse.StagedRun, error) {
	var swept []warehouse.StagedRun
	err := w.inTx(ctx, func(tx *sql.Tx) error {
		runs, err := stagedRuns(ctx, tx)
		if err != nil {
			return err
		}
		for _, r := range runs {
			if !r.Newest.Before(before) {
				continue
			}
			for _, q := range discardQueries(Dialect{}, r.RunID) {
				if _, err := exec(ctx, tx, q); err != nil {
					return fmt.Errorf("sweep run %q: %w", r.RunID, err)
				}
			}
			swept = append(swept, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: sweep staging staged before %s: %w", before.Format(time.RFC3339), err)
	}
	return swept, nil
}

// stagedRuns counts each run's rows over the staging tables and finds its
// newest, by run ID.
func stagedRuns(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) ([]warehouse.StagedRun, error) {
	byRun := map[string]*warehouse.StagedRun{}
	for t, col := range stagedAt {
		rows, err := q.QueryContext(ctx, "SELECT run_id, COUNT(*), MAX("+col+") FROM "+t.Name+" GROUP BY run_id")
		if err != nil {
			return nil, fmt.Errorf("staged runs of %s: %w", t.Name, err)
		}
		for rows.Next() {
			var run, newest string
			var n int
			if err := rows.Scan(&run, &n, &newest); err != nil {
				rows.Close()
				return nil, fmt.Errorf("staged runs of %s: %w", t.Name, err)
			}
			at, err := time.Parse(time.RFC3339Nano, newest)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("staged runs of %s: run %q staged at %q: %w", t.Name, run, newest, err)
			}
			r := byRun[run]
			if r == nil {
				r = &warehouse.StagedRun{RunID: run}
				byRun[run] = r
			}
			r.Rows += n
			if at.After(r.Newest) {
				r.Newest = at
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	out := make([]warehouse.StagedRun, 0, len(byRun))
	for _, r := range byRun {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b warehouse.StagedRun) int { return strings.Compare(a.RunID, b.RunID) })
	return out, nil
}
