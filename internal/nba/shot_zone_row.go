package nba

import (
	"time"

	"cloud.google.com/go/civil"
)

// ShotZoneProfile is one row of player_shot_zone_analysis: how a player shot
// by zone over the last 10 (and 20) games before AnalysisDate (docs/domain.md §4.9 with
// A.2.12). Rates are percentages (0-100); pct columns are ratios (0-1).
//
// DataHash is the legacy 25-field business hash (§5.6), reproduced byte for
// byte; processing metadata (completeness, breaker, source tracking) is
// outside it, as in the legacy pipeline.
type ShotZoneProfile struct {
	PlayerLookup      string     `col:"player_lookup"`
	UniversalPlayerID *string    `col:"universal_player_id"`
	AnalysisDate      civil.Date `col:"analysis_date"`

	PaintRateLast10         *float64 `col:"paint_rate_last_10"`
	MidRangeRateLast10      *float64 `col:"mid_range_rate_last_10"`
	ThreePtRateLast10       *float64 `col:"three_pt_rate_last_10"`
	TotalShotsLast10        *int64   `col:"total_shots_last_10"`
	GamesInSample10         int64    `col:"games_in_sample_10"`
	SampleQuality10         string   `col:"sample_quality_10"`
	PaintPctLast10          *float64 `col:"paint_pct_last_10"`
	MidRangePctLast10       *float64 `col:"mid_range_pct_last_10"`
	ThreePtPctLast10        *float64 `col:"three_pt_pct_last_10"`
	PaintAttemptsPerGame    *float64 `col:"paint_attempts_per_game"`
	MidRangeAttemptsPerGame *float64 `col:"mid_range_attempts_per_game"`
	ThreePtAttemptsPerGame  *float64 `col:"three_pt_attempts_per_game"`
	PaintRateLast20         *float64 `col:"paint_rate_last_20"`
	PaintPctLast20          *float64 `col:"paint_pct_last_20"`
	GamesInSample20         int64    `col:"games_in_sample_20"`
	SampleQuality20         string   `col:"sample_quality_20"`
	AssistedRateLast10      *float64 `col:"assisted_rate_last_10"`
	UnassistedRateLast10    *float64 `col:"unassisted_rate_last_10"`
	PlayerPosition          *string  `col:"player_position"`
	PrimaryScoringZone      *string  `col:"primary_scoring_zone"`
	DataQualityTier         string   `col:"data_quality_tier"`
	CalculationNotes        *string  `col:"calculation_notes"`

	SourcePlayerGameLastUpdated     *time.Time `col:"source_player_game_last_updated" hash:"-"`
	SourcePlayerGameRowsFound       *int64     `col:"source_player_game_rows_found" hash:"-"`
	SourcePlayerGameCompletenessPct *float64   `col:"source_player_game_completeness_pct" hash:"-"`
	SourcePlayerGameHash            *string    `col:"source_player_game_hash" hash:"-"`
	DataHash                        string     `col:"data_hash" hash:"-"`

	EarlySeasonFlag        bool     `col:"early_season_flag" hash:"-"`
	InsufficientDataReason *string  `col:"insufficient_data_reason" hash:"-"`
	ExpectedGamesCount     int64    `col:"expected_games_count" hash:"-"`
	ActualGamesCount       int64    `col:"actual_games_count" hash:"-"`
	MissingGamesCount      int64    `col:"missing_games_count" hash:"-"`
	CompletenessPercentage float64  `col:"completeness_percentage" hash:"-"`
	IsProductionReady      bool     `col:"is_production_ready" hash:"-"`
	DataQualityIssues      []string `col:"data_quality_issues" hash:"-"`

	LastReprocessAttemptAt   *time.Time `col:"last_reprocess_attempt_at" hash:"-"`
	ReprocessAttemptCount    int64      `col:"reprocess_attempt_count" hash:"-"`
	CircuitBreakerActive     bool       `col:"circuit_breaker_active" hash:"-"`
	CircuitBreakerUntil      *time.Time `col:"circuit_breaker_until" hash:"-"`
	ManualOverrideRequired   bool       `col:"manual_override_required" hash:"-"`
	SeasonBoundaryDetected   bool       `col:"season_boundary_detected" hash:"-"`
	BackfillBootstrapMode    bool       `col:"backfill_bootstrap_mode" hash:"-"`
	ProcessingDecisionReason string     `col:"processing_decision_reason" hash:"-"`
	CreatedAt                time.Time  `col:"created_at" hash:"-"`
	ProcessedAt              time.Time  `col:"processed_at" hash:"-"`
}
