package league

import (
	"math"
	"math/rand/v2"
)

// League averages of the modern game, which ratings are centred on.
const (
	leagueRating = 114.0 // points per 100 possessions
	leaguePace   = 99.0  // possessions per 48 minutes
	// netSpread is the standard deviation of net rating across teams: the
	// best teams are about +10, the worst about -10.
	netSpread = 5.5
)

// rating is a team's strength in one season.
type rating struct {
	// offense and defense are the points the team scores and allows per 100
	// possessions against an average team.
	offense, defense float64
	pace             float64
}

// net is the rating difference per 100 possessions.
func (r rating) net() float64 { return r.offense - r.defense }

// teamRatings derives each team's season strength from its players' skill,
// weighted by their minutes, plus a season-specific part (coaching, fit,
// luck) so that a team with the same players is not identical every year.
func teamRatings(rosters [numTeams][]*player, r *rand.Rand) [numTeams]rating {
	var quality [numTeams]float64
	for t, ps := range rosters {
		for _, p := range ps {
			quality[t] += p.skill * p.minutes / 48
		}
		quality[t] += 0.8 * r.NormFloat64()
	}
	mean, sd := meanSD(quality[:])
	var out [numTeams]rating
	for t := range out {
		net := netSpread * (quality[t] - mean) / sd
		out[t] = rating{
			offense: leagueRating + 0.55*net + 1.2*r.NormFloat64(),
			defense: leagueRating - 0.45*net + 1.2*r.NormFloat64(),
			pace:    leaguePace + 1.8*r.NormFloat64(),
		}
	}
	return out
}

// meanSD returns the mean and population standard deviation of xs; the
// deviation is 1 when all values are equal, so dividing by it is safe.
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	sd = math.Sqrt(sd / float64(len(xs)))
	if sd == 0 {
		sd = 1
	}
	return mean, sd
}

// expectedPoints is what a team is expected to score against an opponent,
// at home or away; the game simulation aims its shooting at it and
// bookmakers build their lines on it.
func expectedPoints(team, opp rating, atHome bool) float64 {
	poss := (team.pace + opp.pace) / 2
	pts := (team.offense + opp.defense - leagueRating) * poss / 100
	if atHome {
		return pts + homeEdge/2
	}
	return pts - homeEdge/2
}

// homeEdge is the home team's advantage in points per game.
const homeEdge = 3.0
