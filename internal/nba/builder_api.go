package nba

import "time"

// Config holds the tunable thresholds of both processors.
type Config struct {
	// ProductionReadyPct is the completeness at or above which data is production ready.
	ProductionReadyPct float64
	// Breaker sets the entity circuit breaker.
	Breaker BreakerConfig
}

// DefaultConfig is the configuration of docs/domain.md Part A.
var DefaultConfig = Config{ProductionReadyPct: DefaultProductionReadyPct, Breaker: DefaultBreakerConfig}

// withDefaults fills zero thresholds with the defaults, so a zero Config
// never means "everything is production ready" or "trip on every failure".
func (c Config) withDefaults() Config {
	if c.ProductionReadyPct == 0 {
		c.ProductionReadyPct = DefaultProductionReadyPct
	}
	if c.Breaker.TripAttempt == 0 {
		c.Breaker.TripAttempt = DefaultBreakerConfig.TripAttempt
	}
	if c.Breaker.Lockout == 0 {
		c.Breaker.Lockout = DefaultBreakerConfig.Lockout
	}
	return c
}

// RunMode says whether a run is the daily run or part of a backfill. The
// shot-zone completeness gate applies to daily runs only (§4.4): history that
// lacks DNP rows must not drop players with enough games from a backfill.
type RunMode string

// Run modes.
const (
	RunDaily    RunMode = "daily"
	RunBackfill RunMode = "backfill"
)

// BuildOptions are the per-run settings of a builder.
type BuildOptions struct {
	Now    time.Time // the processing time, for timestamps and the circuit breaker
	Config Config
	Flags  DateFlags
	Mode   RunMode
}
