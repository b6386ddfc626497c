package league

import (
	"math/rand/v2"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// Injury report statuses, lowercase as the report schema documents them.
const (
	statusOut          = "out"
	statusDoubtful     = "doubtful"
	statusQuestionable = "questionable"
	statusProbable     = "probable"
	statusAvailable    = "available"
)

// ailment is a reason a player misses games or is listed on the report.
type ailment struct {
	reason, category string
}

// Ailments by how long they keep a player out.
var (
	shortAilments = []ailment{
		{"Left Ankle; Sprain", "injury"}, {"Right Ankle; Sprain", "injury"}, {"Lower Back; Spasms", "injury"},
		{"Right Knee; Soreness", "injury"}, {"Illness", "illness"}, {"Personal Reasons", "personal"},
	}
	mediumAilments = []ailment{
		{"Left Hamstring; Strain", "injury"}, {"Right Calf; Strain", "injury"}, {"Concussion Protocol", "injury"},
		{"Left Groin; Strain", "injury"}, {"Right Wrist; Sprain", "injury"}, {"Left Ankle; Sprain", "injury"},
	}
	longAilments = []ailment{
		{"Left Hand; Fracture", "injury"}, {"Right Knee; MCL Sprain", "injury"}, {"Right Foot; Stress Fracture", "injury"},
		{"Left Hamstring; Strain", "injury"}, {"Right Shoulder; Sprain", "injury"},
	}
	naggingAilments = []ailment{
		{"Right Knee; Soreness", "injury"}, {"Left Ankle; Soreness", "injury"}, {"Lower Back; Tightness", "injury"},
		{"Illness", "illness"}, {"Right Hip; Contusion", "injury"},
	}
	rest = ailment{"Rest", "rest"}
)

// Hazards per player and team game.
const (
	injuryHazard   = 0.012 // a new absence, times the player's injury risk
	doubtHazard    = 0.02  // a game-time decision for a healthy player
	veteranRestAge = 30    // stars this old sit out some second nights
)

// Report times in Eastern time: the evening before the game and the
// afternoon of the game, both before any tipoff.
const (
	eveningReportET = 20*60 + 30
	gameDayReportET = 17 * 60
)

// injuryPlan says who is inactive in each game and holds the injury report.
type injuryPlan struct {
	// inactive[g][side] has bit s set when slot s of the home (0) or away
	// (1) team is inactive in game g.
	inactive [][2]uint32
	// lateScratch marks the inactive players who were ruled out only on
	// game day, so the books had posted their props.
	lateScratch [][2]uint32
	reports     []nba.InjuryReport
}

func (p injuryPlan) isInactive(g, side, slot int) bool {
	return p.inactive[g][side]&(1<<slot) != 0
}

func (p injuryPlan) isLateScratch(g, side, slot int) bool {
	return p.lateScratch[g][side]&(1<<slot) != 0
}

// absence is a stretch of a team's games that a player misses.
type absence struct {
	from, to int // team game indices, to exclusive
	why      ailment
}

// teamGame is one game of a team: the game index and the team's side.
type teamGame struct{ g, side int }

// teamSchedules returns each team's games in date order.
func teamSchedules(games []game) [numTeams][]teamGame {
	var out [numTeams][]teamGame
	for g, gm := range games {
		out[gm.home] = append(out[gm.home], teamGame{g, 0})
		out[gm.away] = append(out[gm.away], teamGame{g, 1})
	}
	return out
}

// planInjuries walks each team's games in order. Players get hurt and miss
// stretches of games (a few days to several weeks): they are inactive and
// listed out, sometimes doubtful, on each of those games' reports, and
// questionable the evening before their return game before being upgraded.
// Healthy players are now and then game-time decisions who mostly play, and
// veteran stars rest on some second nights of back-to-backs. No team loses so
// many players that it cannot field a rotation.
func planInjuries(games []game, rosters [numTeams][]*player, r *rand.Rand) (injuryPlan, error) {
	eastern, _, err := timeZones()
	if err != nil {
		return injuryPlan{}, err
	}
	plan := injuryPlan{inactive: make([][2]uint32, len(games)), lateScratch: make([][2]uint32, len(games))}
	report := func(gm game, team int, p *player, onDate civil.Date, minutes int, status string, a ailment) {
		at := time.Date(onDate.Year, onDate.Month, onDate.Day, minutes/60, minutes%60, 0, 0, eastern)
		plan.reports = append(plan.reports, nba.InjuryReport{
			ReportDate:     onDate,
			ReportedAt:     at.UTC(),
			GameDate:       gm.date,
			TeamAbbr:       franchises[team].abbr,
			PlayerLookup:   p.lookup,
			InjuryStatus:   status,
			Reason:         a.reason,
			ReasonCategory: a.category,
		})
	}
	for team, sched := range teamSchedules(games) {
		roster := rosters[team]
		maxOut := min(4, max(0, len(roster)-9))
		spells := make([]absence, len(roster))
		for k, tg := range sched {
			gm := games[tg.g]
			eve, day := gm.date.AddDays(-1), gm.date
			secondNight := k > 0 && games[sched[k-1].g].date == gm.date.AddDays(-1)
			out := 0
			for s := range roster {
				if spells[s].to > k {
					out++
				}
			}
			for s, p := range roster {
				sp := &spells[s]
				if sp.to <= k && out < maxOut {
					switch {
					case r.Float64() < injuryHazard*p.injuryRisk:
						*sp = newSpell(k, r)
						sp.to = min(sp.to, len(sched))
						out++
					case secondNight && s < 2 && p.ageOn(gm.date) >= veteranRestAge && r.IntN(3) == 0:
						*sp = absence{from: k, to: k + 1, why: rest}
						out++
					}
				}
				switch {
				case sp.to > k: // inactive
					plan.inactive[tg.g][tg.side] |= 1 << s
					first, last := k == sp.from, k == sp.to-1
					if first {
						plan.lateScratch[tg.g][tg.side] |= 1 << s
					}
					switch {
					case sp.why == rest:
						report(gm, team, p, day, gameDayReportET, statusOut, sp.why)
					case first:
						// Hurt since the last game: listed questionable,
						// then ruled out on game day.
						report(gm, team, p, eve, eveningReportET, statusQuestionable, sp.why)
						report(gm, team, p, day, gameDayReportET, statusOut, sp.why)
					case last && sp.to-sp.from >= 3 && r.IntN(2) == 0:
						report(gm, team, p, eve, eveningReportET, statusOut, sp.why)
						report(gm, team, p, day, gameDayReportET, statusDoubtful, sp.why)
					default:
						report(gm, team, p, eve, eveningReportET, statusOut, sp.why)
						report(gm, team, p, day, gameDayReportET, statusOut, sp.why)
					}
				case sp.to == k && k > 0 && sp.to-sp.from >= 2:
					// The return game: questionable, then upgraded.
					report(gm, team, p, eve, eveningReportET, statusQuestionable, sp.why)
					report(gm, team, p, day, gameDayReportET, pick(r, statusAvailable, statusAvailable, statusProbable), sp.why)
				case out < maxOut && r.Float64() < doubtHazard:
					// A game-time decision; most play.
					why := naggingAilments[r.IntN(len(naggingAilments))]
					report(gm, team, p, eve, eveningReportET, statusQuestionable, why)
					switch r.IntN(10) {
					case 0, 1, 2: // ruled out after all
						report(gm, team, p, day, gameDayReportET, statusOut, why)
						plan.inactive[tg.g][tg.side] |= 1 << s
						plan.lateScratch[tg.g][tg.side] |= 1 << s
						out++
					case 3, 4, 5: // still questionable at tipoff, plays
						report(gm, team, p, day, gameDayReportET, statusQuestionable, why)
					default:
						report(gm, team, p, day, gameDayReportET, pick(r, statusProbable, statusAvailable), why)
					}
				}
			}
		}
	}
	return plan, nil
}

// newSpell draws the length and cause of an absence starting at team game k:
// half are a few games, a third one to three weeks, the rest longer.
func newSpell(k int, r *rand.Rand) absence {
	var n int
	var from []ailment
	switch u := r.Float64(); {
	case u < 0.5:
		n, from = 1+r.IntN(3), shortAilments
	case u < 0.85:
		n, from = 4+r.IntN(7), mediumAilments
	case u < 0.97:
		n, from = 11+r.IntN(15), longAilments
	default:
		n, from = 26+r.IntN(20), longAilments
	}
	return absence{from: k, to: k + n, why: from[r.IntN(len(from))]}
}

// pick draws one of the options, each equally likely.
func pick(r *rand.Rand, options ...string) string { return options[r.IntN(len(options))] }
