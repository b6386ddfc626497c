package nba

// How far back the computations of a date reach (docs/domain.md §3.6.1,
// §3.7.3, §4.3, §5.1). The warehouse reads no further than this
// (internal/warehouse, windowed_reads.go), so the sizes are exported from
// here, where the windows are defined, and written nowhere else.
const (
	// HistoryDays is the span of a player's own box scores, H = [T-30, T)
	// (§3.6.1): fatigue, form, prop streaks and the quality tier read
	// nothing older.
	HistoryDays = historyDays
	// OpponentGames is how many of each team's latest team games the
	// opponent profile reads and validates (§3.7.3).
	OpponentGames = profileGames
	// ZoneGames is how many of a player's latest qualifying games the
	// shot-zone windows read (§4.3); his older box scores are only
	// validated.
	ZoneGames = zoneTrendWindow
)

// WindowReach returns the widest 'games' and the widest 'days' window of
// windows: a completeness measurement over them expects no team game other
// than the team's latest `games` final games before the date and its
// final games dated in [date-days, date) (§5.1). Either is 0 when windows have no
// window of that kind.
func WindowReach(windows []CompletenessWindow) (games, days int) {
	for _, w := range windows {
		switch w.Kind {
		case WindowGames:
			games = max(games, w.Size)
		case WindowDays:
			days = max(days, w.Size)
		}
	}
	return games, days
}
