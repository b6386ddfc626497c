package nba

import "math"

// profileGames is how many recent games the opponent profile reads (docs/domain.md §3.7.3).
const profileGames = 10

// OpponentProfile describes the opponent over its last 10 games before the
// date, and the pace gap to the player's team (§3.7.3 with A.2.10). A field
// is nil when there are no games to measure (the issue is reported by the
// caller), never 0.0.
type OpponentProfile struct {
	PaceDifferential               *float64
	OpponentPaceLast10             *float64
	OpponentFTRateAllowed          *float64
	OpponentDefRatingLast10        *float64
	OpponentOffRatingLast10        *float64
	OpponentReboundingRate         *float64
	OpponentPaceVariance           *float64
	OpponentFTRateVariance         *float64
	OpponentDefRatingVariance      *float64
	OpponentOffRatingVariance      *float64
	OpponentReboundingRateVariance *float64
}

// ComputeOpponentProfile measures the opponent from its games and the team
// from its own, both newest first and dated before the target date; only the
// 10 most recent of each are read.
//
// The free-throw rate allowed per game is opp_ft_attempts / pace · 100 from
// the opponent's own row (the canonical table keeps offense and defense in
// one row, and the pace is the game's pace). Pace and the pace differential
// are stored to one decimal, as their NUMERIC(5,1) columns hold them.
func ComputeOpponentProfile(team, opponent []TeamGame) OpponentProfile {
	opp := opponent[:min(profileGames, len(opponent))]
	own := team[:min(profileGames, len(team))]
	var p OpponentProfile
	if len(opp) == 0 {
		return p
	}
	pace := column(opp, func(g TeamGame) (float64, bool) { return g.Pace, true })
	def := column(opp, func(g TeamGame) (float64, bool) { return g.DefensiveRating, true })
	off := column(opp, func(g TeamGame) (float64, bool) { return g.OffensiveRating, true })
	ftRate := column(opp, func(g TeamGame) (float64, bool) {
		return Round(g.OppFTAttempts/g.Pace*100, 3), g.Pace > 0
	})
	rebRate := column(opp, func(g TeamGame) (float64, bool) {
		return g.Rebounds / g.Possessions, g.Possessions > 0
	})

	p.OpponentPaceLast10 = roundPtr(Round(mean(pace), 2), 1)
	if len(own) > 0 {
		ownPace := column(own, func(g TeamGame) (float64, bool) { return g.Pace, true })
		p.PaceDifferential = roundPtr(Round(mean(ownPace)-mean(pace), 2), 1)
	}
	p.OpponentDefRatingLast10 = roundPtr(mean(def), 2)
	p.OpponentOffRatingLast10 = roundPtr(mean(off), 2)
	p.OpponentFTRateAllowed = meanPtr(ftRate, 3)
	p.OpponentReboundingRate = meanPtr(rebRate, 3)
	p.OpponentPaceVariance = stddevPtr(pace, 2)
	p.OpponentFTRateVariance = stddevPtr(ftRate, 3)
	p.OpponentDefRatingVariance = stddevPtr(def, 2)
	p.OpponentOffRatingVariance = stddevPtr(off, 2)
	p.OpponentReboundingRateVariance = stddevPtr(rebRate, 3)
	return p
}

// column extracts the values of games for which ok is true.
func column(games []TeamGame, value func(TeamGame) (v float64, ok bool)) []float64 {
	out := make([]float64, 0, len(games))
	for _, g := range games {
		if v, ok := value(g); ok {
			out = append(out, v)
		}
	}
	return out
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// meanPtr is the rounded mean, or nil when there are no values.
func meanPtr(xs []float64, places int) *float64 {
	if len(xs) == 0 {
		return nil
	}
	return roundPtr(mean(xs), places)
}

// stddevPtr is the rounded sample standard deviation (STDDEV_SAMP), or nil
// with fewer than two values.
func stddevPtr(xs []float64, places int) *float64 {
	if len(xs) < 2 {
		return nil
	}
	m := mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return roundPtr(math.Sqrt(ss/float64(len(xs)-1)), places)
}
