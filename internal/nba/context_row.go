package nba

import (
	"time"

	"cloud.google.com/go/civil"
)

// ContextVersion marks rows computed with the semantics of this project's
// decisions (docs/domain.md Part A); the legacy pipeline wrote 1.
const ContextVersion = 2

// PlayerContext is one row of upcoming_player_game_context: the pre-game
// context of one player for the game on GameDate (§3.8 with Part A). Pointer
// fields are nullable: NULL means "no data" and comes with an issue code in
// DataQualityIssues, never a made-up value.
type PlayerContext struct {
	PlayerLookup      string     `col:"player_lookup"`
	UniversalPlayerID *string    `col:"universal_player_id"`
	GameID            string     `col:"game_id"`
	GameDate          civil.Date `col:"game_date"`
	TeamAbbr          string     `col:"team_abbr"`
	OpponentTeamAbbr  string     `col:"opponent_team_abbr"`

	// Prop lines (§3.6.2 with A.2.5).
	HasPropLine             bool     `col:"has_prop_line"`
	CurrentPointsLine       *float64 `col:"current_points_line"`
	OpeningPointsLine       *float64 `col:"opening_points_line"`
	LineMovement            *float64 `col:"line_movement"`
	CurrentPointsLineSource *string  `col:"current_points_line_source"`
	OpeningPointsLineSource *string  `col:"opening_points_line_source"`

	// Game lines from the player's team's point of view (A.2.6, A.3).
	GameSpread             *float64 `col:"game_spread"`
	OpeningSpread          *float64 `col:"opening_spread"`
	SpreadMovement         *float64 `col:"spread_movement"`
	GameSpreadSource       *string  `col:"game_spread_source"`
	GameTotal              *float64 `col:"game_total"`
	OpeningTotal           *float64 `col:"opening_total"`
	TotalMovement          *float64 `col:"total_movement"`
	GameTotalSource        *string  `col:"game_total_source"`
	SpreadPublicBettingPct *float64 `col:"spread_public_betting_pct"`
	TotalPublicBettingPct  *float64 `col:"total_public_betting_pct"`

	// Opponent and team profile over the last 10 games (§3.7.3, A.2.10).
	PaceDifferential               *float64 `col:"pace_differential"`
	OpponentPaceLast10             *float64 `col:"opponent_pace_last_10"`
	OpponentFTRateAllowed          *float64 `col:"opponent_ft_rate_allowed"`
	OpponentDefRatingLast10        *float64 `col:"opponent_def_rating_last_10"`
	OpponentOffRatingLast10        *float64 `col:"opponent_off_rating_last_10"`
	OpponentReboundingRate         *float64 `col:"opponent_rebounding_rate"`
	OpponentPaceVariance           *float64 `col:"opponent_pace_variance"`
	OpponentFTRateVariance         *float64 `col:"opponent_ft_rate_variance"`
	OpponentDefRatingVariance      *float64 `col:"opponent_def_rating_variance"`
	OpponentOffRatingVariance      *float64 `col:"opponent_off_rating_variance"`
	OpponentReboundingRateVariance *float64 `col:"opponent_rebounding_rate_variance"`

	// The game itself (§3.7.6).
	GameStartTimeLocal *string  `col:"game_start_time_local"`
	HomeGame           bool     `col:"home_game"`
	BackToBack         bool     `col:"back_to_back"`
	SeasonPhase        string   `col:"season_phase"`
	ProjectedUsageRate *float64 `col:"projected_usage_rate"`

	// Fatigue (§3.7.1).
	DaysRest                  *int64   `col:"days_rest"`
	DaysRestBeforeLastGame    *int64   `col:"days_rest_before_last_game"`
	DaysSince2PlusDaysRest    *int64   `col:"days_since_2_plus_days_rest"`
	GamesInLast7Days          int64    `col:"games_in_last_7_days"`
	GamesInLast14Days         int64    `col:"games_in_last_14_days"`
	MinutesInLast7Days        int64    `col:"minutes_in_last_7_days"`
	MinutesInLast14Days       int64    `col:"minutes_in_last_14_days"`
	AvgMinutesPerGameLast7    *float64 `col:"avg_minutes_per_game_last_7"`
	BackToBacksLast14Days     int64    `col:"back_to_backs_last_14_days"`
	AvgUsageRateLast7Games    *float64 `col:"avg_usage_rate_last_7_games"`
	FourthQuarterMinutesLast7 *int64   `col:"fourth_quarter_minutes_last_7"`
	ClutchMinutesLast7Games   *int64   `col:"clutch_minutes_last_7_games"`

	// Travel from arena coordinates and time zones (A.2.7, A.3).
	TravelMiles                *int64 `col:"travel_miles"`
	TimeZoneChanges            *int64 `col:"time_zone_changes"`
	ConsecutiveRoadGames       int64  `col:"consecutive_road_games"`
	MilesTraveledLast14Days    int64  `col:"miles_traveled_last_14_days"`
	TimeZonesCrossedLast14Days int64  `col:"time_zones_crossed_last_14_days"`

	PlayerAge *int64 `col:"player_age"`

	// Recent form and prop streaks (§3.7.2).
	PointsAvgLast5   *float64 `col:"points_avg_last_5"`
	PointsAvgLast10  *float64 `col:"points_avg_last_10"`
	L5GamesUsed      int64    `col:"l5_games_used"`
	L10GamesUsed     int64    `col:"l10_games_used"`
	L5SampleQuality  string   `col:"l5_sample_quality"`
	L10SampleQuality string   `col:"l10_sample_quality"`
	PropOverStreak   int64    `col:"prop_over_streak"`
	PropUnderStreak  int64    `col:"prop_under_streak"`

	// Teammates out (§3.7.4 with A.2.9).
	StarTeammatesOut          *int64 `col:"star_teammates_out"`
	QuestionableStarTeammates *int64 `col:"questionable_star_teammates"`
	StarTierOut               *int64 `col:"star_tier_out"`
	QuestionableTeammates     *int64 `col:"questionable_teammates"`
	ProbableTeammates         *int64 `col:"probable_teammates"`

	ShootingPctDeclineLast5      *float64 `col:"shooting_pct_decline_last_5"`
	FourthQuarterProductionLast7 *float64 `col:"fourth_quarter_production_last_7"`

	// Forward schedule context (A.2.8).
	NextGameDaysRest         *int64   `col:"next_game_days_rest"`
	GamesInNext7Days         int64    `col:"games_in_next_7_days"`
	NextOpponentWinPct       *float64 `col:"next_opponent_win_pct"`
	NextGameIsPrimetime      bool     `col:"next_game_is_primetime"`
	OpponentDaysRest         *int64   `col:"opponent_days_rest"`
	OpponentGamesInNext7Days int64    `col:"opponent_games_in_next_7_days"`
	OpponentNextGameDaysRest *int64   `col:"opponent_next_game_days_rest"`

	// Injury report of the player (§3.6.5).
	PlayerStatus *string `col:"player_status"`
	InjuryReport *string `col:"injury_report"`

	// Hashes and row counts of the input rows used (A.2.13).
	SourceBoxscoreHash       *string `col:"source_boxscore_hash"`
	SourceBoxscoreRowsFound  int64   `col:"source_boxscore_rows_found"`
	SourceScheduleHash       *string `col:"source_schedule_hash"`
	SourceScheduleRowsFound  int64   `col:"source_schedule_rows_found"`
	SourcePropsHash          *string `col:"source_props_hash"`
	SourcePropsRowsFound     int64   `col:"source_props_rows_found"`
	SourceGameLinesHash      *string `col:"source_game_lines_hash"`
	SourceGameLinesRowsFound int64   `col:"source_game_lines_rows_found"`

	// Quality (§3.7.7).
	QualityTier         string   `col:"quality_tier"`
	QualityScore        float64  `col:"quality_score"`
	QualityIssues       []string `col:"quality_issues"`
	DataSources         []string `col:"data_sources"`
	DataQualityTier     string   `col:"data_quality_tier"`
	PrimarySourceUsed   string   `col:"primary_source_used"`
	ProcessedWithIssues bool     `col:"processed_with_issues"`

	// Completeness (§3.7.8 with A.2.11): the headline counts are the L30d window's.
	ExpectedGamesCount     int64    `col:"expected_games_count"`
	ActualGamesCount       int64    `col:"actual_games_count"`
	MissingGamesCount      int64    `col:"missing_games_count"`
	CompletenessPercentage float64  `col:"completeness_percentage"`
	IsProductionReady      bool     `col:"is_production_ready"`
	DataQualityIssues      []string `col:"data_quality_issues"`
	L5CompletenessPct      float64  `col:"l5_completeness_pct"`
	L5IsComplete           bool     `col:"l5_is_complete"`
	L10CompletenessPct     float64  `col:"l10_completeness_pct"`
	L10IsComplete          bool     `col:"l10_is_complete"`
	L7dCompletenessPct     float64  `col:"l7d_completeness_pct"`
	L7dIsComplete          bool     `col:"l7d_is_complete"`
	L14dCompletenessPct    float64  `col:"l14d_completeness_pct"`
	L14dIsComplete         bool     `col:"l14d_is_complete"`
	L30dCompletenessPct    float64  `col:"l30d_completeness_pct"`
	L30dIsComplete         bool     `col:"l30d_is_complete"`
	AllWindowsComplete     bool     `col:"all_windows_complete"`

	// Processing state (§3.7.8, §5.3).
	LastReprocessAttemptAt   *time.Time `col:"last_reprocess_attempt_at"`
	ReprocessAttemptCount    int64      `col:"reprocess_attempt_count"`
	CircuitBreakerActive     bool       `col:"circuit_breaker_active"`
	CircuitBreakerUntil      *time.Time `col:"circuit_breaker_until"`
	ManualOverrideRequired   bool       `col:"manual_override_required"`
	SeasonBoundaryDetected   bool       `col:"season_boundary_detected"`
	BackfillBootstrapMode    bool       `col:"backfill_bootstrap_mode"`
	ProcessingDecisionReason string     `col:"processing_decision_reason"`

	// DataHash covers every column but itself and the two timestamps, so a
	// row is skipped on commit only when nothing in it changed.
	DataHash       string    `col:"data_hash" hash:"-"`
	ContextVersion int64     `col:"context_version"`
	CreatedAt      time.Time `col:"created_at" hash:"-"`
	ProcessedAt    time.Time `col:"processed_at" hash:"-"`
}
