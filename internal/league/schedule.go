package league

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Back-to-back bounds per team and season. Real teams play 12 to 16; the
// generator aims each team at 12 to 15, goes past 16 only for a team that
// could not otherwise finish its games, and rejects a schedule outside the
// bounds.
const (
	minTargetBackToBacks = 12
	usualMaxBackToBacks  = 16
	minBackToBacks       = 10
	maxBackToBacks       = 17
	// scheduleAttempts bounds the retries with fresh draws of one stream; a
	// failure is rare, so exhausting them means a bug, reported as an error.
	scheduleAttempts = 40
)

// errNoSchedule is returned when no attempt produced a valid schedule.
var errNoSchedule = errors.New("league: could not build a valid schedule")

// teamClock is what the scheduler knows about one team on the current date.
type teamClock struct {
	last, prev int // day numbers of the two latest games
	left       int // games still without a date
	b2b        int // back-to-backs so far
}

// rested reports whether the team may play on day without playing three
// days in a row.
func (c teamClock) rested(day int) bool { return !(c.last == day-1 && c.prev == day-2) }

// capacity bounds the games a team can still play on the given number of
// remaining dates: every other day plus the back-to-backs it has left, and
// never three days in three.
func (c teamClock) capacity(dates int) int {
	return min((dates+1)/2+max(usualMaxBackToBacks-c.b2b, 0), (2*dates+2)/3)
}

// assignDates gives every fixture a date index into cal.dates. It walks the
// dates in order and fills each with the games whose teams need them most
// (teams behind their pace, meetings past their ideal time), while avoiding
// back-to-backs beyond a steady budget. Leftovers are placed by a repair pass;
// a schedule that still breaks a rule is redrawn.
func assignDates(fx []fixture, cal calendar, r *rand.Rand) ([]int, error) {
	for range scheduleAttempts {
		dates, ok := tryAssignDates(fx, cal, r)
		if ok && scheduleValid(fx, cal, dates) {
			return dates, nil
		}
	}
	return nil, fmt.Errorf("%w for season %d", errNoSchedule, cal.season)
}

// pairQueue holds the undated meetings of one pair of teams, in ideal order.
type pairQueue struct {
	a, b     int
	games    []int
	next     int
	lastMeet int
}

// candidate is a pair's next meeting, scored for the date being filled.
type candidate struct {
	pair  int
	score float64
}

// tryAssignDates makes one pass over the season. It reports false when the
// repair pass could not date every fixture.
func tryAssignDates(fx []fixture, cal calendar, r *rand.Rand) ([]int, bool) {
	n := len(cal.dates)
	days := make([]int, n)
	for i, d := range cal.dates {
		days[i] = d.DaysSince(cal.opener)
	}
	targets := slateTargets(cal, len(fx))
	var clocks [numTeams]teamClock
	var b2bTarget [numTeams]float64
	for t := range clocks {
		clocks[t] = teamClock{last: -100, prev: -100}
		b2bTarget[t] = float64(minTargetBackToBacks + r.IntN(4))
	}
	var pairs []pairQueue
	pairOf := make(map[[2]int]int)
	for g, f := range fx {
		key := [2]int{min(f.home, f.away), max(f.home, f.away)}
		p, ok := pairOf[key]
		if !ok {
			p = len(pairs)
			pairOf[key] = p
			pairs = append(pairs, pairQueue{a: key[0], b: key[1], lastMeet: -100})
		}
		pairs[p].games = append(pairs[p].games, g)
		clocks[f.home].left++
		clocks[f.away].left++
	}
	for p := range pairs {
		slices.SortStableFunc(pairs[p].games, func(x, y int) int { return cmp.Compare(fx[x].ideal, fx[y].ideal) })
	}

	dates := make([]int, len(fx))
	for g := range dates {
		dates[g] = -1
	}
	var cands []candidate
	for i, day := range days {
		frac := float64(i) / float64(n-1)
		after := n - i - 1
		var score [numTeams]float64
		var must [numTeams]bool
		for t, c := range clocks {
			// A team is due in proportion to how far its remaining
			// games exceed one every other date; a team that cannot
			// skip today without running out of dates must play.
			must[t] = c.left > c.capacity(after)
			score[t] = 12 * (float64(c.left)/float64(after+1) - 0.5)
			if must[t] {
				score[t] += 50
			}
			// A back-to-back costs a little, and more for a team ahead
			// of its budget (spread over the season), so that they come
			// at a steady rate instead of bunching up at the end.
			if c.last == day-1 {
				score[t] -= 1 + 4*(float64(c.b2b)-b2bTarget[t]*frac)
			}
		}
		cands = cands[:0]
		for p := range pairs {
			q := &pairs[p]
			if q.next == len(q.games) || !clocks[q.a].rested(day) || !clocks[q.b].rested(day) {
				continue
			}
			if day-q.lastMeet < 3 && after > 4 {
				continue // no rematch within two days, except in the final rush
			}
			g := q.games[q.next]
			// Meetings past their ideal time move up; the noise varies
			// the slates between seeds.
			s := score[q.a] + score[q.b] + 8*(frac-fx[g].ideal) + 3*r.Float64()
			cands = append(cands, candidate{pair: p, score: s})
		}
		slices.SortStableFunc(cands, func(x, y candidate) int { return cmp.Compare(y.score, x.score) })
		var busy [numTeams]bool
		placed := 0
		for _, c := range cands {
			q := &pairs[c.pair]
			a, b := q.a, q.b
			if busy[a] || busy[b] {
				continue
			}
			urgent := must[a] || must[b]
			if placed >= targets[i] && !urgent {
				continue
			}
			if !urgent && (clocks[a].last == day-1 && clocks[a].b2b >= usualMaxBackToBacks ||
				clocks[b].last == day-1 && clocks[b].b2b >= usualMaxBackToBacks) {
				continue
			}
			g := q.games[q.next]
			q.next++
			q.lastMeet = day
			dates[g] = i
			busy[a], busy[b] = true, true
			placed++
			for _, t := range [2]int{a, b} {
				c := &clocks[t]
				if c.last == day-1 {
					c.b2b++
				}
				c.prev, c.last = c.last, day
				c.left--
			}
		}
	}
	return dates, repairLeftovers(fx, days, dates)
}

// repairLeftovers dates the fixtures the walk could not place, on the date
// nearest their ideal where both teams are free and rested. It reports
// whether every fixture has a date.
func repairLeftovers(fx []fixture, days []int, dates []int) bool {
	span := days[len(days)-1] + 1
	playing := make([][]bool, numTeams)
	for t := range playing {
		playing[t] = make([]bool, span+2)
	}
	for g, i := range dates {
		if i >= 0 {
			playing[fx[g].home][days[i]] = true
			playing[fx[g].away][days[i]] = true
		}
	}
	on := func(t, day int) bool { return day >= 0 && day < span && playing[t][day] }
	fits := func(t, day int) bool {
		if on(t, day) {
			return false
		}
		// No three in a row with day in any position.
		return !(on(t, day-2) && on(t, day-1)) && !(on(t, day-1) && on(t, day+1)) && !(on(t, day+1) && on(t, day+2))
	}
	for g, i := range dates {
		if i >= 0 {
			continue
		}
		f := fx[g]
		best, bestCost := -1, 0.0
		for j, day := range days {
			if !fits(f.home, day) || !fits(f.away, day) {
				continue
			}
			cost := math.Abs(float64(j)/float64(len(days)-1) - f.ideal)
			for _, t := range [2]int{f.home, f.away} {
				if on(t, day-1) || on(t, day+1) {
					cost += 0.5
				}
			}
			if best < 0 || cost < bestCost {
				best, bestCost = j, cost
			}
		}
		if best < 0 {
			return false
		}
		dates[g] = best
		playing[f.home][days[best]] = true
		playing[f.away][days[best]] = true
	}
	return true
}

// scheduleValid checks the rules a schedule must keep: every fixture dated,
// no team twice on a date, never three days in a row, back-to-backs within
// bounds.
func scheduleValid(fx []fixture, cal calendar, dates []int) bool {
	byTeam := make([][]int, numTeams)
	for g, i := range dates {
		if i < 0 {
			return false
		}
		day := cal.dates[i].DaysSince(cal.opener)
		byTeam[fx[g].home] = append(byTeam[fx[g].home], day)
		byTeam[fx[g].away] = append(byTeam[fx[g].away], day)
	}
	for _, ds := range byTeam {
		slices.Sort(ds)
		b2b := 0
		for k := 1; k < len(ds); k++ {
			switch ds[k] - ds[k-1] {
			case 0:
				return false
			case 1:
				b2b++
				if k >= 2 && ds[k-1]-ds[k-2] == 1 {
					return false
				}
			}
		}
		if b2b < minBackToBacks || b2b > maxBackToBacks {
			return false
		}
	}
	return true
}

// slateWeights are the relative sizes of a weekday's slate, from 2017-18:
// Wednesdays and Fridays are full, Thursdays light.
var slateWeights = [7]float64{
	time.Sunday: 6.0, time.Monday: 7.3, time.Tuesday: 6.3, time.Wednesday: 9.8,
	time.Thursday: 4.5, time.Friday: 9.3, time.Saturday: 8.0,
}

// slateTargets says how many games each date should get: two on opening
// night, a full slate the next day and on the last day, the rest by weekday.
// The targets add up to total.
func slateTargets(cal calendar, total int) []int {
	n := len(cal.dates)
	t := make([]int, n)
	fixed := map[int]int{0: 2, 1: 11, n - 1: numTeams / 2}
	rest := total
	weight := 0.0
	for i, d := range cal.dates {
		if k, ok := fixed[i]; ok {
			t[i] = k
			rest -= k
			continue
		}
		weight += slateWeights[weekday(d)]
	}
	// Largest remainder keeps the sum exact.
	type share struct {
		i    int
		frac float64
	}
	var shares []share
	given := 0
	for i, d := range cal.dates {
		if _, ok := fixed[i]; ok {
			continue
		}
		x := float64(rest) * slateWeights[weekday(d)] / weight
		t[i] = int(x)
		given += t[i]
		shares = append(shares, share{i, x - float64(t[i])})
	}
	slices.SortStableFunc(shares, func(a, b share) int { return cmp.Compare(b.frac, a.frac) })
	for k := 0; k < rest-given; k++ {
		t[shares[k].i]++
	}
	return t
}
