//go:build longfaults

package faults_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/league"
	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// historyWarnEvents is the server's warning level of history events per
// run (limit.historyCount.warn); the run is terminated at five times it.
const historyWarnEvents = 10240

// scaleSeasons are the synthetic seasons of the scale test.
var scaleSeasons = []int{2022, 2023, 2024}

// TestScaleThreeSeasonBackfill backfills three synthetic seasons (about
// 500 game dates) with the default settings on two worker processes. The
// backfill continues as new along the way, completes with every game date
// committed by both processors (shot zones skip each season's first 14
// days), and no run of the backfill chain nor any of its daily runs comes
// near the server's history limits. It logs the time, the throughput, the
// largest histories and the workers' peak memory.
func TestScaleThreeSeasonBackfill(t *testing.T) {
	path, seeded := seedSeasons(t, scaleSeasons)
	srv := server.Server(t)
	s := newStackOn(t, srv.Client(), srv.FrontendHostPort(), path, 2)
	ctx := context.Background()
	all, err := s.wh.GameDates(ctx, civil.Date{Year: scaleSeasons[0], Month: time.July, Day: 1}, civil.Date{Year: scaleSeasons[len(scaleSeasons)-1] + 1, Month: time.June, Day: 30})
	if err != nil {
		t.Fatal(err)
	}
	start, end := all[0], all[len(all)-1]

	begun := time.Now()
	run := s.startBackfill(t, start, end, workflows.BackfillInput{})
	firstRun := run.GetRunID() // Get follows the chain, and then names the last run
	res := wait[workflows.BackfillResult](t, run, 45*time.Minute)
	elapsed := time.Since(begun)
	peaks := make([]string, len(s.workers))
	for i, w := range s.workers {
		peaks[i] = mib(w.peakRSS(t))
	}
	t.Logf("backfill of %d game dates (%s..%s, %d seasons seeded in %v): %v, %.1f dates/min, %d runs; worker peak memory (VmHWM) %v",
		len(all), start, end, len(scaleSeasons), seeded.Round(100*time.Millisecond), elapsed.Round(time.Second),
		float64(len(all))/elapsed.Minutes(), res.Runs, peaks)

	if res.Status != workflows.StatusSuccess || res.DatesDone != len(all) || res.DatesFailed != 0 {
		t.Errorf("result %+v, want all %d dates done", res, len(all))
	}
	if res.Runs < 2 {
		t.Errorf("%d runs: the backfill never continued as new", res.Runs)
	}
	assertEveryDateCommitted(t, s.wh, all)
	assertNoStaging(t, s.wh)

	// Histories: every run of the chain and every daily run.
	checked := time.Now()
	runs, events := runChain(t, s.c, run.GetID(), firstRun)
	if len(runs) != res.Runs {
		t.Errorf("%d runs in the chain, the result says %d", len(runs), res.Runs)
	}
	maxParent, maxChild, maxChildID := 0, 0, ""
	for i, e := range events {
		maxParent = max(maxParent, len(e))
		if len(e) >= historyWarnEvents {
			t.Errorf("backfill run %d has %d events", i+1, len(e))
		}
	}
	for _, d := range all {
		id := run.GetID() + "-" + d.String()
		if n := len(history(t, s.c, id, "")); n > maxChild {
			maxChild, maxChildID = n, id
		}
	}
	if maxChild >= historyWarnEvents {
		t.Errorf("daily run %s has %d events", maxChildID, maxChild)
	}
	t.Logf("largest history: %d events in a backfill run (of %d runs), %d in a daily run (%s), warning level %d; read %d histories in %v",
		maxParent, len(runs), maxChild, maxChildID, historyWarnEvents, len(runs)+len(all), time.Since(checked).Round(100*time.Millisecond))
}

// seedSeasons writes the synthetic seasons into one new warehouse file, as
// `nbaflow seed --seasons` does, and returns its path and the time it took.
func seedSeasons(t *testing.T, years []int) (string, time.Duration) {
	t.Helper()
	begun := time.Now()
	path := filepath.Join(t.TempDir(), "warehouse.db")
	ctx := context.Background()
	wh, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	for _, y := range years {
		ds, err := league.Generate(league.Config{SeasonYear: y, Seed: testenv.Seed})
		if err != nil {
			t.Fatalf("generate season %d: %v", y, err)
		}
		if _, err := wh.LoadDataset(ctx, ds); err != nil {
			t.Fatalf("load season %d: %v", y, err)
		}
	}
	return path, time.Since(begun)
}

// assertEveryDateCommitted checks the run history: UPGC committed every
// game date, PSZA every one after its season's first 14 days.
func assertEveryDateCommitted(t *testing.T, wh *sqlite.Warehouse, dates []civil.Date) {
	t.Helper()
	ctx := context.Background()
	committed := map[nba.Processor][]civil.Date{}
	for _, d := range dates {
		history, err := wh.RunHistory(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range history {
			if h.RunKind == workflows.RunBackfill && !slices.Contains(committed[h.Processor], d) {
				committed[h.Processor] = append(committed[h.Processor], d)
			}
		}
	}
	// Early in a season the shot-zone processor commits that it has no
	// players, so a date holds no rows an earlier schedule left there.
	var early []civil.Date
	for _, d := range dates {
		start, ok, err := wh.SeasonStart(ctx, nba.SeasonYear(d))
		if err != nil || !ok {
			t.Fatalf("season start of %s: %v %v", d, ok, err)
		}
		if nba.NewDateFlags(d, start).PSZASkip {
			early = append(early, d)
		}
	}
	for p, got := range committed {
		if !slices.Equal(got, dates) {
			t.Errorf("%s committed %d of %d game dates", shortName(p), len(got), len(dates))
		}
	}
	for _, d := range early {
		if n := countRows(t, wh, warehouse.Zones.Name, "analysis_date = ?", d.String()); n != 0 {
			t.Errorf("PSZA holds %d rows of %s, within its season's first 14 days", n, d)
		}
	}
	if len(early) == 0 {
		t.Error("no date within a season's first 14 days")
	}
	rows := countRows(t, wh, warehouse.Contexts.Name, "") + countRows(t, wh, warehouse.Zones.Name, "")
	t.Logf("committed: UPGC %d dates, PSZA %d dates, %d rows", len(committed[nba.UPGC]), len(committed[nba.PSZA]), rows)
}
