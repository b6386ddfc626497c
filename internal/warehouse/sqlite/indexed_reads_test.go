package sqlite

import (
	"context"
	"strings"
	"testing"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/warehousetest"
)

// TestReadsUseTheirIndexes: the shot-zone box-score read finds the bounds
// and the dates with a problem through zoneCheckIndex, and it and the
// windowed gamebook read find the refused rows through partial indexes,
// whose conditions must stay the queries' own (SQLite uses a partial index
// only for the same expression); without them the reads would test every
// row of the season again, and still be right.
func TestReadsUseTheirIndexes(t *testing.T) {
	ctx := context.Background()
	w := openTemp(t)
	for _, tt := range []struct {
		name  string
		query warehouse.Query
		uses  []string
	}{
		{"bounds", zoneBounds(warehousetest.Opener, warehousetest.Mid, []string{"a"}), []string{"COVERING INDEX " + zoneCheckIndex}},
		{"rows", zoneRows(`[["a","2025-01-01"]]`, warehousetest.Opener, warehousetest.Mid),
			[]string{"INDEX " + zoneRefusedIndex, "COVERING INDEX " + zoneCheckIndex}},
		{"gamebook", gamebookThroughIndexes(warehousetest.Opener, warehousetest.Mid, []string{"a"}, []string{"ATL"}, nil,
			nba.ContextWindows).Query, []string{"INDEX " + gamebookRefusedIndex}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := args(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := w.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+tt.query.Text, a...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			text := strings.Join(plan, "\n")
			for _, index := range tt.uses {
				if !strings.Contains(text, index) {
					t.Errorf("the plan does not use %s:\n%s", index, text)
				}
			}
		})
	}
}
