package nba

import (
	"fmt"
	"slices"
)

// Data issue codes: why a nullable field is NULL (docs/domain.md A.2.1: "no data" is a NULL
// plus a named issue, never a silent 0). They go to data_quality_issues.
const (
	IssueMissingPropLine        = "missing_prop_line"
	IssueMissingInjuryReport    = "missing_injury_report"
	IssueNoOpponentHistory      = "no_opponent_history"
	IssueNoTeamHistory          = "no_team_history"
	IssueNoPreviousGame         = "no_previous_game"
	IssueMissingUniversalID     = "missing_universal_player_id"
	IssueMissingBirthDate       = "missing_birth_date"
	IssueMissingArena           = "missing_arena"
	IssueNoRecentGames          = "no_recent_games"
	IssueNoGamesLast7Days       = "no_games_last_7_days"
	IssueSingleRecentGame       = "single_recent_game"
	IssueNoUsageRate            = "no_usage_rate"
	IssueIncompleteUpstream     = "incomplete_upstream"
	IssueIncompleteZoneData10   = "incomplete_zone_data_last_10"
	IssueIncompleteZoneData20   = "incomplete_zone_data_last_20"
	IssueNoAssistedData         = "no_assisted_data"
	IssueNoScheduledNextGame    = "no_next_game_scheduled"
	IssueNoOpponentPreviousGame = "no_opponent_previous_game"
)

// issueList collects issue codes once each, in the order first seen.
type issueList []string

func (l *issueList) add(code string) {
	if !slices.Contains(*l, code) {
		*l = append(*l, code)
	}
}

func (l *issueList) addf(format string, args ...any) { l.add(fmt.Sprintf(format, args...)) }

// list returns the codes, never nil, so an empty list is written as [].
func (l issueList) list() []string {
	if l == nil {
		return []string{}
	}
	return slices.Clone(l)
}
