package league

import (
	"math/rand/v2"
	"time"

	"cloud.google.com/go/civil"
)

// role is what a roster slot asks of its player; the slot's depth decides it.
type role int

const (
	star role = iota
	secondOption
	starter
	reserve
	deepBench
)

// slotRole maps a roster slot, in depth order, to its role: a star, a second
// option, three more starters, four reserves, the deep bench.
func slotRole(slot int) role {
	switch {
	case slot == 0:
		return star
	case slot == 1:
		return secondOption
	case slot < 5:
		return starter
	case slot < 9:
		return reserve
	default:
		return deepBench
	}
}

// position decides a player's shot mix, rebounding and playmaking.
type position int

const (
	guard position = iota
	wing
	big
)

// player is one rostered player with the profile that drives his box scores.
type player struct {
	name, lookup string
	birth        civil.Date
	team, slot   int
	pos          position
	// skill is the player's quality in standard deviations; it drives his
	// team's strength and his shooting.
	skill float64
	// minutes are his minutes per game when healthy, before a game's noise.
	minutes float64
	// usage is his relative share of his team's shots while on the floor.
	usage float64
	// threeShare and paintShare split his field-goal attempts; mid-range
	// takes the rest.
	threeShare, paintShare            float64
	paintPct, midPct, threePct, ftPct float64
	ftRate                            float64 // free-throw attempts per field-goal attempt
	rebounding, playmaking            float64 // relative shares of rebounds and assists
	selfCreation                      float64 // lowers the share of his makes that are assisted
	injuryRisk                        float64 // multiplies the injury hazard
}

// tenure is how many seasons a roster slot keeps its player. Each slot starts
// its tenures in a different year, so about one player in eight changes from
// one season to the next and a seed's seasons share most of their players.
const tenure = 8

// leaguePlayers returns every team's roster for the season, in slot order.
// A player's identity (name, birth date, profile) depends on the seed, his
// team and slot and his tenure, never on the season itself.
func leaguePlayers(seed int64, season, perTeam int) [numTeams][]*player {
	names := namePermutation(seed)
	var out [numTeams][]*player
	for t := range numTeams {
		for s := range perTeam {
			phase := stream(seed, streamTenures, uint64(t), uint64(s)).IntN(tenure)
			epoch := floorDiv(season-phase, tenure)
			id := int64(epoch)*int64(numTeams*perTeam) + int64(t*perTeam+s)
			out[t] = append(out[t], newPlayer(seed, id, epoch*tenure+phase, t, s, names))
		}
	}
	return out
}

// namePermutation maps player identities to name combinations. The
// identities of one season fall within two tenures' worth of consecutive
// numbers, far fewer than the combinations, and a permutation is one-to-one,
// so no two players of a season (or of seasons less than centuries apart)
// share a name.
func namePermutation(seed int64) []int {
	return stream(seed, streamNames).Perm(len(firstNames) * len(lastNames))
}

// newPlayer draws the player with identity id, who holds his team's slot
// from firstSeason on: name, birth date and profile.
func newPlayer(seed, id int64, firstSeason, team, slot int, names []int) *player {
	r := stream(seed, streamPlayers, uint64(id))
	k := names[int(((id%int64(len(names)))+int64(len(names)))%int64(len(names)))]
	name := firstNames[k/len(lastNames)] + " " + lastNames[k%len(lastNames)]
	if r.IntN(30) == 0 {
		name += nameSuffix
	}
	p := &player{name: name, lookup: lookupOf(name), team: team, slot: slot}
	rl := slotRole(slot)

	// Age on October 1 of his first season; the oldest reach 38 by the end
	// of their tenure.
	young, old := startAges(rl)
	age := young + r.IntN(old-young+1)
	oct1 := civil.Date{Year: firstSeason - age, Month: time.October, Day: 1}
	p.birth = oct1.AddDays(-1 - r.IntN(365))

	between := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	switch rl {
	case star:
		p.skill, p.minutes, p.usage = 1.8+0.4*r.NormFloat64(), between(33.5, 36), between(1.5, 1.85)
	case secondOption:
		p.skill, p.minutes, p.usage = 1.0+0.4*r.NormFloat64(), between(32, 35), between(1.3, 1.5)
	case starter:
		p.skill, p.minutes, p.usage = 0.3+0.5*r.NormFloat64(), between(27, 32), between(0.85, 1.15)
	case reserve:
		p.skill, p.minutes, p.usage = -0.3+0.5*r.NormFloat64(), between(15, 24), between(0.8, 1.15)
	default:
		p.skill, p.minutes, p.usage = -1.0+0.4*r.NormFloat64(), between(5, 11), between(0.7, 1.0)
	}
	p.pos = position(r.IntN(3))
	if slot < 5 {
		// A starting five is two guards, two wings and a big, in a slot
		// order of the team's choosing that outlives its players.
		order := [5]position{guard, guard, wing, wing, big}
		perm := stream(seed, streamLineups, uint64(team))
		perm.Shuffle(5, func(i, j int) { order[i], order[j] = order[j], order[i] })
		p.pos = order[slot]
	}
	p.shape(r, between)
	return p
}

// shape draws the shooting, rebounding and playmaking profile of a player
// from his position and skill.
func (p *player) shape(r *rand.Rand, between func(lo, hi float64) float64) {
	shooter := 0.012 * p.skill
	switch p.pos {
	case guard:
		p.threeShare, p.paintShare = between(0.42, 0.56), between(0.27, 0.38)
		p.paintPct, p.midPct, p.threePct, p.ftPct = 0.53, 0.43, 0.362, 0.82
		p.ftRate, p.rebounding, p.playmaking, p.selfCreation = 0.22, 0.7, between(2.2, 3.5), 0.5
	case wing:
		p.threeShare, p.paintShare = between(0.38, 0.52), between(0.33, 0.44)
		p.paintPct, p.midPct, p.threePct, p.ftPct = 0.56, 0.42, 0.358, 0.78
		p.ftRate, p.rebounding, p.playmaking, p.selfCreation = 0.24, 1.1, between(0.9, 1.6), 0.35
	default:
		p.threeShare, p.paintShare = between(0.04, 0.2), between(0.66, 0.82)
		if r.IntN(3) == 0 { // a stretch big
			p.threeShare, p.paintShare = between(0.34, 0.45), between(0.45, 0.55)
		}
		p.paintPct, p.midPct, p.threePct, p.ftPct = 0.63, 0.40, 0.345, 0.71
		p.ftRate, p.rebounding, p.playmaking, p.selfCreation = 0.30, 2.4, between(0.5, 1.2), 0.2
	}
	if p.threeShare+p.paintShare > 0.95 {
		p.paintShare = 0.95 - p.threeShare
	}
	p.paintPct += shooter + 0.02*r.NormFloat64()
	p.midPct += shooter + 0.02*r.NormFloat64()
	p.threePct += shooter + 0.015*r.NormFloat64()
	p.ftPct = min(0.93, p.ftPct+0.05*r.NormFloat64())
	if p.slot < 2 {
		p.ftRate += 0.08 // stars draw fouls
		p.selfCreation += 0.2
	}
	p.injuryRisk = between(0.5, 1.5)
}

// startAges bounds a player's age when his tenure starts: stars arrive
// young, reserves may be veterans.
func startAges(rl role) (young, old int) {
	switch rl {
	case star:
		return 20, 25
	case secondOption:
		return 21, 27
	case starter:
		return 20, 28
	case reserve:
		return 19, 30
	default:
		return 19, 29
	}
}

// ageOn returns the player's age in whole years on d.
func (p *player) ageOn(d civil.Date) int {
	age := d.Year - p.birth.Year
	if d.Month < p.birth.Month || d.Month == p.birth.Month && d.Day < p.birth.Day {
		age--
	}
	return age
}

// floorDiv divides rounding toward minus infinity, so that tenures before
// a slot's phase year still line up.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
