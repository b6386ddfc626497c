package nba

import (
	"sort"

	"cloud.google.com/go/civil"
)

// Injury statuses (lowercase; reports are matched case-insensitively, docs/domain.md A.2.4).
const (
	StatusOut          = "out"
	StatusDoubtful     = "doubtful"
	StatusQuestionable = "questionable"
	StatusProbable     = "probable"
)

// recentStarDays is the window of "recent" averages for star status (§3.7.4).
const recentStarDays = 10

// TeammatesOut counts the player's teammates on the injury report (§3.7.4
// with A.2.9: each teammate's latest report for the date is taken first, then
// its status is tested, so a player upgraded later no longer counts).
type TeammatesOut struct {
	StarTeammatesOut          int64
	QuestionableStarTeammates int64
	StarTierOut               int64
	QuestionableTeammates     int64
	ProbableTeammates         int64
}

// TeammateStats are a teammate's averages before the date: over the season
// (games with minutes) and over the last 10 days when he played in them.
type TeammateStats struct {
	SeasonGames int
	Points      float64 // recent average, else season average
	Minutes     float64
	Usage       *float64
}

// IsStrictStar: at least 10 games, and 18+ points or 28+ minutes with 12+ points.
func (s TeammateStats) IsStrictStar() bool {
	return s.SeasonGames >= 10 && (s.Points >= 18 || (s.Minutes >= 28 && s.Points >= 12))
}

// isLooseStar: no games floor; 18+ points, 28+ minutes or 25+ usage.
func (s TeammateStats) isLooseStar() bool {
	return s.Points >= 18 || s.Minutes >= 28 || (s.Usage != nil && *s.Usage >= 25)
}

// tierWeight is 3 for 25+ points, 2 for 18+, else 1.
func (s TeammateStats) tierWeight() int64 {
	switch {
	case s.Points >= 25:
		return 3
	case s.Points >= 18:
		return 2
	default:
		return 1
	}
}

// CountTeammatesOut counts over statuses, the latest lowercase status of each
// teammate (the player himself excluded by the caller), with stats looking up
// each teammate's averages.
func CountTeammatesOut(statuses map[string]string, stats func(player string) TeammateStats) TeammatesOut {
	var out TeammatesOut
	players := make([]string, 0, len(statuses))
	for p := range statuses {
		players = append(players, p)
	}
	sort.Strings(players)
	for _, p := range players {
		status := statuses[p]
		switch status {
		case StatusQuestionable:
			out.QuestionableTeammates++
		case StatusProbable:
			out.ProbableTeammates++
		}
		if status != StatusOut && status != StatusDoubtful && status != StatusQuestionable {
			continue
		}
		s := stats(p)
		if status == StatusQuestionable {
			if s.IsStrictStar() {
				out.QuestionableStarTeammates++
			}
			continue
		}
		if s.IsStrictStar() {
			out.StarTeammatesOut++
		}
		if s.isLooseStar() {
			out.StarTierOut += s.tierWeight()
		}
	}
	return out
}

// ComputeTeammateStats averages one teammate's games (his rows for the team,
// dated in [season start, t)). Rows without minutes are not games played.
func ComputeTeammateStats(t civil.Date, games []PlayerGame) TeammateStats {
	var season, recent averages
	for _, g := range games {
		if g.MinutesPlayed <= 0 {
			continue
		}
		season.add(g)
		if t.DaysSince(g.GameDate) <= recentStarDays {
			recent.add(g)
		}
	}
	s := TeammateStats{SeasonGames: season.games}
	src := season
	if recent.games > 0 {
		src = recent
	}
	s.Points, s.Minutes, s.Usage = src.points(), src.minutes(), src.usage()
	return s
}

type averages struct {
	games, pointGames, usageGames   int
	pointsSum, minutesSum, usageSum float64
}

func (a *averages) add(g PlayerGame) {
	a.games++
	a.minutesSum += g.MinutesPlayed
	if g.Points != nil {
		a.pointGames++
		a.pointsSum += *g.Points
	}
	if g.UsageRate != nil {
		a.usageGames++
		a.usageSum += *g.UsageRate
	}
}

func (a averages) points() float64 {
	if a.pointGames == 0 {
		return 0
	}
	return a.pointsSum / float64(a.pointGames)
}

func (a averages) minutes() float64 {
	if a.games == 0 {
		return 0
	}
	return a.minutesSum / float64(a.games)
}

func (a averages) usage() *float64 {
	if a.usageGames == 0 {
		return nil
	}
	u := a.usageSum / float64(a.usageGames)
	return &u
}
