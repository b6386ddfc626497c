package nba_test

import (
	"testing"

	"nbaflow/internal/nba"
)

// zoneGame is one game's paint PA/PM, mid MA/MM, three TA/TM, FGM and
// assisted/unassisted makes, as docs/domain.md §8.2 writes them.
type zoneGame struct{ pa, pm, ma, mm, ta, tm, fgm, ast, una float64 }

func (z zoneGame) box(t testing.TB, player, date string) nba.PlayerGame {
	t.Helper()
	g := box(t, player, "LAL", date, 2*(z.pm+z.mm)+3*z.tm, 30)
	g.PaintAttempts, g.PaintMakes = f64(z.pa), f64(z.pm)
	g.MidRangeAttempts, g.MidRangeMakes = f64(z.ma), f64(z.mm)
	g.ThreePtAttempts, g.ThreePtMakes = z.ta, z.tm
	g.FGAttempts, g.FGMakes = z.pa+z.ma+z.ta, z.fgm
	g.AssistedFGMakes, g.UnassistedFGMakes = f64(z.ast), f64(z.una)
	return g
}

// zoneGames builds n games on consecutive days back from 2025-01-26,
// alternating a and b (b = a when nil).
func zoneGames(t testing.TB, player string, n int, a zoneGame, b *zoneGame) []nba.PlayerGame {
	t.Helper()
	games := make([]nba.PlayerGame, n)
	for i := range n {
		z := a
		if b != nil && i%2 == 1 {
			z = *b
		}
		games[i] = z.box(t, player, day(t, "2025-01-26").AddDays(-i).String())
	}
	return games
}

// TestGoldenZoneMetrics is the table of §8.2 (P1-P6).
func TestGoldenZoneMetrics(t *testing.T) {
	p1 := zoneGame{8, 5, 4, 2, 6, 2, 9, 6, 3}
	odd := zoneGame{10, 6, 1, 0, 3, 1, 8, 6, 2}
	tests := []struct {
		name  string
		games []nba.PlayerGame
		want  map[string]any
	}{
		{"P1_basic", zoneGames(t, "p", 10, p1, nil), map[string]any{
			"PaintRate": f64(44.44), "MidRangeRate": f64(22.22), "ThreePtRate": f64(33.33),
			"PaintPct": f64(0.625), "MidRangePct": f64(0.5), "ThreePtPct": f64(0.333),
			"PaintPerGame": f64(8.0), "MidRangePerGame": f64(4.0), "ThreePtPerGame": f64(6.0),
			"AssistedRate": f64(66.67), "UnassistedRate": f64(33.33), "TotalShots": i64(180)}},
		{"P2_noMid", zoneGames(t, "p", 10, zoneGame{8, 5, 0, 0, 6, 2, 9, 6, 3}, nil), map[string]any{
			"PaintRate": f64(57.14), "MidRangeRate": f64(0.0), "ThreePtRate": f64(42.86),
			"MidRangePct": (*float64)(nil), "MidRangePerGame": f64(0.0), "PaintPct": f64(0.625), "ThreePtPct": f64(0.333),
			"TotalShots": i64(140)}},
		{"P3_perfect", zoneGames(t, "p", 10, zoneGame{8, 8, 4, 4, 6, 6, 18, 6, 3}, nil), map[string]any{
			"PaintPct": f64(1.0), "MidRangePct": f64(1.0), "ThreePtPct": f64(1.0),
			"AssistedRate": f64(33.33), "UnassistedRate": f64(16.67)}},
		{"P4_zeroMakes", zoneGames(t, "p", 10, zoneGame{8, 0, 4, 0, 6, 0, 0, 0, 0}, nil), map[string]any{
			"PaintPct": f64(0.0), "MidRangePct": f64(0.0), "ThreePtPct": f64(0.0),
			"AssistedRate": (*float64)(nil), "UnassistedRate": (*float64)(nil),
			"PaintRate": f64(44.44), "MidRangeRate": f64(22.22), "ThreePtRate": f64(33.33)}},
		{"P5_singleGame", zoneGames(t, "p", 1, zoneGame{10, 6, 5, 2, 8, 3, 11, 8, 3}, nil), map[string]any{
			"PaintRate": f64(43.48), "MidRangeRate": f64(21.74), "ThreePtRate": f64(34.78),
			"PaintPct": f64(0.6), "MidRangePct": f64(0.4), "ThreePtPct": f64(0.375),
			"PaintPerGame": f64(10.0), "MidRangePerGame": f64(5.0), "ThreePtPerGame": f64(8.0),
			"AssistedRate": f64(72.73), "UnassistedRate": f64(27.27), "TotalShots": i64(23)}},
		{"P6_varied", zoneGames(t, "p", 10, zoneGame{2, 1, 1, 0, 3, 1, 2, 2, 0}, &odd), map[string]any{
			"PaintRate": f64(60.0), "MidRangeRate": f64(10.0), "ThreePtRate": f64(30.0),
			"PaintPct": f64(0.583), "MidRangePct": f64(0.0), "ThreePtPct": f64(0.333),
			"PaintPerGame": f64(6.0), "MidRangePerGame": f64(1.0), "ThreePtPerGame": f64(3.0),
			"AssistedRate": f64(80.0), "UnassistedRate": f64(20.0), "TotalShots": i64(100)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFields(t, nba.ComputeZoneWindow(tt.games), tt.want)
		})
	}
}

// zoneInputs is the integration fixture of §8.2: A = 2025-01-27, ten games
// per player with FGM = the makes, AST = int(0.6·FGM), UNA = int(0.4·FGM).
func zoneInputs(t testing.TB, players map[string]zoneGame, games int) *nba.ShotZoneInputs {
	t.Helper()
	in := &nba.ShotZoneInputs{Date: day(t, "2025-01-27"), SeasonStart: day(t, "2024-10-22"), Arenas: testArenas}
	for i := range games {
		g := scheduled(t, day(t, "2025-01-26").AddDays(-i).String(), "LAL", "BOS")
		in.Schedule = append(in.Schedule, g)
	}
	for player, z := range players {
		fgm := z.pm + z.mm + z.tm
		z.fgm, z.ast, z.una = fgm, float64(int(0.6*fgm)), float64(int(0.4*fgm))
		for _, g := range zoneGames(t, player, games, z, nil) {
			g.GameID = nba.GameIDFor(g.GameDate, "LAL", "BOS")
			in.PlayerGames = append(in.PlayerGames, g)
			in.Gamebook = append(in.Gamebook, nba.GamebookEntry{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: player, TeamAbbr: "LAL", PlayerStatus: "active"})
		}
		in.Players = append(in.Players, nba.Player{PlayerLookup: player, UniversalPlayerID: str(player + "_001")})
	}
	return in
}

func buildZone(t testing.TB, in *nba.ShotZoneInputs, player string, mode nba.RunMode) (nba.ShotZoneProfile, *nba.Failure) {
	t.Helper()
	b := nba.NewShotZoneBuilder(in, nba.BuildOptions{
		Now: at(t, "2025-01-27T12:00:00Z"), Config: nba.DefaultConfig,
		Flags: nba.NewDateFlags(in.Date, in.SeasonStart), Mode: mode,
	})
	return b.Build(nba.PlannedPlayer{PlayerLookup: player, TeamAbbr: "LAL"})
}

// TestGoldenZoneIntegrationFixture is the normal-season fixture of §8.2.
func TestGoldenZoneIntegrationFixture(t *testing.T) {
	in := zoneInputs(t, map[string]zoneGame{
		"lebronjames":  {pa: 8, pm: 5, ma: 4, mm: 2, ta: 6, tm: 2},
		"stephencurry": {pa: 3, pm: 2, ma: 2, mm: 1, ta: 13, tm: 5},
		"joelembiid":   {pa: 12, pm: 7, ma: 3, mm: 1, ta: 2, tm: 1},
	}, 10)
	tests := []struct {
		player string
		want   map[string]any
	}{
		{"lebronjames", map[string]any{
			"PaintRateLast10": f64(44.44), "MidRangeRateLast10": f64(22.22), "ThreePtRateLast10": f64(33.33),
			"PaintPctLast10": f64(0.625), "MidRangePctLast10": f64(0.5), "ThreePtPctLast10": f64(0.333),
			"PaintAttemptsPerGame": f64(8.0), "MidRangeAttemptsPerGame": f64(4.0), "ThreePtAttemptsPerGame": f64(6.0),
			"AssistedRateLast10": f64(55.56), "UnassistedRateLast10": f64(33.33), "TotalShotsLast10": i64(180),
			"PrimaryScoringZone": str("paint"), "DataQualityTier": "high", "SampleQuality10": "excellent",
			"GamesInSample20": int64(10), "SampleQuality20": "limited",
			"PaintRateLast20": (*float64)(nil), "PaintPctLast20": (*float64)(nil),
			"DataHash": "bd4cf81513204e6a"}},
		{"stephencurry", map[string]any{
			"PaintRateLast10": f64(16.67), "MidRangeRateLast10": f64(11.11), "ThreePtRateLast10": f64(72.22),
			"PaintPctLast10": f64(0.667), "MidRangePctLast10": f64(0.5), "ThreePtPctLast10": f64(0.385),
			"PaintAttemptsPerGame": f64(3.0), "MidRangeAttemptsPerGame": f64(2.0), "ThreePtAttemptsPerGame": f64(13.0),
			"AssistedRateLast10": f64(50.0), "UnassistedRateLast10": f64(37.5), "TotalShotsLast10": i64(180),
			"PrimaryScoringZone": str("perimeter")}},
		{"joelembiid", map[string]any{
			"PaintRateLast10": f64(70.59), "MidRangeRateLast10": f64(17.65), "ThreePtRateLast10": f64(11.76),
			"PaintPctLast10": f64(0.583), "MidRangePctLast10": f64(0.333), "ThreePtPctLast10": f64(0.5),
			"PaintAttemptsPerGame": f64(12.0), "MidRangeAttemptsPerGame": f64(3.0), "ThreePtAttemptsPerGame": f64(2.0),
			"AssistedRateLast10": f64(55.56), "UnassistedRateLast10": f64(33.33), "TotalShotsLast10": i64(170),
			"PrimaryScoringZone": str("paint")}},
	}
	for _, tt := range tests {
		t.Run(tt.player, func(t *testing.T) {
			row, f := buildZone(t, in, tt.player, nba.RunBackfill)
			if f != nil {
				t.Fatalf("unexpected failure %v", f)
			}
			assertFields(t, row, tt.want)
		})
	}
}

// TestGoldenZoneMixedQuality is the mixed-quality fixture of §8.2:
// goodplayer has 10 games, injuredplayer 5. Part A (A.2.11) measures the
// expected games from the team's schedule and the gamebook, so the
// injured player's category says why he has few games.
func TestGoldenZoneMixedQuality(t *testing.T) {
	good := zoneGame{pa: 8, pm: 5, ma: 3, mm: 1, ta: 7, tm: 3, fgm: 9, ast: 6, una: 3}
	in := zoneInputs(t, nil, 10)
	for _, g := range zoneGames(t, "goodplayer", 10, good, nil) {
		g.GameID = nba.GameIDFor(g.GameDate, "LAL", "BOS")
		in.PlayerGames = append(in.PlayerGames, g)
		in.Gamebook = append(in.Gamebook, nba.GamebookEntry{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: "goodplayer", TeamAbbr: "LAL"})
	}
	row, f := buildZone(t, in, "goodplayer", nba.RunBackfill)
	if f != nil {
		t.Fatalf("goodplayer: %v", f)
	}
	assertFields(t, row, map[string]any{
		"PaintRateLast10": f64(44.44), "MidRangeRateLast10": f64(16.67), "ThreePtRateLast10": f64(38.89),
		"PaintPctLast10": f64(0.625), "MidRangePctLast10": f64(0.333), "ThreePtPctLast10": f64(0.429),
		"PaintAttemptsPerGame": f64(8.0), "MidRangeAttemptsPerGame": f64(3.0), "ThreePtAttemptsPerGame": f64(7.0),
		"AssistedRateLast10": f64(66.67), "UnassistedRateLast10": f64(33.33), "TotalShotsLast10": i64(180),
		"PrimaryScoringZone": str("paint"),
	})

	tests := []struct {
		name      string
		mode      nba.RunMode
		teamGames int // completed games of the team before A
		recorded  int // of those, games with a gamebook row for the player (5 active, the rest inactive)
		category  nba.Category
	}{
		{"backfill_teamExpected5_expectedIncomplete", nba.RunBackfill, 5, 5, nba.ExpectedIncomplete},
		{"daily_teamExpected10_rowsMissing_incompleteUpstream", nba.RunDaily, 10, 8, nba.IncompleteUpstream},
		{"PartA_teamExpected10_inactiveRowsRecorded_expectedIncomplete", nba.RunDaily, 10, 10, nba.ExpectedIncomplete},
		{"PartA_backfill_rowsMissing_expectedIncomplete", nba.RunBackfill, 10, 5, nba.ExpectedIncomplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := zoneInputs(t, nil, tt.teamGames)
			for i, g := range zoneGames(t, "injuredplayer", tt.teamGames, good, nil) {
				g.GameID = nba.GameIDFor(g.GameDate, "LAL", "BOS")
				if i < 5 {
					in.PlayerGames = append(in.PlayerGames, g)
				}
				if i < tt.recorded {
					status := "active"
					if i >= 5 {
						status = "inactive"
					}
					in.Gamebook = append(in.Gamebook, nba.GamebookEntry{GameID: g.GameID, GameDate: g.GameDate, PlayerLookup: "injuredplayer", TeamAbbr: "LAL", PlayerStatus: status})
				}
			}
			_, f := buildZone(t, in, "injuredplayer", tt.mode)
			if f == nil || f.Category != tt.category {
				t.Fatalf("failure = %v, want %s", f, tt.category)
			}
		})
	}
}

// TestGoldenPrimaryZone is the primary-zone table of §8.2.
func TestGoldenPrimaryZone(t *testing.T) {
	tests := []struct {
		paint, mid, three *float64
		want              *string
	}{
		{f64(45), f64(20), f64(35), str("paint")}, {f64(40), f64(25), f64(35), str("paint")},
		{f64(45), f64(10), f64(45), str("paint")}, {f64(25), f64(15), f64(60), str("perimeter")},
		{f64(35), f64(25), f64(40), str("perimeter")}, {f64(30), f64(40), f64(30), str("mid_range")},
		{f64(30), f64(35), f64(35), str("mid_range")}, {f64(35), f64(30), f64(35), str("balanced")},
		{f64(35), f64(25), f64(38), str("balanced")}, {f64(33.3), f64(33.3), f64(33.4), str("balanced")},
		{nil, nil, nil, nil}, {f64(0), f64(0), f64(0), nil},
	}
	for _, tt := range tests {
		got := nba.PrimaryScoringZone(tt.paint, tt.mid, tt.three)
		if show(got) != show(tt.want) {
			t.Errorf("PrimaryScoringZone(%s, %s, %s) = %s, want %s", show(tt.paint), show(tt.mid), show(tt.three), show(got), show(tt.want))
		}
	}
}

// TestGoldenShotZoneTier is the quality-tier list of §8.2.
func TestGoldenShotZoneTier(t *testing.T) {
	for n, want := range map[int]string{10: "high", 15: "high", 20: "high", 82: "high", 7: "medium", 8: "medium", 9: "medium", 6: "low", 5: "low", 1: "low", 0: "low"} {
		if got := nba.ShotZoneTier(n); got != want {
			t.Errorf("ShotZoneTier(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestGoldenDynamicMinGames is the dynamic-minimum list of §8.2 and §4.6.
func TestGoldenDynamicMinGames(t *testing.T) {
	for days, want := range map[int]int{0: 3, 2: 3, 3: 4, 5: 4, 6: 5, 9: 6, 12: 7, 14: 7, 15: 8, 17: 8, 18: 9, 21: 9, 22: 10, 100: 10} {
		if got := nba.DynamicMinGames(days); got != want {
			t.Errorf("DynamicMinGames(%d) = %d, want %d", days, got, want)
		}
	}
}

// TestGoldenShotZoneDataHash is the data_hash example of §8.2, computed on
// the row as written (the builder test above checks it end to end).
func TestGoldenShotZoneDataHash(t *testing.T) {
	row := nba.ShotZoneProfile{
		PlayerLookup: "lebronjames", UniversalPlayerID: str("lebronjames_001"), AnalysisDate: day(t, "2025-01-27"),
		PaintRateLast10: f64(44.44), MidRangeRateLast10: f64(22.22), ThreePtRateLast10: f64(33.33),
		TotalShotsLast10: i64(180), GamesInSample10: 10, SampleQuality10: "excellent",
		PaintPctLast10: f64(0.625), MidRangePctLast10: f64(0.5), ThreePtPctLast10: f64(0.333),
		PaintAttemptsPerGame: f64(8.0), MidRangeAttemptsPerGame: f64(4.0), ThreePtAttemptsPerGame: f64(6.0),
		GamesInSample20: 10, SampleQuality20: "limited",
		AssistedRateLast10: f64(55.56), UnassistedRateLast10: f64(33.33),
		PrimaryScoringZone: str("paint"), DataQualityTier: "high",
		// Outside the 25 hashed fields: must not change the hash.
		CompletenessPercentage: 100, DataQualityIssues: []string{"x"}, ProcessedAt: at(t, "2030-01-01T00:00:00Z"),
	}
	if got := nba.ContentHash(&row); got != "bd4cf81513204e6a" {
		t.Errorf("data_hash = %s, want bd4cf81513204e6a", got)
	}
}
