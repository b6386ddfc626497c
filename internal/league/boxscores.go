package league

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Shot zones: paint (8 feet and closer), mid-range (other twos), three.
const (
	zonePaint = iota
	zoneMid
	zoneThree
)

// zoneOf places a shot by the player's profile, from a uniform draw u.
func (p *player) zoneOf(u float64) int {
	switch {
	case u < p.threeShare:
		return zoneThree
	case u < p.threeShare+p.paintShare:
		return zonePaint
	default:
		return zoneMid
	}
}

// statLine is one player's counting stats in one game.
type statLine struct {
	tenths                       int
	paintA, paintM, midA, midM   int
	threeA, threeM, ftA, ftM     int
	orb, drb, ast, tov, assisted int
}

func (s statLine) fga() int    { return s.paintA + s.midA + s.threeA }
func (s statLine) fgm() int    { return s.paintM + s.midM + s.threeM }
func (s statLine) points() int { return 2*(s.paintM+s.midM) + 3*s.threeM + s.ftM }

// box is one team's side of a game being simulated.
type box struct {
	team    int
	players []*player
	lines   []statLine // per roster slot
	// perPossession is the points the team should score per possession
	// against this opponent at this venue; its shooting is aimed at it.
	perPossession float64
}

// total adds up the team's lines.
func (b *box) total() statLine {
	var t statLine
	for _, l := range b.lines {
		t.tenths += l.tenths
		t.paintA, t.paintM, t.midA, t.midM = t.paintA+l.paintA, t.paintM+l.paintM, t.midA+l.midA, t.midM+l.midM
		t.threeA, t.threeM, t.ftA, t.ftM = t.threeA+l.threeA, t.threeM+l.threeM, t.ftA+l.ftA, t.ftM+l.ftM
		t.orb, t.drb, t.ast, t.tov, t.assisted = t.orb+l.orb, t.drb+l.drb, t.ast+l.ast, t.tov+l.tov, t.assisted+l.assisted
	}
	return t
}

// Rates of the modern league per 100 possessions, and how shots end.
const (
	tovPer100 = 13.5
	ftaPer100 = 22.0
	// orbRate is the share of a team's misses it rebounds itself; drbRate
	// the share of the rest credited to a defender (the others are team
	// rebounds).
	orbRate = 0.23
	drbRate = 0.93
	// ftReboundable is the share of missed free throws that are live balls
	// (the last of a trip).
	ftReboundable = 0.45
	// hotCold is a team's game-to-game shooting swing, as a share of its
	// expected points; gameFeel is the part both teams share (officiating,
	// rims, game flow), which makes their scores move together as real
	// scores do.
	hotCold  = 0.02
	gameFeel = 0.025
	// comeback is how much a point of lead lowers the leader's and raises
	// the trailer's scoring in the next quarter, as a share.
	comeback = 0.0035
	// possSpread is the game-to-game spread of possessions around the two
	// teams' average pace.
	possSpread = 4.0
)

// simulateGame plays a game between two boxes whose regulation minutes are
// set: four quarters, then overtime periods among each team's five most used
// players until the scores differ. Team strength enters through each box's
// points per possession; player profiles decide who shoots, from where and
// how well. Between quarters the trailing team plays a little better and the
// leading one a little worse (urgency, garbage time), which keeps margins as
// narrow as real ones.
func simulateGame(home, away *box, pace float64, r *rand.Rand) {
	feel := gameFeel * r.NormFloat64()
	home.perPossession *= 1 + feel + hotCold*r.NormFloat64()
	away.perPossession *= 1 + feel + hotCold*r.NormFloat64()
	poss := pace + possSpread*r.NormFloat64()
	hm, am := home.minutes(), away.minutes()
	hBase, aBase := home.perPossession, away.perPossession
	for range 4 {
		lead := float64(home.total().points() - away.total().points())
		pull := min(0.15, max(-0.15, comeback*lead))
		home.perPossession, away.perPossession = hBase*(1-pull), aBase*(1+pull)
		period(home, away, hm, am, poss/4, r)
	}
	home.perPossession, away.perPossession = hBase, aBase
	for home.total().points() == away.total().points() {
		hm, am := home.closers(), away.closers()
		period(home, away, hm, am, poss*5/48+r.NormFloat64(), r)
	}
}

// minutes returns the tenths each slot plays in regulation.
func (b *box) minutes() []int {
	m := make([]int, len(b.lines))
	for s, l := range b.lines {
		m[s] = l.tenths
	}
	return m
}

// closers are the five players with the most minutes, who play all of an
// overtime period; the returned tenths are added to their lines.
func (b *box) closers() []int {
	slots := make([]int, 0, len(b.lines))
	for s, l := range b.lines {
		if l.tenths > 0 {
			slots = append(slots, s)
		}
	}
	slices.SortStableFunc(slots, func(x, y int) int { return cmp.Compare(b.lines[y].tenths, b.lines[x].tenths) })
	m := make([]int, len(b.lines))
	for _, s := range slots[:min(5, len(slots))] {
		m[s] = overtimeTenths / 5
		b.lines[s].tenths += overtimeTenths / 5
	}
	return m
}

// period plays poss possessions per team with the given minutes per slot.
// Regulation minutes are already on the lines; overtime minutes were added
// by closers.
func period(home, away *box, homeMin, awayMin []int, poss float64, r *rand.Rand) {
	shoot(home, away, homeMin, awayMin, poss, r)
	shoot(away, home, awayMin, homeMin, poss, r)
}

// shoot plays one team's possessions of a period: turnovers, free throws
// and shots, with rebounds for both teams and assists. A possession ends in a
// turnover, free throws or a shot; an offensive rebound gives another shot,
// so that field-goal attempts minus offensive rebounds plus turnovers plus
// 0.44 free throws add up to the possessions, as the box-score estimate
// assumes. Shots go to players by usage and minutes, zones by the player's
// profile; make rates are the players' own, scaled so that the team is
// expected to score its points per possession.
func shoot(b, opp *box, mins, oppMins []int, poss float64, r *rand.Rand) {
	scale := poss / 100
	tov := max(0, int(math.Round(tovPer100*scale+3.3*math.Sqrt(scale)*r.NormFloat64())))
	fta := max(0, int(math.Round(ftaPer100*scale+6.5*math.Sqrt(scale)*r.NormFloat64())))
	chances := max(1, int(math.Round(poss-float64(tov)-0.44*float64(fta))))

	n := len(b.players)
	shots, fouls, losses, passes, boards := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	oppBoards := make([]float64, len(opp.players))
	perShot, makeRate, weight := 0.0, 0.0, 0.0
	for s, p := range b.players {
		m := float64(mins[s])
		shots[s] = p.usage * m
		fouls[s] = p.usage * p.ftRate * m
		losses[s] = p.usage * m
		if p.pos == guard {
			losses[s] *= 1.3
		}
		passes[s] = p.playmaking * m
		boards[s] = p.rebounding * m
		mid := 1 - p.threeShare - p.paintShare
		perShot += shots[s] * (3*p.threeShare*p.threePct + 2*p.paintShare*p.paintPct + 2*mid*p.midPct)
		makeRate += shots[s] * (p.threeShare*p.threePct + p.paintShare*p.paintPct + mid*p.midPct)
		weight += shots[s]
	}
	for s, p := range opp.players {
		oppBoards[s] = p.rebounding * float64(oppMins[s])
	}
	for range tov {
		b.lines[weighted(losses, r)].tov++
	}

	// A live miss is rebounded by the offense (and becomes another shot) or
	// by a defender; the rest are team rebounds.
	extra := 0
	putback := -1
	liveMiss := func(ftOdds float64) {
		switch u := r.Float64(); {
		case u < orbRate*ftOdds:
			s := weighted(boards, r)
			b.lines[s].orb++
			extra++
			if r.IntN(3) == 0 {
				putback = s
			}
		case u < orbRate*ftOdds+(1-orbRate*ftOdds)*drbRate:
			opp.lines[weighted(oppBoards, r)].drb++
		}
	}

	ftExp := 0.0
	for range fta {
		s := weighted(fouls, r)
		p := b.players[s]
		ftExp += p.ftPct
		b.lines[s].ftA++
		if r.Float64() < p.ftPct {
			b.lines[s].ftM++
		} else if r.Float64() < ftReboundable {
			liveMiss(0.5)
		}
	}

	// Aim the field-goal rates at the team's expected points.
	k := 1.0
	if weight > 0 {
		perShot, makeRate = perShot/weight, makeRate/weight
		expShots := float64(chances) / (1 - (1-makeRate)*orbRate)
		k = min(1.3, max(0.75, (b.perPossession*poss-ftExp)/(expShots*perShot)))
	}
	for remaining := chances; remaining+extra > 0; {
		if extra > 0 {
			extra--
		} else {
			remaining--
		}
		s, zone, isPutback := putback, zonePaint, putback >= 0
		putback = -1
		if !isPutback {
			s = weighted(shots, r)
			zone = b.players[s].zoneOf(r.Float64())
		}
		p := b.players[s]
		l := &b.lines[s]
		pct := [3]float64{p.paintPct, p.midPct, p.threePct}[zone]
		made := r.Float64() < min(0.95, pct*k)
		switch zone {
		case zonePaint:
			l.paintA++
			if made {
				l.paintM++
			}
		case zoneMid:
			l.midA++
			if made {
				l.midM++
			}
		default:
			l.threeA++
			if made {
				l.threeM++
			}
		}
		if !made {
			liveMiss(1)
			continue
		}
		// Assisted makes: catch-and-shoot threes mostly, self-created
		// shots of the stars seldom, put-backs never. The assist goes to
		// a teammate.
		odds := [3]float64{0.7, 0.55, 0.95}[zone] - 0.4*p.selfCreation
		if !isPutback && r.Float64() < odds {
			l.assisted++
			b.lines[passer(passes, s, r)].ast++
		}
	}
}

// passer draws the teammate credited with an assist on a make by slot s.
func passer(passes []float64, s int, r *rand.Rand) int {
	for {
		if p := weighted(passes, r); p != s {
			return p
		}
	}
}

// weighted draws an index with probability proportional to its weight.
func weighted(w []float64, r *rand.Rand) int {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	u := r.Float64() * sum
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	for i := len(w) - 1; i >= 0; i-- { // rounding left u at the top
		if w[i] > 0 {
			return i
		}
	}
	return 0
}
