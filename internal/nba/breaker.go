package nba

import (
	"fmt"
	"time"

	"cloud.google.com/go/civil"
)

// BreakerConfig sets the entity circuit breaker (docs/domain.md §5.3, A.1): it trips on the
// TripAttempt-th failed attempt of an entity on a date and locks it out for
// Lockout.
type BreakerConfig struct {
	TripAttempt int
	Lockout     time.Duration
}

// DefaultBreakerConfig trips on the third attempt with a 24 hour lockout.
var DefaultBreakerConfig = BreakerConfig{TripAttempt: 3, Lockout: 24 * time.Hour}

// BreakerState is the circuit breaker of one entity on one date at one moment.
type BreakerState struct {
	Active   bool
	Attempts int
	Until    *time.Time
}

// BreakerStatus reads the state from the entity's recorded attempts for a
// date (any order). With no attempts the breaker is closed. It is active while
// the latest attempt tripped it and now is before its lockout end.
func BreakerStatus(attempts []ReprocessAttempt, now time.Time) BreakerState {
	latest := latestAttempt(attempts)
	if latest == nil {
		return BreakerState{}
	}
	st := BreakerState{Attempts: int(latest.AttemptNumber)}
	if latest.CircuitBreakerTripped && latest.CircuitBreakerUntil != nil && now.Before(*latest.CircuitBreakerUntil) {
		st.Active = true
		st.Until = latest.CircuitBreakerUntil
	}
	return st
}

func latestAttempt(attempts []ReprocessAttempt) *ReprocessAttempt {
	var latest *ReprocessAttempt
	for i := range attempts {
		if latest == nil || attempts[i].AttemptNumber > latest.AttemptNumber {
			latest = &attempts[i]
		}
	}
	return latest
}

// NextAttempt records one more failed attempt after prior: attempt n+1, which
// trips the breaker from the configured attempt on, with a lockout from now.
// After expiry the next failure trips it again at once.
func NextAttempt(cfg BreakerConfig, f *Failure, date civil.Date, prior BreakerState, now time.Time) ReprocessAttempt {
	n := prior.Attempts + 1
	a := ReprocessAttempt{
		ProcessorName:         string(f.Processor),
		EntityID:              f.PlayerLookup,
		AnalysisDate:          date,
		AttemptNumber:         int64(n),
		AttemptedAt:           now.UTC(),
		CompletenessPct:       f.Completeness,
		SkipReason:            string(f.Category),
		CircuitBreakerTripped: n >= cfg.TripAttempt,
		Notes:                 fmt.Sprintf("Attempt %d: %s", n, f.Reason),
	}
	if a.CircuitBreakerTripped {
		until := now.UTC().Add(cfg.Lockout)
		a.CircuitBreakerUntil = &until
	}
	return a
}

// BreakerFailure is the failure of an entity found locked out.
func BreakerFailure(p Processor, player, gameID string, st BreakerState) *Failure {
	until := "unknown"
	if st.Until != nil {
		until = st.Until.UTC().Format(time.RFC3339)
	}
	return newFailure(p, player, gameID, CircuitBreakerActive,
		"locked out after %d failed attempts until %s", st.Attempts, until)
}
