package nba

import "cloud.google.com/go/civil"

// Fatigue is the rest and workload of a player before date T (docs/domain.md §3.7.1).
type Fatigue struct {
	DaysRest               *int64
	BackToBack             bool
	GamesInLast7Days       int64
	GamesInLast14Days      int64
	MinutesInLast7Days     int64
	MinutesInLast14Days    int64
	AvgMinutesPerGameLast7 *float64
	BackToBacksLast14Days  int64
	DaysRestBeforeLastGame *int64
	DaysSince2PlusDaysRest *int64
	AvgUsageRateLast7Games *float64
}

// ComputeFatigue measures fatigue from a player's history h, newest first,
// all dated before t. The 7- and 14-day windows are t-6…t-1 and t-13…t-1:
// a game exactly 7 (14) days ago is outside.
func ComputeFatigue(t civil.Date, h []PlayerGame) Fatigue {
	var f Fatigue
	if len(h) == 0 {
		return f
	}
	rest := int64(t.DaysSince(h[0].GameDate))
	f.DaysRest = &rest
	f.BackToBack = rest == 1
	if len(h) >= 2 {
		v := int64(h[0].GameDate.DaysSince(h[1].GameDate))
		f.DaysRestBeforeLastGame = &v
	}
	for i := 0; i+1 < len(h); i++ {
		if h[i].GameDate.DaysSince(h[i+1].GameDate) >= 2 {
			v := int64(t.DaysSince(h[i].GameDate))
			f.DaysSince2PlusDaysRest = &v
			break
		}
	}
	week, fortnight := withinDays(t, h, 7), withinDays(t, h, 14)
	f.GamesInLast7Days, f.GamesInLast14Days = int64(len(week)), int64(len(fortnight))
	sum7 := sumMinutes(ratInt(0), week)
	sum14 := sumMinutes(sum7, fortnight[len(week):]) // week is the start of fortnight
	f.MinutesInLast7Days, f.MinutesInLast14Days = truncateMinutes(sum7), truncateMinutes(sum14)
	if len(week) > 0 {
		if avg := sum7.quoInt(len(week)).roundTo(1); !avg.isZero() {
			f.AvgMinutesPerGameLast7 = avg.roundedPtr(1)
		}
	}
	f.BackToBacksLast14Days = countBackToBacks(fortnight)
	f.AvgUsageRateLast7Games = meanUsage(week)
	return f
}

// withinDays returns the games of h dated in (t-days, t), newest first.
func withinDays(t civil.Date, h []PlayerGame, days int) []PlayerGame {
	n := 0
	for n < len(h) && t.DaysSince(h[n].GameDate) < days {
		n++
	}
	return h[:n]
}

// sumMinutes adds the games' minutes to s, exactly (docs/domain.md A.2.15).
func sumMinutes(s rat, games []PlayerGame) rat {
	for _, g := range games {
		s.addInput(g.MinutesPlayed)
	}
	return s
}

// truncateMinutes truncates an exact sum of minutes to whole minutes. The
// sum is first rounded to 6 decimals, so that minutes stored from "MM:SS"
// (35:20 is 35.333333333333336) add up to the whole minute they make.
func truncateMinutes(sum rat) int64 {
	return sum.roundTo(6).floor()
}

// countBackToBacks counts pairs of consecutive games exactly one day apart.
func countBackToBacks(newestFirst []PlayerGame) int64 {
	var n int64
	for i := 0; i+1 < len(newestFirst); i++ {
		if newestFirst[i].GameDate.DaysSince(newestFirst[i+1].GameDate) == 1 {
			n++
		}
	}
	return n
}

// meanUsage is the exact mean non-null usage rate rounded to one decimal, or
// nil.
func meanUsage(games []PlayerGame) *float64 {
	sum := ratInt(0)
	n := 0
	for _, g := range games {
		if g.UsageRate != nil {
			sum.addInput(*g.UsageRate)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return sum.quoInt(n).roundedPtr(1)
}
