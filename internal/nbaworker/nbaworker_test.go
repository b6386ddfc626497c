package nbaworker

import (
	"testing"
	"time"

	"nbaflow/internal/config"
	"nbaflow/internal/nba"
)

func TestDomainConfigTakesTheBreakerFromTheEnvironment(t *testing.T) {
	tests := []struct {
		env  []string
		want nba.BreakerConfig
	}{
		{nil, nba.DefaultBreakerConfig},
		{[]string{"CIRCUIT_BREAKER_TRIP_ATTEMPT=2", "CIRCUIT_BREAKER_LOCKOUT=5s"}, nba.BreakerConfig{TripAttempt: 2, Lockout: 5 * time.Second}},
	}
	for _, tt := range tests {
		cfg, err := config.LoadWorker(tt.env)
		if err != nil {
			t.Fatal(err)
		}
		got := DomainConfig(cfg)
		if got.Breaker != tt.want || got.ProductionReadyPct != nba.DefaultConfig.ProductionReadyPct {
			t.Errorf("%v: %+v, want breaker %+v and the default thresholds", tt.env, got, tt.want)
		}
	}
}
