package nba_test

import (
	"testing"

	"nbaflow/internal/nba"
)

// TestPartA15Rounding pins docs/domain.md A.2.15: half away from zero on the decimal value.
func TestPartA15Rounding(t *testing.T) {
	tests := []struct {
		x      float64
		places int
		want   float64
	}{
		{25.25, 1, 25.3}, {-25.25, 1, -25.3}, {2.675, 2, 2.68}, {1.005, 2, 1.01}, {0.125, 2, 0.13},
		{44.444444, 2, 44.44}, {66.666666, 2, 66.67}, {35.583333, 1, 35.6}, {0.0005, 3, 0.001},
		{0.00049, 3, 0}, {123456.5, 0, 123457}, {-0.5, 0, -1}, {7, 1, 7}, {1e-12, 2, 0},
	}
	for _, tt := range tests {
		if got := nba.Round(tt.x, tt.places); got != tt.want {
			t.Errorf("Round(%v, %d) = %v, want %v", tt.x, tt.places, got, tt.want)
		}
	}
}

// TestPythonFloat: floats are written as Python's repr writes them, which
// the legacy hash depends on.
func TestPythonFloat(t *testing.T) {
	for x, want := range map[float64]string{8: "8.0", 0.625: "0.625", 44.44: "44.44", 0: "0.0", -3.5: "-3.5",
		1e16: "1e+16", 1.5e-5: "1.5e-05", 0.0001: "0.0001", 123456789.0: "123456789.0"} {
		if got := nba.PythonFloat(x); got != want {
			t.Errorf("PythonFloat(%v) = %s, want %s", x, got, want)
		}
	}
}

// TestPartA13ContentHash pins A.2.13: the hash is a function of the
// business fields only, stable across runs and changed by any of them.
func TestPartA13ContentHash(t *testing.T) {
	in := g1Inputs(t)
	p := nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"}
	a := mustBuild(t, in, p)
	b, _ := nba.NewContextBuilder(in, nba.BuildOptions{Now: at(t, "2026-01-01T00:00:00Z"), Config: nba.DefaultConfig,
		Flags: nba.NewDateFlags(in.Date, in.SeasonStart)}).Build(p)
	if a.DataHash != b.DataHash || len(a.DataHash) != 16 {
		t.Fatalf("hash depends on the processing time: %s vs %s", a.DataHash, b.DataHash)
	}
	changed := a
	changed.PointsAvgLast5 = f64(*a.PointsAvgLast5 + 0.1)
	if nba.ContentHash(&changed) == a.DataHash {
		t.Error("changing points_avg_last_5 kept the hash")
	}
	stamp := a
	stamp.ProcessedAt = stamp.ProcessedAt.AddDate(1, 0, 0)
	stamp.DataHash = "x"
	if nba.ContentHash(&stamp) != a.DataHash {
		t.Error("processed_at or data_hash changed the hash")
	}

	// Source hashes follow the input rows used.
	in.PlayerGames[0].Points = f64(26)
	c := mustBuild(t, in, p)
	if *c.SourceBoxscoreHash == *a.SourceBoxscoreHash || c.DataHash == a.DataHash {
		t.Error("a changed box score kept the source hash or the data hash")
	}
	if *c.SourceGameLinesHash != *a.SourceGameLinesHash {
		t.Error("an unchanged source changed its hash")
	}
}

// TestPartA12IncompleteZoneWindow pins A.2.12: a game without zone data is
// left out of the zone metrics (not summed as zeros) and the window is
// flagged; a game without shots has nothing to place and counts.
func TestPartA12IncompleteZoneWindow(t *testing.T) {
	z := zoneGame{8, 5, 4, 2, 6, 2, 9, 6, 3}
	games := zoneGames(t, "p", 10, z, nil)
	games[3].PaintAttempts, games[3].MidRangeAttempts, games[3].PaintMakes, games[3].MidRangeMakes = nil, nil, nil, nil
	w := nba.ComputeZoneWindow(games)
	assertFields(t, w, map[string]any{"ZoneGames": 9, "Games": 10, "PaintRate": f64(44.44), "PaintPerGame": f64(8.0), "TotalShots": i64(162)})

	noShots := zoneGames(t, "p", 2, zoneGame{}, nil)
	noShots[0].PaintAttempts, noShots[0].MidRangeAttempts = nil, nil
	if w := nba.ComputeZoneWindow(noShots); w.ZoneGames != 2 || w.PaintRate != nil {
		t.Errorf("games without shots: zone games %d, paint rate %v; want 2 and NULL", w.ZoneGames, w.PaintRate)
	}

	in := zoneInputs(t, map[string]zoneGame{"p": {pa: 8, pm: 5, ma: 4, mm: 2, ta: 6, tm: 2}}, 10)
	in.PlayerGames[0].PaintAttempts, in.PlayerGames[0].MidRangeAttempts = nil, nil
	row, f := buildZone(t, in, "p", nba.RunBackfill)
	if f != nil {
		t.Fatal(f)
	}
	if !contains(row.DataQualityIssues, "incomplete_zone_data_last_10:9/10") {
		t.Errorf("DataQualityIssues = %v, want the incomplete window flagged", row.DataQualityIssues)
	}
}
