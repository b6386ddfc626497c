package nba_test

import (
	"testing"

	"nbaflow/internal/nba"
)

// TestGoldenFatigue covers G2, its T-1 variant and G3 (docs/domain.md §8.1).
func TestGoldenFatigue(t *testing.T) {
	g2 := []game{{"2025-01-19", 25, 35.5}, {"2025-01-17", 28, 38.2}, {"2025-01-15", 22, 34.8}, {"2025-01-13", 27, 36.1}, {"2025-01-11", 24, 35.0}}
	g3 := []game{{"2025-01-19", 0, 35}, {"2025-01-18", 0, 34}, {"2025-01-16", 0, 36}, {"2025-01-15", 0, 35}, {"2025-01-10", 0, 33}}
	tests := []struct {
		name string
		t    string
		h    []game
		want nba.Fatigue
	}{
		{
			name: "G2_fiveGames_backToBackTrue_games7dThree", // as §8.1 has it; the legacy pipeline's skipped test says b2b false and 4 games in 7 days
			t:    "2025-01-20", h: g2,
			want: nba.Fatigue{DaysRest: i64(1), BackToBack: true, GamesInLast7Days: 3, GamesInLast14Days: 5,
				MinutesInLast7Days: 108, MinutesInLast14Days: 179, AvgMinutesPerGameLast7: f64(36.2),
				BackToBacksLast14Days: 0, DaysRestBeforeLastGame: i64(2), DaysSince2PlusDaysRest: i64(1)},
		},
		{
			name: "G2_dayBefore_withoutJan19",
			t:    "2025-01-19", h: g2[1:],
			want: nba.Fatigue{DaysRest: i64(2), BackToBack: false, GamesInLast7Days: 3, GamesInLast14Days: 4,
				MinutesInLast7Days: 109, MinutesInLast14Days: 144, AvgMinutesPerGameLast7: f64(36.4),
				DaysRestBeforeLastGame: i64(2), DaysSince2PlusDaysRest: i64(2)},
		},
		{
			name: "G3_backToBackCounting",
			t:    "2025-01-20", h: g3,
			want: nba.Fatigue{DaysRest: i64(1), BackToBack: true, GamesInLast7Days: 4, GamesInLast14Days: 5,
				MinutesInLast7Days: 140, MinutesInLast14Days: 173, AvgMinutesPerGameLast7: f64(35.0),
				BackToBacksLast14Days: 2, DaysRestBeforeLastGame: i64(1), DaysSince2PlusDaysRest: i64(2)},
		},
		{
			name: "G5_emptyHistory",
			t:    "2025-01-20",
			want: nba.Fatigue{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := nba.ComputeFatigue(day(t, tt.t), history(t, tt.h...))
			assertFields(t, got, fatigueFields(tt.want))
		})
	}
}

// fatigueFields lists every field of a Fatigue for assertFields.
func fatigueFields(f nba.Fatigue) map[string]any {
	return map[string]any{
		"DaysRest": f.DaysRest, "BackToBack": f.BackToBack,
		"GamesInLast7Days": f.GamesInLast7Days, "GamesInLast14Days": f.GamesInLast14Days,
		"MinutesInLast7Days": f.MinutesInLast7Days, "MinutesInLast14Days": f.MinutesInLast14Days,
		"AvgMinutesPerGameLast7": f.AvgMinutesPerGameLast7, "BackToBacksLast14Days": f.BackToBacksLast14Days,
		"DaysRestBeforeLastGame": f.DaysRestBeforeLastGame, "DaysSince2PlusDaysRest": f.DaysSince2PlusDaysRest,
		"AvgUsageRateLast7Games": f.AvgUsageRateLast7Games,
	}
}

// TestGoldenForm covers the performance and streak parts of G2, G4 and G5.
func TestGoldenForm(t *testing.T) {
	g2 := []game{{"2025-01-19", 25, 35.5}, {"2025-01-17", 28, 38.2}, {"2025-01-15", 22, 34.8}, {"2025-01-13", 27, 36.1}, {"2025-01-11", 24, 35.0}}
	var g4 []game
	for i, p := range []float64{25, 28, 22, 27, 24, 26, 23, 29, 21, 25} {
		g4 = append(g4, game{day(t, "2025-01-19").AddDays(-2 * i).String(), p, 30})
	}
	tests := []struct {
		name        string
		h           []game
		line        *float64
		avg5, avg10 *float64
		q5, q10     string
		over, under int64
	}{
		{"G2_line24.5", g2, f64(24.5), f64(25.2), f64(25.2), "excellent", "limited", 2, 0},
		{"G2_line25.5", g2, f64(25.5), f64(25.2), f64(25.2), "excellent", "limited", 0, 1},
		{"G2_noLine", g2, nil, f64(25.2), f64(25.2), "excellent", "limited", 0, 0},
		{"G4_tenGames_line23.5", g4, f64(23.5), f64(25.2), f64(25.0), "excellent", "excellent", 2, 0},
		{"G4_tenGames_line25_pushNotCounted", g4, f64(25.0), f64(25.2), f64(25.0), "excellent", "excellent", 1, 0},
		{"G4_tenGames_noLine", g4, nil, f64(25.2), f64(25.0), "excellent", "excellent", 0, 0},
		{"G4_threeGames", g4[:3], nil, f64(25.0), f64(25.0), "good", "insufficient", 0, 0},
		{"G5_emptyHistory", nil, f64(20.5), nil, nil, "insufficient", "insufficient", 0, 0},
		{"PartA_A.2.1_zeroAverageIsAValue", []game{{"2025-01-19", 0, 5}, {"2025-01-17", 0, 4}}, nil, f64(0), f64(0), "limited", "insufficient", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := nba.ComputeForm(history(t, tt.h...), tt.line)
			assertFields(t, got, map[string]any{
				"PointsAvgLast5": tt.avg5, "PointsAvgLast10": tt.avg10,
				"L5SampleQuality": tt.q5, "L10SampleQuality": tt.q10,
				"PropOverStreak": tt.over, "PropUnderStreak": tt.under,
			})
		})
	}
}

// TestGoldenStreakStopsAtNullPoints: NULL points end the walk (§3.7.2).
func TestGoldenStreakStopsAtNullPoints(t *testing.T) {
	h := history(t, game{"2025-01-19", 30, 30}, game{"2025-01-17", 30, 30}, game{"2025-01-15", 30, 30})
	h[1].Points = nil
	if over, under := nba.PropStreak(h, 20.5); over != 1 || under != 0 {
		t.Errorf("PropStreak = %d/%d, want 1/0", over, under)
	}
}

// TestGoldenG6SampleQuality is the sample-quality table of G6.
func TestGoldenG6SampleQuality(t *testing.T) {
	tests := []struct {
		n, w int
		want string
	}{
		{0, 5, "insufficient"}, {1, 5, "insufficient"}, {2, 5, "limited"}, {3, 5, "good"}, {4, 5, "good"},
		{5, 5, "excellent"}, {6, 5, "excellent"}, {7, 5, "excellent"}, {9, 5, "excellent"}, {10, 5, "excellent"},
		{0, 10, "insufficient"}, {1, 10, "insufficient"}, {2, 10, "insufficient"}, {3, 10, "insufficient"}, {4, 10, "insufficient"},
		{5, 10, "limited"}, {6, 10, "limited"}, {7, 10, "good"}, {8, 10, "good"}, {9, 10, "good"}, {10, 10, "excellent"},
		{20, 20, "excellent"}, {19, 20, "good"}, {14, 20, "good"}, {13, 20, "limited"}, {10, 20, "limited"}, {9, 20, "insufficient"},
	}
	for _, tt := range tests {
		if got := nba.SampleQuality(tt.n, tt.w); got != tt.want {
			t.Errorf("SampleQuality(%d, %d) = %s, want %s", tt.n, tt.w, got, tt.want)
		}
	}
}

// TestGoldenG7QualityTier is G7 (§8.1).
func TestGoldenG7QualityTier(t *testing.T) {
	tests := []struct {
		name          string
		n             int
		spread, total bool
		tier          string
		score         float64
		issues        []string
		withIssues    bool
	}{
		{"15rows_linesPresent", 15, true, true, "gold", 95.0, []string{}, false},
		{"7rows", 7, true, true, "silver", 75.0, []string{}, false},
		{"3rows", 3, true, true, "bronze", 50.0, []string{}, false},
		{"15rows_noSpread", 15, false, true, "gold", 95.0, []string{"missing_game_spread"}, true},
		{"15rows_noTotal", 15, true, false, "gold", 95.0, []string{"missing_game_total"}, true},
		{"2rows", 2, true, true, "bronze", 50.0, []string{"thin_sample:2/3"}, true},
		{"G5_0rows_noLines", 0, false, false, "bronze", 50.0, []string{"missing_game_spread", "missing_game_total", "thin_sample:0/3"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := nba.RateContext(tt.n, tt.spread, tt.total)
			assertFields(t, q, map[string]any{"Tier": tt.tier, "Score": tt.score, "Issues": tt.issues})
			if got := len(q.Issues) > 0; got != tt.withIssues {
				t.Errorf("processed_with_issues = %v, want %v", got, tt.withIssues)
			}
		})
	}
}

// TestGoldenG10SeasonPhase is G10 (§8.1).
func TestGoldenG10SeasonPhase(t *testing.T) {
	for d, want := range map[string]string{
		"2024-10-25": "early", "2024-11-15": "early", "2024-12-25": "mid", "2025-01-15": "mid",
		"2025-03-20": "late", "2025-05-10": "playoffs", "2025-07-15": "playoffs",
	} {
		if got := nba.SeasonPhase(day(t, d)); got != want {
			t.Errorf("SeasonPhase(%s) = %s, want %s", d, got, want)
		}
	}
}
