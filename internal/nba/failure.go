package nba

import "fmt"

// Processor names a per-player processor; the value is its output table.
type Processor string

// The two processors.
const (
	UPGC Processor = "upcoming_player_game_context"
	PSZA Processor = "player_shot_zone_analysis"
)

// Category is a machine-readable failure code (docs/domain.md §3.9, §4.4, §5.5).
type Category string

// Failure categories of one entity (player) on one date.
const (
	// CircuitBreakerActive: the entity is locked out after repeated failures.
	CircuitBreakerActive Category = "CIRCUIT_BREAKER_ACTIVE"
	// IncompleteData: upstream completeness below the production-ready threshold (PSZA, daily runs).
	IncompleteData Category = "INCOMPLETE_DATA"
	// ExpectedIncomplete: too few games, and the team has not played enough either (early season).
	ExpectedIncomplete Category = "EXPECTED_INCOMPLETE"
	// IncompleteUpstream: too few games although the team played enough: upstream rows are missing.
	IncompleteUpstream Category = "INCOMPLETE_UPSTREAM"
	// InsufficientData: no qualifying rows at all for the player.
	InsufficientData Category = "INSUFFICIENT_DATA"
	// CalculationError: the player's game is not in the schedule, or no team can be determined.
	CalculationError Category = "CALCULATION_ERROR"
	// DataError: an input row is malformed (NaN, negative minutes, duplicates, unknown team).
	DataError Category = "DATA_ERROR"
)

// Failure says why one player produced no row on one date. It is a value, not
// a panic: the rest of the date goes on.
type Failure struct {
	Processor    Processor
	PlayerLookup string
	GameID       string
	Category     Category
	Reason       string
	CanRetry     bool
	// Completeness is the upstream completeness percentage when known, for the
	// circuit breaker's attempt notes.
	Completeness *float64
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%s %s: %s: %s", f.Processor, f.PlayerLookup, f.Category, f.Reason)
}

// CountsAsAttempt reports whether the failure is recorded as a reprocess
// attempt of the entity circuit breaker. A locked-out entity is not attempted
// again, and an expected early-season gap is not a failure to retry.
func (f *Failure) CountsAsAttempt() bool {
	return f.Category != CircuitBreakerActive && f.Category != ExpectedIncomplete
}

// newFailure builds a Failure with the retry flag of its category.
func newFailure(p Processor, player, gameID string, c Category, format string, args ...any) *Failure {
	return &Failure{
		Processor:    p,
		PlayerLookup: player,
		GameID:       gameID,
		Category:     c,
		Reason:       fmt.Sprintf(format, args...),
		CanRetry:     c == IncompleteData || c == IncompleteUpstream || c == InsufficientData,
	}
}
