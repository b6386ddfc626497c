package nba

// profileGames is how many recent games the opponent profile reads (docs/domain.md §3.7.3).
const profileGames = 10

// OpponentProfile describes the opponent over its last 10 games before the
// date, and the pace gap to the player's team (§3.7.3 with A.2.10). A field
// is nil when there are no games to measure (the issue is reported by the
// caller), never 0.0. Each field's col tag is the context column it
// becomes (PlayerContext).
type OpponentProfile struct {
	PaceDifferential               *float64 `col:"pace_differential"`
	OpponentPaceLast10             *float64 `col:"opponent_pace_last_10"`
	OpponentFTRateAllowed          *float64 `col:"opponent_ft_rate_allowed"`
	OpponentDefRatingLast10        *float64 `col:"opponent_def_rating_last_10"`
	OpponentOffRatingLast10        *float64 `col:"opponent_off_rating_last_10"`
	OpponentReboundingRate         *float64 `col:"opponent_rebounding_rate"`
	OpponentPaceVariance           *float64 `col:"opponent_pace_variance"`
	OpponentFTRateVariance         *float64 `col:"opponent_ft_rate_variance"`
	OpponentDefRatingVariance      *float64 `col:"opponent_def_rating_variance"`
	OpponentOffRatingVariance      *float64 `col:"opponent_off_rating_variance"`
	OpponentReboundingRateVariance *float64 `col:"opponent_rebounding_rate_variance"`
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
	pace := statsOf(opp, func(g TeamGame) (rat, bool) { return ratOf(g.Pace), true })
	def := statsOf(opp, func(g TeamGame) (rat, bool) { return ratOf(g.DefensiveRating), true })
	off := statsOf(opp, func(g TeamGame) (rat, bool) { return ratOf(g.OffensiveRating), true })
	ftRate := statsOf(opp, func(g TeamGame) (rat, bool) {
		return ratOf(g.OppFTAttempts).mul(ratInt(100)).quo(ratOf(g.Pace)).roundTo(3), g.Pace > 0
	})
	rebRate := statsOf(opp, func(g TeamGame) (rat, bool) {
		return ratOf(g.Rebounds).quo(ratOf(g.Possessions)), g.Possessions > 0
	})

	p.OpponentPaceLast10 = pace.mean().roundTo(2).roundedPtr(1)
	if len(own) > 0 {
		ownPace := statsOf(own, func(g TeamGame) (rat, bool) { return ratOf(g.Pace), true })
		p.PaceDifferential = ownPace.mean().sub(pace.mean()).roundTo(2).roundedPtr(1)
	}
	p.OpponentDefRatingLast10 = def.mean().roundedPtr(2)
	p.OpponentOffRatingLast10 = off.mean().roundedPtr(2)
	p.OpponentFTRateAllowed = ftRate.meanPtr(3)
	p.OpponentReboundingRate = rebRate.meanPtr(3)
	p.OpponentPaceVariance = pace.stddevPtr(2)
	p.OpponentFTRateVariance = ftRate.stddevPtr(3)
	p.OpponentDefRatingVariance = def.stddevPtr(2)
	p.OpponentOffRatingVariance = off.stddevPtr(2)
	p.OpponentReboundingRateVariance = rebRate.stddevPtr(3)
	return p
}

// ratStats accumulates the exact sum and sum of squares of values, from
// which their mean and sample variance follow exactly.
type ratStats struct {
	sum, sumSq rat
	n          int
}

// statsOf accumulates the values of games for which ok is true.
func statsOf(games []TeamGame, value func(TeamGame) (v rat, ok bool)) ratStats {
	s := ratStats{sum: ratInt(0), sumSq: ratInt(0)}
	for _, g := range games {
		if v, ok := value(g); ok {
			s.sum, s.sumSq = s.sum.add(v), s.sumSq.add(v.mul(v))
			s.n++
		}
	}
	return s
}

// mean is the exact mean; invalid when there are no values.
func (s ratStats) mean() rat { return s.sum.quoInt(s.n) }

// meanPtr is the rounded mean, or nil when there are no values.
func (s ratStats) meanPtr(places int) *float64 {
	if s.n == 0 {
		return nil
	}
	return s.mean().roundedPtr(places)
}

// stddevPtr is the rounded sample standard deviation (STDDEV_SAMP), or nil
// with fewer than two values: the square root of
// (n·Σx² − (Σx)²) / (n(n−1)), exact up to the rounding of the root.
func (s ratStats) stddevPtr(places int) *float64 {
	if s.n < 2 {
		return nil
	}
	n := int64(s.n)
	v := s.sumSq.mul(ratInt(n)).sub(s.sum.mul(s.sum)).quo(ratInt(n * (n - 1)))
	r := v.sqrtTo(places).float()
	return &r
}
