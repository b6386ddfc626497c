package league

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"nbaflow/internal/nba"
)

func TestGamebook(t *testing.T) {
	ds := season(t)
	box := map[[2]string]nba.PlayerGame{}
	for _, pg := range ds.PlayerGames {
		box[[2]string{pg.GameID, pg.PlayerLookup}] = pg
	}
	seen := map[[2]string]bool{}
	statuses := map[string]int{}
	for _, e := range ds.Gamebook {
		k := [2]string{e.GameID, e.PlayerLookup}
		if seen[k] {
			t.Fatalf("%v: two gamebook rows", k)
		}
		seen[k] = true
		statuses[e.PlayerStatus]++
		pg, played := box[k]
		switch e.PlayerStatus {
		case gamebookActive:
			if !played || e.MinutesPlayed == nil || *e.MinutesPlayed != pg.MinutesPlayed {
				t.Errorf("%v: active without matching box score (%v, %+v)", k, played, e)
			}
		case gamebookDNP, gamebookInactive:
			if played || e.MinutesPlayed != nil {
				t.Errorf("%v: %s with a box score or minutes", k, e.PlayerStatus)
			}
		default:
			t.Errorf("%v: status %q", k, e.PlayerStatus)
		}
	}
	for k := range box {
		if !seen[k] {
			t.Errorf("%v: box score without gamebook row", k)
		}
	}
	for _, s := range []string{gamebookActive, gamebookDNP, gamebookInactive} {
		if statuses[s] == 0 {
			t.Errorf("no %s rows", s)
		}
	}
}

// reportsByPlayer returns each player's reports for each game date, in time
// order.
func reportsByPlayer(t *testing.T, ds *nba.Dataset) map[[2]string][]nba.InjuryReport {
	t.Helper()
	out := map[[2]string][]nba.InjuryReport{}
	for _, r := range ds.Injuries {
		k := [2]string{r.GameDate.String(), r.PlayerLookup}
		out[k] = append(out[k], r)
	}
	for _, rs := range out {
		slices.SortStableFunc(rs, func(a, b nba.InjuryReport) int { return a.ReportedAt.Compare(b.ReportedAt) })
	}
	return out
}

func TestInjuryReports(t *testing.T) {
	ds := season(t)
	games := gamesByID(t, ds)
	tipoff := map[[2]string]time.Time{} // game date and team -> tip
	for _, g := range games {
		tipoff[[2]string{g.GameDate.String(), g.HomeTeamAbbr}] = g.StartUTC
		tipoff[[2]string{g.GameDate.String(), g.AwayTeamAbbr}] = g.StartUTC
	}
	et := eastern(t)
	valid := map[string]bool{statusOut: true, statusDoubtful: true, statusQuestionable: true, statusProbable: true, statusAvailable: true}
	for _, r := range ds.Injuries {
		tip, ok := tipoff[[2]string{r.GameDate.String(), r.TeamAbbr}]
		if !ok {
			t.Fatalf("report for %s on %s, which has no game", r.TeamAbbr, r.GameDate)
		}
		if !r.ReportedAt.Before(tip) {
			t.Errorf("%s %s: reported at %v, after tipoff %v", r.GameDate, r.PlayerLookup, r.ReportedAt, tip)
		}
		if d := r.ReportedAt.In(et); d.Year() != r.ReportDate.Year || d.Month() != r.ReportDate.Month || d.Day() != r.ReportDate.Day {
			t.Errorf("%s %s: report date %s, reported at %v Eastern", r.GameDate, r.PlayerLookup, r.ReportDate, d)
		}
		if !valid[r.InjuryStatus] || r.Reason == "" || r.ReasonCategory == "" {
			t.Errorf("%s %s: status %q reason %q category %q", r.GameDate, r.PlayerLookup, r.InjuryStatus, r.Reason, r.ReasonCategory)
		}
	}
}

func TestInactivePlayersAreReportedAndSitOut(t *testing.T) {
	ds := season(t)
	played := map[[2]string]bool{}
	for _, pg := range ds.PlayerGames {
		played[[2]string{pg.GameDate.String(), pg.PlayerLookup}] = true
	}
	reports := reportsByPlayer(t, ds)
	for _, e := range ds.Gamebook {
		k := [2]string{e.GameDate.String(), e.PlayerLookup}
		rs := reports[k]
		if e.PlayerStatus == gamebookInactive {
			if played[k] {
				t.Errorf("%v: inactive with a box score", k)
			}
			if len(rs) == 0 {
				t.Errorf("%v: inactive but not on the injury report", k)
			} else if last := rs[len(rs)-1].InjuryStatus; last != statusOut && last != statusDoubtful {
				t.Errorf("%v: inactive, latest report %q", k, last)
			}
		}
	}

	// The report matters: players are upgraded (latest report wins) and
	// questionable players often play.
	var upgraded, questionablePlayed, longAbsences int
	for k, rs := range reports {
		first, last := rs[0].InjuryStatus, rs[len(rs)-1].InjuryStatus
		if first == statusQuestionable && (last == statusAvailable || last == statusProbable) && played[k] {
			upgraded++
		}
		if last == statusQuestionable && played[k] {
			questionablePlayed++
		}
	}
	streak := map[string]int{}
	for _, e := range ds.Gamebook {
		if e.PlayerStatus == gamebookInactive {
			streak[e.PlayerLookup]++
			if streak[e.PlayerLookup] == 10 {
				longAbsences++
			}
		} else {
			streak[e.PlayerLookup] = 0
		}
	}
	for _, c := range []struct {
		what string
		n    int
	}{{"upgraded players", upgraded}, {"questionable players who played", questionablePlayed}, {"absences of 10+ games", longAbsences}} {
		if c.n < 20 {
			t.Errorf("%s = %d, want many", c.what, c.n)
		}
	}
}

func TestInjuryReportOrder(t *testing.T) {
	ds := season(t)
	if !slices.IsSortedFunc(ds.Injuries, func(a, b nba.InjuryReport) int {
		return cmp.Or(a.GameDate.Compare(b.GameDate), a.ReportedAt.Compare(b.ReportedAt))
	}) {
		t.Error("injury reports not in game date and report time order")
	}
}
