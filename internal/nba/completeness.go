package nba

import "cloud.google.com/go/civil"

// DefaultProductionReadyPct is the completeness at or above which a window is
// production ready (docs/domain.md §5.1, lowered from 90 by the legacy team).
const DefaultProductionReadyPct = 70.0

// WindowKind says how a completeness window counts back from the date.
type WindowKind string

// Window kinds.
const (
	WindowGames WindowKind = "games" // the team's last N completed games
	WindowDays  WindowKind = "days"  // the team's completed games in the last N days
)

// CompletenessWindow is one lookback over which upstream data is measured.
type CompletenessWindow struct {
	Name string
	Kind WindowKind
	Size int
}

// The five windows of the context processor (§5.1) and the shot-zone window.
var (
	WindowL5   = CompletenessWindow{"l5", WindowGames, 5}
	WindowL10  = CompletenessWindow{"l10", WindowGames, 10}
	WindowL7d  = CompletenessWindow{"l7d", WindowDays, 7}
	WindowL14d = CompletenessWindow{"l14d", WindowDays, 14}
	WindowL30d = CompletenessWindow{"l30d", WindowDays, 30}

	ContextWindows = []CompletenessWindow{WindowL5, WindowL10, WindowL7d, WindowL14d, WindowL30d}
)

// ExpectedGames returns the games of the window before d (A.2.11). teamGames
// are the team's completed games of the season before d in date order; d
// itself is never inside a window.
func (w CompletenessWindow) ExpectedGames(d civil.Date, teamGames []ScheduledGame) []ScheduledGame {
	end := len(teamGames)
	for end > 0 && !teamGames[end-1].GameDate.Before(d) {
		end--
	}
	games := teamGames[:end]
	switch w.Kind {
	case WindowGames:
		return games[max(0, len(games)-w.Size):]
	default:
		from := d.AddDays(-w.Size)
		start := len(games)
		for start > 0 && !games[start-1].GameDate.Before(from) {
			start--
		}
		return games[start:]
	}
}

// Gap classes of a completeness measurement.
const (
	GapNone          = "NO_GAP"
	GapDataGap       = "DATA_GAP"
	GapNameUnresolve = "NAME_UNRESOLVED"
)

// Completeness is whether the upstream data of one entity is there over one
// window: Actual of Expected games were recorded.
type Completeness struct {
	Expected          int     `json:"expected"`
	Actual            int     `json:"actual"`
	Missing           int     `json:"missing"`
	Pct               float64 `json:"pct"`
	IsComplete        bool    `json:"is_complete"`
	IsProductionReady bool    `json:"is_production_ready"`
	Gap               string  `json:"gap"`
}

// NewCompleteness measures actual of expected games (A.2.11): percentage to
// one decimal on the exact ratio, 100 when nothing was expected, production ready at readyPct.
func NewCompleteness(expected, actual int, readyPct float64) Completeness {
	pct := 100.0
	if expected > 0 {
		pct = ratInt(int64(actual) * 100).quoInt(expected).rounded(1) // exact (A.2.15)
	}
	gap := GapNone
	switch {
	case expected > 0 && actual == 0:
		gap = GapNameUnresolve
	case actual < expected:
		gap = GapDataGap
	}
	return Completeness{
		Expected:          expected,
		Actual:            actual,
		Missing:           max(0, expected-actual),
		Pct:               pct,
		IsComplete:        actual >= expected,
		IsProductionReady: pct >= readyPct,
		Gap:               gap,
	}
}

// MeasureWindow counts how many of the window's expected games have a
// gamebook row for the player. recorded says whether the player has a
// gamebook row for a game; a DNP row counts, since the game was recorded.
func MeasureWindow(w CompletenessWindow, d civil.Date, teamGames []ScheduledGame, recorded func(gameID string) bool, readyPct float64) Completeness {
	expected := w.ExpectedGames(d, teamGames)
	actual := 0
	for _, g := range expected {
		if recorded(g.GameID) {
			actual++
		}
	}
	return NewCompleteness(len(expected), actual, readyPct)
}
