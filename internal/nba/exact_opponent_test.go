package nba_test

import (
	"math/rand/v2"
	"testing"

	"nbaflow/internal/nba"
	"nbaflow/internal/nbaref"
)

// TestExactOpponentRounding holds every field of the opponent profile
// (§3.7.3) to the big.Rat reference (docs/domain.md A.2.15): on random team games, on games
// built so that every mean, the pace differential and every standard
// deviation sit exactly on a tie, and on games whose free-throw rate is
// exactly a tie (8 free throws at a pace of 102.4 is 7.8125).
func TestExactOpponentRounding(t *testing.T) {
	stats := roundingStats{}
	pairs := ftTiePairs()
	for mode := range 4 {
		r := rand.New(rand.NewPCG(15, uint64(10+mode)))
		for range exactRuns {
			var own, opp []nba.TeamGame
			switch mode {
			case 0:
				own, opp = randomTeamGames(r, r.IntN(13)), randomTeamGames(r, 1+r.IntN(12))
			case 1:
				own, opp = momentTies(r)
			case 2:
				own, opp = randomTeamGames(r, r.IntN(4)), ftDeviationTies(r)
			default:
				own, opp = randomTeamGames(r, r.IntN(4)), ftTies(r, pairs)
			}
			checkOpponent(t, stats, own, opp)
		}
	}
	stats.requireTies(t, 50, "opponent_pace_last_10", "pace_differential", "opponent_def_rating_last_10",
		"opponent_off_rating_last_10", "opponent_rebounding_rate", "opponent_pace_variance",
		"opponent_def_rating_variance", "opponent_off_rating_variance", "opponent_rebounding_rate_variance",
		"opponent_ft_rate_allowed (one game)", "opponent_ft_rate_variance")
}

// randomTeamGames draws n team games; one pace or possession count in 30 is
// 0, which leaves that game out of the rate it divides.
func randomTeamGames(r *rand.Rand, n int) []nba.TeamGame {
	games := make([]nba.TeamGame, n)
	for i := range games {
		g := nba.TeamGame{
			Pace: randDecimal(r, 85, 110, 1), Possessions: randDecimal(r, 85, 110, r.IntN(2)),
			OffensiveRating: randDecimal(r, 95, 125, 1), DefensiveRating: randDecimal(r, 95, 125, 1),
			Rebounds: float64(30 + r.IntN(30)), OppFTAttempts: float64(10 + r.IntN(25)),
		}
		if r.IntN(30) == 0 {
			g.Pace = 0
		}
		if r.IntN(30) == 0 {
			g.Possessions = 0
		}
		games[i] = g
	}
	return games
}

// momentTies builds three opponent games whose values are m−d, m and m+d:
// their mean is m and their sample standard deviation exactly d. m and d end
// in 5 one digit past the rounding, so that every mean and deviation is a
// tie; the team's own pace puts the differential on a tie too.
func momentTies(r *rand.Rand) (own, opp []nba.TeamGame) {
	tie := func(lo, span int64) int64 { return (lo+r.Int64N(span))*10 + 5 } // ends in 5
	pace, dPace := tie(900, 200)*10, tie(0, 300)                            // thousandths: m ends in 50
	def, dDef := tie(9500, 3000), tie(0, 300)
	off, dOff := tie(9500, 3000), tie(0, 300)
	reb, dReb := 20*(400+r.Int64N(100))+10, 20*r.Int64N(50)+10 // over 20000 possessions
	for k := int64(-1); k <= 1; k++ {
		opp = append(opp, nba.TeamGame{
			Pace: decimal(pace+k*dPace, 3), DefensiveRating: decimal(def+k*dDef, 3), OffensiveRating: decimal(off+k*dOff, 3),
			Rebounds: float64(reb + k*dReb), Possessions: 20000, OppFTAttempts: float64(10 + r.IntN(25)),
		})
	}
	diff := tie(0, 80) * 10 // thousandths of a differential ending in .x5
	if r.IntN(2) == 0 {
		diff = -diff
	}
	for range 1 + r.IntN(5) {
		own = append(own, nba.TeamGame{Pace: decimal(pace+diff, 3)})
	}
	return own, opp
}

// ftTiePair is a pace and a count of free throws whose rate per 100
// possessions ends exactly in 5 at the fourth decimal.
type ftTiePair struct{ paceTenths, ft int64 }

// ftTiePairs lists the paces 85.0–115.0 and free-throw counts 5–40 whose
// ft·100/pace·1000 is an integer plus ½: 2·10^6·ft/pace is odd.
func ftTiePairs() []ftTiePair {
	var pairs []ftTiePair
	for p := int64(850); p <= 1150; p++ {
		for ft := int64(5); ft <= 40; ft++ {
			if q := 2_000_000 * ft; q%p == 0 && (q/p)%2 == 1 {
				pairs = append(pairs, ftTiePair{p, ft})
			}
		}
	}
	return pairs
}

// ftTies draws one to three opponent games from the tie pairs.
func ftTies(r *rand.Rand, pairs []ftTiePair) []nba.TeamGame {
	opp := randomTeamGames(r, 1+r.IntN(3))
	for i := range opp {
		p := pairs[r.IntN(len(pairs))]
		opp[i].Pace, opp[i].OppFTAttempts = decimal(p.paceTenths, 1), float64(p.ft)
	}
	return opp
}

// ftDeviationQuads are four games each, as pace in tenths and free throws,
// whose per-game rates (ft·100/pace rounded to 3) have a sample standard
// deviation ending exactly in 5 at the fourth decimal: with the rates X in
// thousandths and S their sum, 4·ΣX² − S² is 3 times an odd square. Found by
// a search over paces 85.0–115.0 and 5–40 free throws.
var ftDeviationQuads = [][4]ftTiePair{
	{{897, 13}, {1121, 10}, {1070, 7}, {1147, 19}},
	{{1111, 16}, {1071, 39}, {953, 22}, {1035, 21}},
	{{855, 24}, {1098, 14}, {1129, 27}, {1042, 13}},
	{{928, 28}, {951, 34}, {959, 40}, {901, 22}},
	{{1114, 19}, {896, 39}, {1068, 35}, {966, 17}},
	{{1033, 38}, {1101, 40}, {1001, 38}, {1107, 9}},
	{{1063, 20}, {1057, 12}, {988, 19}, {1090, 14}},
	{{1132, 9}, {1011, 22}, {937, 22}, {1116, 34}},
}

// ftDeviationTies is one of ftDeviationQuads in a random order, so that the
// FT-rate deviation is a tie.
func ftDeviationTies(r *rand.Rand) []nba.TeamGame {
	opp := randomTeamGames(r, 4)
	quad := ftDeviationQuads[r.IntN(len(ftDeviationQuads))]
	for i, k := range r.Perm(4) {
		opp[i].Pace, opp[i].OppFTAttempts = decimal(quad[k].paceTenths, 1), float64(quad[k].ft)
	}
	return opp
}

// checkOpponent compares ComputeOpponentProfile with the reference over the
// last 10 games of each side.
func checkOpponent(t *testing.T, stats roundingStats, own, opp []nba.TeamGame) {
	t.Helper()
	p := nba.ComputeOpponentProfile(own, opp)
	o := opp[:min(10, len(opp))]
	got := nbaref.Floats(p)
	in := [2][]nba.TeamGame{own, opp}
	for _, v := range nbaref.OpponentProfile(refGames(own[:min(10, len(own))]), refGames(o)) {
		if _, ok := got[v.Column]; !ok {
			t.Fatalf("the row has no column %s", v.Column)
		}
		if v.Sqrt {
			stats.checkSqrt(t, v.Column, got[v.Column], v.Exact, v.Places, in)
		} else {
			stats.check(t, v.Column, got[v.Column], v.Exact, v.Places, in)
		}
	}
	if len(o) == 1 && o[0].Pace > 0 { // the mean of one game is its rate: the per-game rounding shows
		exact := nbaref.Ratio(nbaref.Dec(o[0].OppFTAttempts), nbaref.Dec(o[0].Pace), 100)
		stats.check(t, "opponent_ft_rate_allowed (one game)", p.OpponentFTRateAllowed, exact, 3, in)
	}
}

// refGames are team games as nbaref reads them.
func refGames(games []nba.TeamGame) []nbaref.TeamGame {
	out := make([]nbaref.TeamGame, len(games))
	for i, g := range games {
		out[i] = nbaref.TeamGame{Pace: g.Pace, DefRating: g.DefensiveRating, OffRating: g.OffensiveRating,
			Rebounds: g.Rebounds, Possessions: g.Possessions, OppFTAttempts: g.OppFTAttempts}
	}
	return out
}
