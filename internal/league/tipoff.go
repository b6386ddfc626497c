package league

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
	// Tip times need the arenas' zones; the embedded database lets
	// Generate run on hosts without one (minimal containers).
	_ "time/tzdata"

	"cloud.google.com/go/civil"
)

// game is one game of the season with everything known before tipoff.
type game struct {
	id         string
	date       civil.Date // the Eastern date, as game_date
	start      time.Time  // UTC
	home, away int
	primetime  bool
}

// Tip times are chosen in Eastern time so that every game starts between
// 7:00 and 10:30 PM Eastern, and in local time so that no arena tips before
// 7:00 or after 8:30 PM.
const (
	earliestET    = 19 * 60
	latestET      = 22*60 + 30
	earliestLocal = 19 * 60
	latestLocal   = 20*60 + 30
	// National TV slots: the early game of a doubleheader in the East or
	// Central zone, the late one out West.
	earlySlotET = 20 * 60
	lateSlotET  = 22*60 + 30
)

// localTips are the local tip times (minutes after midnight) an arena may use.
var localTips = [...]int{19 * 60, 19*60 + 30, 20 * 60}

// nationalOdds is the chance that a date of each weekday has national TV
// games: the cable doubleheaders of midweek, a few weekend games.
var nationalOdds = [7]float64{
	time.Sunday: 0.25, time.Monday: 0.2, time.Tuesday: 0.75, time.Wednesday: 0.8,
	time.Thursday: 0.8, time.Friday: 0.6, time.Saturday: 0.4,
}

// timeZones loads each team's arena zone and the Eastern zone.
func timeZones() (eastern *time.Location, arenas [numTeams]*time.Location, err error) {
	eastern, err = time.LoadLocation("America/New_York")
	if err != nil {
		return nil, arenas, fmt.Errorf("league: %w", err)
	}
	for t, f := range franchises {
		if arenas[t], err = time.LoadLocation(f.zone); err != nil {
			return nil, arenas, fmt.Errorf("league: team %s: %w", f.abbr, err)
		}
	}
	return eastern, arenas, nil
}

// scheduleGames turns dated fixtures into games with tip times, in schedule
// order (date, tipoff, game id). Each arena has a usual tip time for the
// season and now and then another; national TV games move to the 8:00 and
// 10:30 PM Eastern slots and are marked primetime, as is opening night.
func scheduleGames(fx []fixture, dates []int, cal calendar, ratings [numTeams]rating, r *rand.Rand) ([]game, error) {
	eastern, zones, err := timeZones()
	if err != nil {
		return nil, err
	}
	at := func(d civil.Date, minutes int, loc *time.Location) time.Time {
		return time.Date(d.Year, d.Month, d.Day, minutes/60, minutes%60, 0, 0, loc)
	}
	// fits reports whether a local tip on d keeps the Eastern window.
	fits := func(d civil.Date, team, local int) bool {
		et := at(d, local, zones[team]).In(eastern)
		m := et.Hour()*60 + et.Minute()
		return m >= earliestET && m <= latestET
	}
	// hosts reports whether a team's arena can host an Eastern slot: the
	// slot falls at a normal local tip time.
	hosts := func(d civil.Date, team, etMinutes int) bool {
		l := at(d, etMinutes, eastern).In(zones[team])
		m := l.Hour()*60 + l.Minute()
		return m >= earliestLocal && m <= latestLocal
	}
	var usual [numTeams]int
	for t := range usual {
		usual[t] = localTips[r.IntN(len(localTips))]
	}

	byDate := make([][]int, len(cal.dates))
	for g, i := range dates {
		byDate[i] = append(byDate[i], g)
	}
	var out []game
	for i, d := range cal.dates {
		first := len(out)
		for _, g := range byDate[i] {
			f := fx[g]
			tip := usual[f.home]
			if r.IntN(5) == 0 || !fits(d, f.home, tip) {
				tip = localTips[r.IntN(len(localTips))]
			}
			for k := 0; k < 2 && !fits(d, f.home, tip); k++ {
				tip -= 30 // a late Mountain tip under Eastern daylight time
			}
			out = append(out, game{
				id:    fmt.Sprintf("%04d%02d%02d_%s_%s", d.Year, d.Month, d.Day, franchises[f.away].abbr, franchises[f.home].abbr),
				date:  d,
				start: at(d, tip, zones[f.home]).UTC(),
				home:  f.home,
				away:  f.away,
			})
		}
		slate := out[first:]
		national := i == 0 || r.Float64() < nationalOdds[weekday(d)]
		if national {
			for _, slot := range [2]int{earlySlotET, lateSlotET} {
				best, bestScore := -1, 0.0
				for k, g := range slate {
					if g.primetime || !hosts(d, g.home, slot) {
						continue
					}
					// Networks pick the strongest matchups.
					s := ratings[g.home].net() + ratings[g.away].net() + 6*r.NormFloat64()
					if best < 0 || s > bestScore {
						best, bestScore = k, s
					}
				}
				if best >= 0 && (i == 0 || slot == earlySlotET || r.IntN(3) > 0) {
					slate[best].primetime = true
					slate[best].start = at(d, slot, eastern).UTC()
				}
			}
			if i == 0 {
				// Opening night is all national TV, whatever the arenas.
				for k := range slate {
					slate[k].primetime = true
				}
			}
		}
		slices.SortStableFunc(slate, func(a, b game) int {
			return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.id, b.id))
		})
	}
	return out, nil
}
