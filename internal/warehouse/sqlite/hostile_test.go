package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/warehousetest"
)

// queriesWith returns every query the sqlite backend builds, with h as run
// id, player lookup, team tricode and processor name.
func queriesWith(h string) []warehouse.Query {
	var qs []warehouse.Query
	for _, s := range warehouse.ReadQueries(Dialect{}, warehousetest.Mid, h) {
		qs = append(qs, s.Query)
	}
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		out, stg, _ := warehouse.OutputTable(p)
		s := warehouse.StagedRows{Output: out, Staging: stg, Players: []string{h, h + "2"}}
		qs = append(qs, stageDeletes(Dialect{}, s, h, nba.Processor(h), warehousetest.Mid)...)
		c := newCommitQueries(warehouse.CommitRequest{RunID: h, Processor: p, Date: warehousetest.Mid})
		qs = append(qs, c.staged, c.inserted, c.updated, c.merge, c.failures, c.byCategory, c.attempts)
		qs = append(qs, c.clear...)
	}
	qs = append(qs, discardQueries(Dialect{}, h)...)
	qs = append(qs, zoneBounds(warehousetest.Opener, warehousetest.Mid, []string{h}), zoneRows(h, warehousetest.Opener, warehousetest.Mid),
		gamebookThroughIndexes(warehousetest.Opener, warehousetest.Mid, []string{h}, []string{h}, []string{h}, nba.ContextWindows).Query)
	for _, t := range warehouse.Tables {
		q := insertQuery(t, true, 2)
		row := rowArgs(t, reflect.New(t.Row).Elem(), h)
		q.Args = append(row, row...)
		qs = append(qs, q)
	}
	return qs
}

func TestNoValueReachesSQLText(t *testing.T) {
	for _, h := range warehousetest.Hostile {
		for _, q := range queriesWith(h) {
			warehousetest.AssertParameterized(t, q, h)
		}
	}
}

// TestHostileValuesRun runs every query and method with hostile values
// against a seeded file: the values are stored and read back as they were,
// and every table still exists and holds its rows.
func TestHostileValuesRun(t *testing.T) {
	ctx := context.Background()
	w := openTemp(t)
	ds := warehousetest.Fixture()
	if _, err := w.LoadDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	before := tableCounts(t, w)
	for i, h := range warehousetest.Hostile {
		r := reader{w: w}
		for _, s := range warehouse.ReadQueries(Dialect{}, warehousetest.Mid, h) {
			dst := reflect.New(reflect.SliceOf(s.Table.Row))
			if err := r.Select(ctx, s, dst.Interface()); err != nil {
				t.Fatalf("%.80q with %.40q: %v", s.Text, h, err)
			}
		}
		planned := []nba.PlannedPlayer{{PlayerLookup: h, TeamAbbr: h, GameID: h}}
		if _, err := w.ContextInputs(ctx, warehousetest.Mid, warehousetest.Opener, planned); err != nil {
			t.Fatal(err)
		}
		if _, err := w.ShotZoneInputs(ctx, warehousetest.Mid, warehousetest.Opener, planned); err != nil {
			t.Fatal(err)
		}
		row := warehousetest.Context(h, warehousetest.Mid.AddDays(100+i), 1, warehousetest.Mid.AddDays(1).In(time.UTC))
		row.TeamAbbr = h
		b := warehouse.StageBatch{RunID: h, Processor: nba.UPGC, Date: row.GameDate, Players: []string{h}, Contexts: []nba.PlayerContext{row},
			Failures: []nba.Failure{{PlayerLookup: h + "f", Category: nba.DataError, Reason: h}}}
		if err := w.Stage(ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Commit(ctx, warehousetest.CommitRequest(h, nba.UPGC, row.GameDate)); err != nil {
			t.Fatal(err)
		}
		if err := w.DiscardRun(ctx, h); err != nil {
			t.Fatal(err)
		}
		got, err := w.PlayerContexts(ctx, row.GameDate)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].PlayerLookup != h || got[0].TeamAbbr != h {
			t.Errorf("hostile value %.40q not stored as it was", h)
		}
		fails, err := w.EntityFailures(ctx, row.GameDate)
		if err != nil || len(fails) != 1 || fails[0].Failure.Reason != h || fails[0].RunID != h {
			t.Errorf("failure with hostile values %.40q: %v, %v", h, fails, err)
		}
	}
	after := tableCounts(t, w)
	for _, tb := range warehouse.Tables {
		if tb.Role == warehouse.RoleInput && after[tb.Name] != before[tb.Name] {
			t.Errorf("table %s has %d rows, had %d", tb.Name, after[tb.Name], before[tb.Name])
		}
	}
	if n := len(warehousetest.Hostile); after[warehouse.Contexts.Name] != n || after[warehouse.Failures.Name] != n {
		t.Errorf("outputs: %d contexts and %d failures, want %d each", after[warehouse.Contexts.Name], after[warehouse.Failures.Name], n)
	}
}

// tableCounts returns the row count of every table of the registry; a
// missing table fails the test.
func tableCounts(t *testing.T, w *Warehouse) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, tb := range warehouse.Tables {
		var n int
		if err := w.db.QueryRow("SELECT COUNT(*) FROM " + tb.Name).Scan(&n); err != nil {
			t.Fatalf("table %s: %v", tb.Name, err)
		}
		counts[tb.Name] = n
	}
	return counts
}
