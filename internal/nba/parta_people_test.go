package nba_test

import (
	"testing"

	"nbaflow/internal/nba"
)

func report(t testing.TB, team, player, status, reportedAt string) nba.InjuryReport {
	t.Helper()
	return nba.InjuryReport{ReportDate: day(t, "2025-11-20"), ReportedAt: at(t, reportedAt), GameDate: day(t, "2025-11-20"),
		TeamAbbr: team, PlayerLookup: player, InjuryStatus: status, Reason: "Injury/Illness - Ankle"}
}

// starInputs adds teammates with season stats and injury reports to G1.
func starInputs(t testing.TB, reports ...nba.InjuryReport) *nba.ContextInputs {
	t.Helper()
	in := g1Inputs(t)
	for i := range 12 { // 12 games each, all before 2025-11-20
		d := day(t, "2025-11-08").AddDays(i)
		for _, p := range []struct {
			name   string
			pts, m float64
		}{{"anthonydavis", 26, 35}, {"austinreaves", 15, 30}, {"benchguy", 4, 10}, {"rookiestar", 20, 30}} {
			if p.name == "rookiestar" && i < 4 { // 8 games: below the strict star floor
				continue
			}
			in.PlayerGames = append(in.PlayerGames, box(t, p.name, "LAL", d.String(), p.pts, p.m))
		}
	}
	in.Injuries = reports
	return in
}

// TestPartA9StarTeammatesOut pins docs/domain.md A.2.9 and §3.7.4: the latest report of
// each teammate counts, statuses match case-insensitively, strict stars need
// 10 games, the tier uses loose criteria, reports after tipoff do not count.
func TestPartA9StarTeammatesOut(t *testing.T) {
	pre, later, afterTip := "2025-11-20T17:00:00Z", "2025-11-20T22:00:00Z", "2025-11-21T01:00:00Z"
	tests := []struct {
		name                                     string
		reports                                  []nba.InjuryReport
		starsOut, questionableStars, tier, quest int64
	}{
		{"starOut_upperCase", []nba.InjuryReport{report(t, "LAL", "anthonydavis", "OUT", pre)}, 1, 0, 3, 0},
		{"starUpgradedLater_notCounted", []nba.InjuryReport{
			report(t, "LAL", "anthonydavis", "Out", pre), report(t, "LAL", "anthonydavis", "available", later)}, 0, 0, 0, 0},
		{"reportAfterTipoff_ignored", []nba.InjuryReport{
			report(t, "LAL", "anthonydavis", "available", pre), report(t, "LAL", "anthonydavis", "out", afterTip)}, 0, 0, 0, 0},
		{"questionableStar", []nba.InjuryReport{report(t, "LAL", "anthonydavis", "Questionable", pre)}, 0, 1, 0, 1},
		{"minutesStarDoubtful", []nba.InjuryReport{report(t, "LAL", "austinreaves", "doubtful", pre)}, 1, 0, 1, 0},
		{"benchOut_noStar", []nba.InjuryReport{report(t, "LAL", "benchguy", "out", pre)}, 0, 0, 0, 0},
		{"eightGames_looseTierOnly", []nba.InjuryReport{report(t, "LAL", "rookiestar", "out", pre)}, 0, 0, 2, 0},
		{"selfAndOtherTeamIgnored", []nba.InjuryReport{
			report(t, "LAL", "lebronjames", "questionable", pre), report(t, "BOS", "jaysontatum", "out", pre)}, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := mustBuild(t, starInputs(t, tt.reports...), nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
			assertFields(t, row, map[string]any{
				"StarTeammatesOut": i64(tt.starsOut), "QuestionableStarTeammates": i64(tt.questionableStars),
				"StarTierOut": i64(tt.tier), "QuestionableTeammates": i64(tt.quest),
			})
		})
	}
}

// TestPlayerStatusAndAge: the player's own latest report and his age in
// calendar years from the registry birth date.
func TestPlayerStatusAndAge(t *testing.T) {
	in := starInputs(t, report(t, "LAL", "lebronjames", "Probable", "2025-11-20T17:00:00Z"))
	birth := day(t, "1984-12-30")
	in.Players = []nba.Player{{PlayerLookup: "lebronjames", BirthDate: &birth, UniversalPlayerID: str("lebronjames_001")}}
	row := mustBuild(t, in, nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"})
	assertFields(t, row, map[string]any{
		"PlayerStatus": str("probable"), "InjuryReport": str("Injury/Illness - Ankle"),
		"PlayerAge": i64(40), "UniversalPlayerID": str("lebronjames_001"),
	})
	if got := *nba.AgeOn(day(t, "2025-12-30"), birth); got != 41 {
		t.Errorf("age on the birthday = %d, want 41", got)
	}
}

// TestPartA4Planner pins A.2.4: statuses match case-insensitively; after
// games, the gamebook players who played; before games, the latest roster
// minus players out or doubtful in their latest report.
func TestPartA4Planner(t *testing.T) {
	game := scheduled(t, "2025-11-20", "LAL", "BOS")
	roster := func(d, team, p string) nba.RosterEntry {
		return nba.RosterEntry{RosterDate: day(t, d), TeamAbbr: team, PlayerLookup: p}
	}
	pre := nba.PlanInputs{
		Date:  game.GameDate,
		Games: []nba.ScheduledGame{game},
		Rosters: []nba.RosterEntry{
			roster("2025-10-01", "LAL", "tradedaway"), roster("2025-11-01", "LAL", "lebronjames"),
			roster("2025-11-01", "LAL", "anthonydavis"), roster("2025-11-01", "LAL", "gabevincent"),
			roster("2025-11-01", "BOS", "jaysontatum"), roster("2025-11-01", "NYK", "notplaying"),
		},
		Injuries: []nba.InjuryReport{
			report(t, "LAL", "anthonydavis", "OUT", "2025-11-20T17:00:00Z"),
			report(t, "LAL", "gabevincent", "Doubtful", "2025-11-20T17:00:00Z"),
			report(t, "LAL", "gabevincent", "available", "2025-11-20T23:00:00Z"), // upgraded before tipoff
			report(t, "BOS", "jaysontatum", "doubtful", "2025-11-20T17:00:00Z"),
		},
	}
	plan, mode := nba.PlanContextPlayers(pre)
	if mode != nba.PlanPreGame {
		t.Fatalf("mode = %s", mode)
	}
	assertPlan(t, plan, "LAL/gabevincent", "LAL/lebronjames")

	post := pre
	post.Gamebook = []nba.GamebookEntry{
		{GameID: game.GameID, PlayerLookup: "lebronjames", TeamAbbr: "LAL", PlayerStatus: "active"},
		{GameID: game.GameID, PlayerLookup: "anthonydavis", TeamAbbr: "LAL", PlayerStatus: "INACTIVE"},
		{GameID: game.GameID, PlayerLookup: "gabevincent", TeamAbbr: "LAL", PlayerStatus: "DNP"},
		{GameID: game.GameID, PlayerLookup: "jaysontatum", TeamAbbr: "BOS", PlayerStatus: "Active"},
	}
	plan, mode = nba.PlanContextPlayers(post)
	if mode != nba.PlanPostGame {
		t.Fatalf("mode = %s", mode)
	}
	assertPlan(t, plan, "BOS/jaysontatum", "LAL/lebronjames")
}

func assertPlan(t *testing.T, plan []nba.PlannedPlayer, want ...string) {
	t.Helper()
	var got []string
	for _, p := range plan {
		got = append(got, p.TeamAbbr+"/"+p.PlayerLookup)
	}
	if len(got) != len(want) {
		t.Fatalf("plan = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("plan = %v, want %v", got, want)
		}
	}
}

// TestShotZoneUniverse (§4.3): players with a qualifying game this season
// before the date, with the team of their latest game.
func TestShotZoneUniverse(t *testing.T) {
	start := day(t, "2024-10-22")
	games := []nba.PlayerGame{
		box(t, "traded", "NYK", "2024-11-01", 10, 20), box(t, "traded", "LAL", "2024-12-01", 10, 20),
		box(t, "benchwarmer", "LAL", "2024-11-01", 0, 0), // no minutes and no shot
		box(t, "lastseason", "LAL", "2024-04-01", 10, 20),
		box(t, "future", "LAL", "2025-01-10", 10, 20),
	}
	plan := nba.PlanShotZonePlayers(day(t, "2025-01-10"), start, games)
	assertPlan(t, plan, "LAL/traded")
}
