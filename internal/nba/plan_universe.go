package nba

import (
	"cmp"
	"slices"

	"cloud.google.com/go/civil"
)

// ShotZoneCandidate is one player's qualifying games (IsQualifyingGame) of a
// season before a date, summed: the shot-zone universe (docs/domain.md §4.3)
// needs no more of the season's box scores than one such row per player,
// and the warehouse sums them where they are stored.
type ShotZoneCandidate struct {
	PlayerLookup string `col:"player_lookup"`
	// TeamAbbr is the team of the latest qualifying game; of two on one date
	// (a duplicated game, which the shot-zone build rejects), the one with
	// the smaller game id, as when the planner read the box scores in key
	// order and kept the first.
	TeamAbbr     string     `col:"team_abbr"`
	LastGameDate civil.Date `col:"last_game_date"`
	Games        int64      `col:"games"`
}

// ShotZoneCandidates sums box scores into candidates: the rows dated in
// [seasonStart, d) that qualify, per player, sorted by player. It is the
// definition the warehouse's sum is held to (warehousetest).
func ShotZoneCandidates(d, seasonStart civil.Date, games []PlayerGame) []ShotZoneCandidate {
	byPlayer := map[string]*ShotZoneCandidate{}
	latestGame := map[string]string{}
	for _, g := range games {
		if g.GameDate.Before(seasonStart) || !g.GameDate.Before(d) || !IsQualifyingGame(g) {
			continue
		}
		c := byPlayer[g.PlayerLookup]
		if c == nil {
			c = &ShotZoneCandidate{PlayerLookup: g.PlayerLookup, TeamAbbr: g.TeamAbbr, LastGameDate: g.GameDate}
			byPlayer[g.PlayerLookup], latestGame[g.PlayerLookup] = c, g.GameID
		}
		c.Games++
		if later := g.GameDate.Compare(c.LastGameDate); later > 0 || (later == 0 && g.GameID < latestGame[g.PlayerLookup]) {
			c.TeamAbbr, c.LastGameDate, latestGame[g.PlayerLookup] = g.TeamAbbr, g.GameDate, g.GameID
		}
	}
	out := make([]ShotZoneCandidate, 0, len(byPlayer))
	for _, c := range byPlayer {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b ShotZoneCandidate) int { return cmp.Compare(a.PlayerLookup, b.PlayerLookup) })
	return out
}

// PlanShotZoneCandidates is the shot-zone universe of a date (§4.3): every
// candidate, planned on the team of his latest qualifying game, in plan
// order. There is no recency limit: a long-injured player still gets a row.
func PlanShotZoneCandidates(candidates []ShotZoneCandidate) []PlannedPlayer {
	plan := make([]PlannedPlayer, 0, len(candidates))
	for _, c := range candidates {
		plan = append(plan, PlannedPlayer{PlayerLookup: c.PlayerLookup, TeamAbbr: c.TeamAbbr})
	}
	sortPlan(plan)
	return plan
}

// PlanShotZonePlayers is the shot-zone universe of a date from the season's
// box scores (rows on or after the date are ignored).
func PlanShotZonePlayers(d, seasonStart civil.Date, games []PlayerGame) []PlannedPlayer {
	return PlanShotZoneCandidates(ShotZoneCandidates(d, seasonStart, games))
}
