package nba

import (
	"fmt"

	"cloud.google.com/go/civil"
)

// latestReports returns, per player of the team, the latest injury report
// for the date issued before the game's tipoff (docs/domain.md A.2.9). Memoized per team.
func (b *ContextBuilder) latestReports(team string, game *ScheduledGame) map[string]InjuryReport {
	if r, ok := b.reports[team]; ok {
		return r
	}
	start := tipoff(game)
	r := latestInjuryReports(b.x.injuries, func(r InjuryReport) bool {
		return r.TeamAbbr == team && r.ReportedAt.Before(start)
	})
	b.reports[team] = r
	return r
}

// addTeammates counts teammates out or questionable. With no injury report
// for the date at all, the counts are NULL with an issue; a teammate whose
// box scores are invalid fails the player (the rows were read).
func (b *ContextBuilder) addTeammates(row *PlayerContext, player, team string, game *ScheduledGame, issues *issueList) error {
	if !b.x.hasInjuries {
		issues.add(IssueMissingInjuryReport)
		return nil
	}
	statuses := map[string]string{}
	for p, r := range b.latestReports(team, game) {
		if p != player {
			statuses[p] = normalizeStatus(r.InjuryStatus)
		}
	}
	var firstErr error
	out := CountTeammatesOut(statuses, func(p string) TeammateStats {
		m := b.teammateStats(team, p)
		if m.err != nil && firstErr == nil {
			firstErr = m.err
		}
		return m.stats
	})
	if firstErr != nil {
		return firstErr
	}
	row.StarTeammatesOut, row.QuestionableStarTeammates = &out.StarTeammatesOut, &out.QuestionableStarTeammates
	row.StarTierOut = &out.StarTierOut
	row.QuestionableTeammates, row.ProbableTeammates = &out.QuestionableTeammates, &out.ProbableTeammates
	return nil
}

// teammateStats averages one teammate's season rows for the team, once per chunk.
func (b *ContextBuilder) teammateStats(team, player string) teammateStatsMemo {
	if b.stats[team] == nil {
		b.stats[team] = map[string]teammateStatsMemo{}
	}
	if m, ok := b.stats[team][player]; ok {
		return m
	}
	forTeam := func(g *PlayerGame) bool { return g.TeamAbbr == team && !g.GameDate.Before(b.x.seasonStart) }
	games := b.x.byPlayer[player]
	if !every(games, forTeam) { // traded during the season: copy his rows for this team
		games = filtered(games, forTeam)
	}
	m := teammateStatsMemo{err: checkHistory(games, b.x.knownTeams)}
	if m.err == nil {
		m.stats = ComputeTeammateStats(b.x.date, games)
	} else {
		m.err = fmt.Errorf("teammate %s: %w", player, m.err)
	}
	b.stats[team][player] = m
	return m
}

// playerAge is the age in whole years on d from the latest roster entry on or
// before d (its age, else its birth date), else the registry's birth date.
func playerAge(d civil.Date, rosters []RosterEntry, reg Player) *int64 {
	var latest *RosterEntry
	for i := range rosters {
		if latest == nil || rosters[i].RosterDate.After(latest.RosterDate) {
			latest = &rosters[i]
		}
	}
	switch {
	case latest != nil && latest.Age != nil:
		age := *latest.Age
		return &age
	case latest != nil && latest.BirthDate != nil:
		return AgeOn(d, *latest.BirthDate)
	case reg.BirthDate != nil:
		return AgeOn(d, *reg.BirthDate)
	}
	return nil
}

// AgeOn is the age in whole calendar years on d of someone born on birth
// (the legacy days/365 drifted by a day every four years).
func AgeOn(d, birth civil.Date) *int64 {
	age := int64(d.Year - birth.Year)
	if d.Month < birth.Month || (d.Month == birth.Month && d.Day < birth.Day) {
		age--
	}
	return &age
}
