package league

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"
)

func TestScheduleGamesPerTeam(t *testing.T) {
	for _, c := range scheduleCases {
		t.Run(c.String(), func(t *testing.T) {
			schedule := scheduleOf(t, c)
			if len(schedule) != 1230 {
				t.Fatalf("games = %d, want 1230", len(schedule))
			}
			games, home := map[string]int{}, map[string]int{}
			for _, g := range schedule {
				games[g.HomeTeamAbbr]++
				games[g.AwayTeamAbbr]++
				home[g.HomeTeamAbbr]++
			}
			if len(games) != numTeams {
				t.Fatalf("teams = %d, want %d", len(games), numTeams)
			}
			for team, n := range games {
				if n != 82 || home[team] != 41 {
					t.Errorf("%s: %d games, %d at home; want 82 and 41", team, n, home[team])
				}
			}
		})
	}
}

func TestScheduleNoTeamTwiceOnADate(t *testing.T) {
	for _, c := range scheduleCases {
		t.Run(c.String(), func(t *testing.T) {
			seen := map[string]bool{}
			for _, g := range scheduleOf(t, c) {
				for _, team := range []string{g.HomeTeamAbbr, g.AwayTeamAbbr} {
					key := team + g.GameDate.String()
					if seen[key] {
						t.Errorf("%s plays twice on %s", team, g.GameDate)
					}
					seen[key] = true
				}
			}
		})
	}
}

func TestScheduleCalendar(t *testing.T) {
	for _, c := range scheduleCases {
		t.Run(c.String(), func(t *testing.T) {
			schedule := scheduleOf(t, c)
			set := map[civil.Date]bool{}
			var dates []civil.Date
			for _, g := range schedule {
				if !set[g.GameDate] {
					set[g.GameDate] = true
					dates = append(dates, g.GameDate)
				}
			}
			sortDates(dates)
			first, last := dates[0], dates[len(dates)-1]
			if n := len(dates); n < 150 || n > 180 {
				t.Errorf("game dates = %d, want 150 to 180", n)
			}
			if weekday(first) != time.Tuesday || first.Month != time.October || first.Day < 15 {
				t.Errorf("opener %s (%s), want a Tuesday in the second half of October", first, weekday(first))
			}
			if last.Year != c.season+1 || last.Month != time.April || last.Day < 5 || last.Day > 20 {
				t.Errorf("last game %s, want mid April %d", last, c.season+1)
			}
			// The All-Star break is the one long gap: five to seven days
			// without games in mid February.
			longest, after := 0, civil.Date{}
			for k := 1; k < len(dates); k++ {
				if gap := dates[k].DaysSince(dates[k-1]) - 1; gap > longest {
					longest, after = gap, dates[k-1]
				}
			}
			if longest < 5 || longest > 7 || after.Month != time.February || after.Day < 8 || after.Day > 24 {
				t.Errorf("longest break %d days after %s, want 5 to 7 days in mid February", longest, after)
			}
		})
	}
}

func TestScheduleBackToBacks(t *testing.T) {
	for _, c := range scheduleCases {
		t.Run(c.String(), func(t *testing.T) {
			for team, dates := range teamDates(t, scheduleOf(t, c)) {
				sortDates(dates)
				b2b := 0
				for k := 1; k < len(dates); k++ {
					if dates[k].DaysSince(dates[k-1]) == 1 {
						b2b++
						if k >= 2 && dates[k-1].DaysSince(dates[k-2]) == 1 {
							t.Errorf("%s plays three days in a row ending %s", team, dates[k])
						}
					}
				}
				if b2b < minBackToBacks || b2b > maxBackToBacks {
					t.Errorf("%s: %d back-to-backs, want %d to %d", team, b2b, minBackToBacks, maxBackToBacks)
				}
			}
		})
	}
}

func TestScheduleTipoffs(t *testing.T) {
	et := eastern(t)
	idPattern := regexp.MustCompile(`^\d{8}_[A-Z]{3}_[A-Z]{3}$`)
	for _, c := range scheduleCases {
		t.Run(c.String(), func(t *testing.T) {
			primetime := map[civil.Date]int{}
			for _, g := range scheduleOf(t, c) {
				d := g.GameDate
				if want := fmt.Sprintf("%04d%02d%02d_%s_%s", d.Year, d.Month, d.Day, g.AwayTeamAbbr, g.HomeTeamAbbr); g.GameID != want || !idPattern.MatchString(g.GameID) {
					t.Errorf("game id %q, want %q", g.GameID, want)
				}
				if g.StartUTC.Location() != time.UTC {
					t.Errorf("%s: start %v not in UTC", g.GameID, g.StartUTC)
				}
				local := g.StartUTC.In(et)
				minutes := local.Hour()*60 + local.Minute()
				if civil.DateOf(local) != g.GameDate || minutes < 19*60 || minutes > 22*60+30 {
					t.Errorf("%s tips at %s Eastern, want 7:00 to 10:30 PM on %s", g.GameID, local, g.GameDate)
				}
				if int(g.SeasonYear) != c.season || g.IsPlayoffs {
					t.Errorf("%s: season %d playoffs %v", g.GameID, g.SeasonYear, g.IsPlayoffs)
				}
				if g.IsPrimetime {
					primetime[g.GameDate]++
				}
			}
			if len(primetime) < 60 {
				t.Errorf("primetime on %d dates, want a few dates a week", len(primetime))
			}
			for d, n := range primetime {
				if n > 3 {
					t.Errorf("%s: %d primetime games, want 1 to 3", d, n)
				}
			}
		})
	}
}

func TestScheduleResults(t *testing.T) {
	for _, g := range season(t).Schedule {
		if g.GameStatus != 3 || g.HomeScore == nil || g.AwayScore == nil {
			t.Fatalf("%s: status %d scores %v %v, want a final", g.GameID, g.GameStatus, g.HomeScore, g.AwayScore)
		}
		if *g.HomeScore == *g.AwayScore {
			t.Errorf("%s ends in a tie %d-%d", g.GameID, *g.HomeScore, *g.AwayScore)
		}
		if *g.HomeScore < 60 || *g.HomeScore > 200 || *g.AwayScore < 60 || *g.AwayScore > 200 {
			t.Errorf("%s: implausible score %d-%d", g.GameID, *g.HomeScore, *g.AwayScore)
		}
	}
}

func sortDates(ds []civil.Date) {
	slices.SortFunc(ds, func(a, b civil.Date) int { return a.Compare(b) })
}
