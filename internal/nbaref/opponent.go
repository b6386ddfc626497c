package nbaref

import (
	"math/big"
	"reflect"
)

// TeamGame is what the opponent profile reads of one team game.
type TeamGame struct {
	Pace, DefRating, OffRating, Rebounds, Possessions, OppFTAttempts float64
}

// Value is one rounded output of a profile: its column, its exact value
// (for a variance column, the variance whose square root is rounded), its
// decimals, and whether it is a square root. Exact is nil where the output
// is NULL.
type Value struct {
	Column string
	Exact  *big.Rat
	Places int
	Sqrt   bool
}

// OpponentProfile is the opponent profile (docs/domain.md §3.7.3) of a team
// against opp, given each side's last games, newest first and at most ten:
// pace, ratings, free-throw rate and rebounding rate of the opponent, their
// variances, and the pace differential. The per-game free-throw rate is
// rounded to 3 decimals before its mean and variance, and the mean pace to 2
// before it is rounded again to 1, as the spec says.
func OpponentProfile(own, opp []TeamGame) []Value {
	var pace, ownPace, def, off, ft, reb []*big.Rat
	for _, g := range opp {
		pace, def, off = append(pace, Dec(g.Pace)), append(def, Dec(g.DefRating)), append(off, Dec(g.OffRating))
		if g.Pace > 0 {
			ft = append(ft, RoundRat(Ratio(Dec(g.OppFTAttempts), Dec(g.Pace), 100), 3))
		}
		if g.Possessions > 0 {
			reb = append(reb, Ratio(Dec(g.Rebounds), Dec(g.Possessions), 1))
		}
	}
	for _, g := range own {
		ownPace = append(ownPace, Dec(g.Pace))
	}
	var paceMean, diff *big.Rat
	if len(pace) > 0 {
		paceMean = RoundRat(Mean(pace), 2)
		if len(ownPace) > 0 {
			diff = RoundRat(new(big.Rat).Sub(Mean(ownPace), Mean(pace)), 2)
		}
	}
	return []Value{
		{"opponent_pace_last_10", paceMean, 1, false},
		{"pace_differential", diff, 1, false},
		{"opponent_def_rating_last_10", Mean(def), 2, false},
		{"opponent_off_rating_last_10", Mean(off), 2, false},
		{"opponent_ft_rate_allowed", Mean(ft), 3, false},
		{"opponent_rebounding_rate", Mean(reb), 3, false},
		{"opponent_pace_variance", Variance(pace), 2, true},
		{"opponent_ft_rate_variance", Variance(ft), 3, true},
		{"opponent_def_rating_variance", Variance(def), 2, true},
		{"opponent_off_rating_variance", Variance(off), 2, true},
		{"opponent_rebounding_rate_variance", Variance(reb), 3, true},
	}
}

// Floats returns the *float64 fields of row, a struct or a pointer to one,
// by their col tags: the values a profile's Value.Column names, whichever
// row holds them (nba.OpponentProfile, nba.PlayerContext).
func Floats(row any) map[string]*float64 {
	v := reflect.Indirect(reflect.ValueOf(row))
	out := map[string]*float64{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if col := f.Tag.Get("col"); col != "" && f.Type == reflect.TypeFor[*float64]() {
			out[col] = v.Field(i).Interface().(*float64)
		}
	}
	return out
}
