package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"nbaflow/internal/league"
	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/internal/warehouse/warehousetest"
)

// seasonWarehouse opens a file holding one full synthetic season.
func seasonWarehouse(b *testing.B) *sqlite.Warehouse { return seasonWarehouseT(b) }

func seasonWarehouseT(b testing.TB) *sqlite.Warehouse {
	b.Helper()
	ds, err := league.Generate(league.Config{SeasonYear: 2024, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	w, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "season.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.Close() })
	if _, err := w.LoadDataset(context.Background(), ds); err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkContextInputs loads one chunk's context inputs: 25 players of
// two or three teams on a mid-season date of a full season.
func BenchmarkContextInputs(b *testing.B) {
	ctx := context.Background()
	w := seasonWarehouse(b)
	start, ok, err := w.SeasonStart(ctx, 2024)
	if err != nil || !ok {
		b.Fatalf("season start: %v %v", ok, err)
	}
	dates, err := w.GameDates(ctx, start, start.AddDays(200))
	if err != nil || len(dates) == 0 {
		b.Fatalf("game dates: %d, %v", len(dates), err)
	}
	date := dates[len(dates)/2]
	plan, err := w.PlanInputs(ctx, date)
	if err != nil {
		b.Fatal(err)
	}
	players, _ := nba.PlanContextPlayers(plan)
	if len(players) < 25 {
		b.Fatalf("%d players planned on %s", len(players), date)
	}
	chunk := players[:25]
	b.ResetTimer()
	var rows int
	for b.Loop() {
		in, err := w.ContextInputs(ctx, date, start, chunk)
		if err != nil {
			b.Fatal(err)
		}
		rows = len(in.PlayerGames) + len(in.Schedule) + len(in.TeamGames) + len(in.Gamebook)
	}
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkCommit450 stages 450 context rows in chunks of 25 and commits
// them. Two versions of the rows alternate, so every commit updates all 450.
func BenchmarkCommit450(b *testing.B) {
	ctx := context.Background()
	w, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "commit.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	date, at := warehousetest.Mid, time.Now().UTC()
	var versions [2][]warehouse.StageBatch
	for v := range versions {
		for c := range 18 {
			versions[v] = append(versions[v], warehousetest.ContextBatch("", date, players(c*25, 25), float64(v), at))
		}
	}
	i := 0
	for b.Loop() {
		i++
		run := fmt.Sprintf("bench-%d", i)
		for _, batch := range versions[i%2] {
			batch.RunID = run
			if err := w.Stage(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		// Each run planned after the one before, as reruns of a date are.
		res, err := w.Commit(ctx, warehousetest.PlannedCommit(run, nba.UPGC, date, at.Add(time.Duration(i)*time.Second)))
		if err != nil {
			b.Fatal(err)
		}
		if res.Inserted+res.Updated != 450 {
			b.Fatalf("commit %d: %+v", i, res)
		}
	}
}
