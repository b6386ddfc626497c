package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nbaflow/internal/warehouse/csvimport"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// realData is the real 2017-18 regular season, one CSV file per input table.
const realData = "../realdata/2017-18"

// The real range backfilled: December 2017 to the end of the regular season.
const realFrom, realTo = "2017-12-01", "2018-04-11"

// BenchmarkRealSeason imports the real 2017-18 season into a new SQLite
// warehouse as `nbaflow import-dir` does, then backfills December to April
// on the dev server with a worker in its default configuration; only the
// backfill is timed (docs/design.md sets its target).
func BenchmarkRealSeason(b *testing.B) {
	s := newStackOver(b, importRealSeason(b), 0, 0)
	for i := range b.N {
		in := workflows.BackfillInput{StartDate: realFrom, EndDate: realTo, ChunkSize: backfillChunkSize}
		res, elapsed := backfill(b, s, "bench-real-"+strings.Repeat("i", i+1), in, realSeason)
		b.ReportMetric(elapsed.Seconds(), "s/range")
		b.ReportMetric(float64(res.PlayersProcessed)/elapsed.Seconds(), "players/s")
		record(realSeason, elapsed, res.PlayersProcessed)
	}
}

// importRealSeason loads every TABLE.csv of realData into a new warehouse
// file of the benchmark's.
func importRealSeason(b *testing.B) *sqlite.Warehouse {
	b.Helper()
	ctx := context.Background()
	wh, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "real.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { wh.Close() })
	imported := 0
	for _, table := range csvimport.Tables() {
		f, err := os.Open(filepath.Join(realData, table+".csv"))
		if os.IsNotExist(err) {
			continue // an optional table the real season lacks
		}
		if err != nil {
			b.Fatal(err)
		}
		_, err = csvimport.Import(ctx, wh, table, f)
		f.Close()
		if err != nil {
			b.Fatalf("import %s: %v", table, err)
		}
		imported++
	}
	if imported == 0 {
		b.Fatalf("no table imported from %s", realData)
	}
	return wh
}
