package nba

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPlainlyValidAgreesWithProblem: the quick check passes a box score
// exactly when the naming check finds nothing, over rows with NaN, infinite,
// negative and too-large values in random columns and unknown teams.
func TestPlainlyValidAgreesWithProblem(t *testing.T) {
	known := map[string]bool{"LAL": true, "BOS": true}
	bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1), -1, -0.0, 0, 1e308, 7}
	r := rand.New(rand.NewPCG(3, 4))
	valid, invalid := 0, 0
	for range 20000 {
		g := plainGame()
		counts := g.countFields()
		for range 1 + r.IntN(2) {
			*counts[r.IntN(len(counts))] = bad[r.IntN(len(bad))]
		}
		for _, p := range []**float64{&g.Points, &g.PaintAttempts, &g.MidRangeMakes, &g.UsageRate} {
			if r.IntN(8) == 0 {
				*p = nil
			}
		}
		if r.IntN(20) == 0 {
			g.TeamAbbr = "XYZ"
		}
		for _, k := range []map[string]bool{known, nil} {
			quick, err := g.plainlyValid(k), g.problem(k)
			if quick != (err == nil) {
				t.Fatalf("plainlyValid = %v but problem = %v for %+v", quick, err, g)
			}
			if quick {
				valid++
			} else {
				invalid++
			}
		}
	}
	if valid == 0 || invalid == 0 {
		t.Fatalf("the cases never reached both answers: %d valid, %d invalid", valid, invalid)
	}
}

func plainGame() PlayerGame {
	f := func(v float64) *float64 { return &v }
	return PlayerGame{GameID: "20250115_LAL_BOS", PlayerLookup: "p", TeamAbbr: "LAL", MinutesPlayed: 30, Points: f(20),
		FGMakes: 8, FGAttempts: 16, ThreePtMakes: 2, ThreePtAttempts: 6, FTMakes: 2, FTAttempts: 3,
		OffensiveRebounds: 1, DefensiveRebounds: 4, Assists: 5, UsageRate: f(22),
		PaintAttempts: f(6), PaintMakes: f(4), MidRangeAttempts: f(4), MidRangeMakes: f(2),
		AssistedFGMakes: f(5), UnassistedFGMakes: f(3)}
}

// countFields points at every number of the row that Validate checks.
func (g *PlayerGame) countFields() []*float64 {
	return []*float64{&g.MinutesPlayed, g.Points, &g.FGMakes, &g.FGAttempts, &g.ThreePtMakes, &g.ThreePtAttempts,
		&g.FTMakes, &g.FTAttempts, &g.OffensiveRebounds, &g.DefensiveRebounds, &g.Assists, g.UsageRate,
		g.PaintAttempts, g.PaintMakes, g.MidRangeAttempts, g.MidRangeMakes, g.AssistedFGMakes, g.UnassistedFGMakes}
}
