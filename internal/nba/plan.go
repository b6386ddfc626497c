package nba

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"cloud.google.com/go/civil"
)

// PlannedPlayer is one player to process on a date: who, for which team and
// game. Plans are sorted by team so that a chunk of players shares teams and
// its inputs load in few rows.
type PlannedPlayer struct {
	PlayerLookup string `json:"player_lookup"`
	TeamAbbr     string `json:"team_abbr"`
	GameID       string `json:"game_id,omitempty"`
}

// PlanMode says how the context driver chose its players (docs/domain.md §3.5).
type PlanMode string

// Driver modes.
const (
	// PlanPreGame: no gamebook rows for the date yet; players come from rosters.
	PlanPreGame PlanMode = "pre_game"
	// PlanPostGame: the gamebook has the date; players are those who were in the game.
	PlanPostGame PlanMode = "post_game"
)

// PlanInputs are the rows the planner reads for one date.
type PlanInputs struct {
	Date civil.Date
	// Games are the schedule's games on Date.
	Games []ScheduledGame
	// Gamebook holds the gamebook rows dated Date.
	Gamebook []GamebookEntry
	// Rosters holds the roster rows of the playing teams dated in [Date-90, Date].
	Rosters []RosterEntry
	// Injuries holds the injury reports for games on Date.
	Injuries []InjuryReport
}

// notPlaying are gamebook statuses of players who were listed but did not
// play; matched case-insensitively (A.2.4).
var notPlaying = map[string]bool{"dnp": true, "dnd": true, "nwt": true, "inactive": true}

// outStatuses drop a player from the pre-game driver (A.2.4).
var outStatuses = map[string]bool{"out": true, "doubtful": true}

// PlanContextPlayers chooses the context processor's players for a date
// (§3.5 with A.2.4): after games, the gamebook players who played; before
// games, the latest roster of every playing team minus players whose latest
// injury status for the date is out or doubtful.
func PlanContextPlayers(in PlanInputs) ([]PlannedPlayer, PlanMode) {
	if len(in.Gamebook) > 0 {
		return planPostGame(in), PlanPostGame
	}
	return planPreGame(in), PlanPreGame
}

func planPostGame(in PlanInputs) []PlannedPlayer {
	seen := map[string]bool{}
	var plan []PlannedPlayer
	for _, e := range in.Gamebook {
		status := strings.ToLower(strings.TrimSpace(e.PlayerStatus))
		if e.PlayerLookup == "" || notPlaying[status] || seen[e.PlayerLookup] {
			continue
		}
		seen[e.PlayerLookup] = true
		plan = append(plan, PlannedPlayer{PlayerLookup: e.PlayerLookup, TeamAbbr: e.TeamAbbr, GameID: e.GameID})
	}
	sortPlan(plan)
	return plan
}

func planPreGame(in PlanInputs) []PlannedPlayer {
	gameOf := map[string]ScheduledGame{}
	for _, g := range in.Games {
		gameOf[g.HomeTeamAbbr] = g
		gameOf[g.AwayTeamAbbr] = g
	}
	latest := latestRosterDates(in.Rosters, in.Date)
	status := latestInjuryStatuses(in.Injuries, gameOf)
	seen := map[string]bool{}
	var plan []PlannedPlayer
	for _, r := range in.Rosters {
		g, playing := gameOf[r.TeamAbbr]
		if !playing || r.PlayerLookup == "" || r.RosterDate != latest[r.TeamAbbr] || seen[r.PlayerLookup] {
			continue
		}
		if outStatuses[status[r.PlayerLookup]] {
			continue
		}
		seen[r.PlayerLookup] = true
		plan = append(plan, PlannedPlayer{PlayerLookup: r.PlayerLookup, TeamAbbr: r.TeamAbbr, GameID: g.GameID})
	}
	sortPlan(plan)
	return plan
}

// latestRosterDates returns each team's latest roster date in [d-90, d].
func latestRosterDates(rosters []RosterEntry, d civil.Date) map[string]civil.Date {
	from := d.AddDays(-90)
	latest := map[string]civil.Date{}
	for _, r := range rosters {
		if r.RosterDate.Before(from) || r.RosterDate.After(d) {
			continue
		}
		if cur, ok := latest[r.TeamAbbr]; !ok || r.RosterDate.After(cur) {
			latest[r.TeamAbbr] = r.RosterDate
		}
	}
	return latest
}

// latestInjuryStatuses returns each player's lowercase status from the latest
// report before the tipoff of the player's team's game (A.2.9: take the
// latest report first, then test the status).
func latestInjuryStatuses(reports []InjuryReport, gameOf map[string]ScheduledGame) map[string]string {
	latest := latestInjuryReports(reports, func(r InjuryReport) bool {
		g, ok := gameOf[r.TeamAbbr]
		return ok && r.ReportedAt.Before(g.StartUTC)
	})
	status := make(map[string]string, len(latest))
	for p, r := range latest {
		status[p] = normalizeStatus(r.InjuryStatus)
	}
	return status
}

// latestInjuryReports keeps, per player, the latest report that passes keep.
func latestInjuryReports(reports []InjuryReport, keep func(InjuryReport) bool) map[string]InjuryReport {
	latest := map[string]InjuryReport{}
	for _, r := range reports {
		if !keep(r) {
			continue
		}
		cur, ok := latest[r.PlayerLookup]
		if !ok || r.ReportedAt.After(cur.ReportedAt) ||
			(r.ReportedAt.Equal(cur.ReportedAt) && r.InjuryStatus < cur.InjuryStatus) {
			latest[r.PlayerLookup] = r
		}
	}
	return latest
}

func normalizeStatus(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func sortPlan(plan []PlannedPlayer) {
	slices.SortFunc(plan, func(a, b PlannedPlayer) int {
		return cmp.Or(cmp.Compare(a.TeamAbbr, b.TeamAbbr), cmp.Compare(a.PlayerLookup, b.PlayerLookup))
	})
}

// IsQualifyingGame reports whether a box score counts for shot zones (§4.3):
// the player was on the floor or took a shot.
func IsQualifyingGame(g PlayerGame) bool {
	return g.MinutesPlayed > 0 || g.FGAttempts > 0
}

// GameIDFor is the standard game id YYYYMMDD_AWAY_HOME (§1.1).
func GameIDFor(d civil.Date, away, home string) string {
	return fmt.Sprintf("%04d%02d%02d_%s_%s", d.Year, int(d.Month), d.Day, away, home)
}
