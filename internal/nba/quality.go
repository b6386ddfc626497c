package nba

import "fmt"

// Quality tiers of the context processor (docs/domain.md §3.7.7).
const (
	TierGold   = "gold"
	TierSilver = "silver"
	TierBronze = "bronze"
)

// Quality issue codes of §3.7.7.
const (
	IssueMissingGameSpread = "missing_game_spread"
	IssueMissingGameTotal  = "missing_game_total"
)

// ContextQuality rates a context row from n, the number of history rows in
// the 30-day window, and lists the issues of §3.7.7.
type ContextQuality struct {
	Tier   string
	Score  float64
	Issues []string
}

// RateContext computes the quality tier, score and issues of a context row.
func RateContext(n int, hasSpread, hasTotal bool) ContextQuality {
	q := ContextQuality{Tier: TierBronze, Score: 50.0, Issues: []string{}}
	switch {
	case n >= 10:
		q.Tier, q.Score = TierGold, 95.0
	case n >= 5:
		q.Tier, q.Score = TierSilver, 75.0
	}
	if !hasSpread {
		q.Issues = append(q.Issues, IssueMissingGameSpread)
	}
	if !hasTotal {
		q.Issues = append(q.Issues, IssueMissingGameTotal)
	}
	if n < 3 {
		q.Issues = append(q.Issues, fmt.Sprintf("thin_sample:%d/3", n))
	}
	return q
}
