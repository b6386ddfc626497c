package bigquery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"nbaflow/internal/warehouse"
)

// StagedRuns implements warehouse.Warehouse from the names of the staging
// tables: a run is the start of its tables' names, with a row count of
// its tables (the rows would take a query per table).
func (w *Warehouse) StagedRuns(ctx context.Context) ([]warehouse.StagedRun, error) {
	names, err := w.stagingTables(ctx, "run_")
	if err != nil {
		return nil, fmt.Errorf("bigquery: staged runs: %w", err)
	}
	byRun := map[string]int{}
	for _, n := range names {
		if i := strings.LastIndex(n, "_upgc_"); i > 0 {
			byRun[n[:i+1]]++
		} else if i := strings.LastIndex(n, "_psza_"); i > 0 {
			byRun[n[:i+1]]++
		}
	}
	out := make([]warehouse.StagedRun, 0, len(byRun))
	for run, tables := range byRun {
		out = append(out, warehouse.StagedRun{RunID: run, Rows: tables})
	}
	slices.SortFunc(out, func(a, b warehouse.StagedRun) int { return strings.Compare(a.RunID, b.RunID) })
	return out, nil
}

// SweepStaging implements warehouse.Warehouse: it sweeps nothing, since the
// staging dataset's default expiration removes a dead run's tables
// (warehouse.StagingExpiration) and CheckSchema makes sure it has one.
func (w *Warehouse) SweepStaging(context.Context, time.Time) ([]warehouse.StagedRun, error) {
	return nil, nil
}
