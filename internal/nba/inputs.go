package nba

import (
	"time"

	"cloud.google.com/go/civil"
)

// PlayerGame is one player's box score in one game, with shot zones: a row of
// player_game_summary. Counting stats are float64 so that a NaN or Inf that
// reached the warehouse is seen and rejected, not silently turned into a
// number. Zone and assisted columns are NULL when the play-by-play was
// missing or the player took no shot.
type PlayerGame struct {
	GameID            string     `col:"game_id"`
	GameDate          civil.Date `col:"game_date"`
	PlayerLookup      string     `col:"player_lookup"`
	PlayerName        string     `col:"player_name"`
	TeamAbbr          string     `col:"team_abbr"`
	OpponentTeamAbbr  string     `col:"opponent_team_abbr"`
	IsHome            bool       `col:"is_home"`
	MinutesPlayed     float64    `col:"minutes_played"`
	Points            *float64   `col:"points"`
	FGMakes           float64    `col:"fg_makes"`
	FGAttempts        float64    `col:"fg_attempts"`
	ThreePtMakes      float64    `col:"three_pt_makes"`
	ThreePtAttempts   float64    `col:"three_pt_attempts"`
	FTMakes           float64    `col:"ft_makes"`
	FTAttempts        float64    `col:"ft_attempts"`
	OffensiveRebounds float64    `col:"offensive_rebounds"`
	DefensiveRebounds float64    `col:"defensive_rebounds"`
	Assists           float64    `col:"assists"`
	UsageRate         *float64   `col:"usage_rate"`
	PaintAttempts     *float64   `col:"paint_attempts"`
	PaintMakes        *float64   `col:"paint_makes"`
	MidRangeAttempts  *float64   `col:"mid_range_attempts"`
	MidRangeMakes     *float64   `col:"mid_range_makes"`
	AssistedFGMakes   *float64   `col:"assisted_fg_makes"`
	UnassistedFGMakes *float64   `col:"unassisted_fg_makes"`
}

// GamebookEntry records that a player was listed for a game
// (gamebook_player_stats). A DNP row still counts as recorded for
// completeness (docs/domain.md A.2.11).
type GamebookEntry struct {
	GameID        string     `col:"game_id"`
	GameDate      civil.Date `col:"game_date"`
	PlayerLookup  string     `col:"player_lookup"`
	TeamAbbr      string     `col:"team_abbr"`
	PlayerStatus  string     `col:"player_status"`
	MinutesPlayed *float64   `col:"minutes_played"`
}

// TeamGame is one team's offense and defense summary for one game
// (team_game_summary). The canonical layout keeps offense and defense in one
// row per team and game; OppFTAttempts are the free throws the team allowed.
type TeamGame struct {
	GameID           string     `col:"game_id"`
	GameDate         civil.Date `col:"game_date"`
	TeamAbbr         string     `col:"team_abbr"`
	OpponentTeamAbbr string     `col:"opponent_team_abbr"`
	Possessions      float64    `col:"possessions"`
	Pace             float64    `col:"pace"`
	OffensiveRating  float64    `col:"offensive_rating"`
	DefensiveRating  float64    `col:"defensive_rating"`
	Rebounds         float64    `col:"rebounds"`
	OppFTAttempts    float64    `col:"opp_ft_attempts"`
	Points           float64    `col:"points"`
}

// Game statuses of the schedule.
const (
	GameScheduled  = 1
	GameInProgress = 2
	GameFinal      = 3
)

// ScheduledGame is one game of the schedule. The schedule is known in advance,
// so unlike results it may be read forward of the target date.
type ScheduledGame struct {
	GameID       string     `col:"game_id"`
	GameDate     civil.Date `col:"game_date"`
	StartUTC     time.Time  `col:"game_start_utc"`
	SeasonYear   int64      `col:"season_year"`
	HomeTeamAbbr string     `col:"home_team_abbr"`
	AwayTeamAbbr string     `col:"away_team_abbr"`
	HomeScore    *int64     `col:"home_score"`
	AwayScore    *int64     `col:"away_score"`
	GameStatus   int64      `col:"game_status"`
	IsPlayoffs   bool       `col:"is_playoffs"`
	IsPrimetime  bool       `col:"is_primetime"`
}

// OddsProp is one player points line snapshot from the Odds API
// (odds_api_player_points_props). Bookmakers are lowercase keys.
type OddsProp struct {
	GameID       string     `col:"game_id"`
	GameDate     civil.Date `col:"game_date"`
	PlayerLookup string     `col:"player_lookup"`
	Bookmaker    string     `col:"bookmaker"`
	SnapshotUTC  time.Time  `col:"snapshot_utc"`
	PointsLine   float64    `col:"points_line"`
}

// BettingProsProp is one BettingPros offer (bettingpros_player_points_props).
// It is keyed by date and player, not by game; bookmakers are mixed case.
type BettingProsProp struct {
	GameDate            civil.Date `col:"game_date"`
	PlayerLookup        string     `col:"player_lookup"`
	Bookmaker           string     `col:"bookmaker"`
	MarketType          string     `col:"market_type"`
	BetSide             string     `col:"bet_side"`
	PointsLine          float64    `col:"points_line"`
	OpeningLine         *float64   `col:"opening_line"`
	IsActive            bool       `col:"is_active"`
	IsBestLine          bool       `col:"is_best_line"`
	BookmakerLastUpdate time.Time  `col:"bookmaker_last_update"`
}

// Game line markets.
const (
	MarketSpreads = "spreads"
	MarketTotals  = "totals"
)

// GameLineSnapshot is one outcome of one bookmaker's spread or total at one
// snapshot (game_lines). For spreads the outcome is a team tricode and the
// point is that team's spread; for totals the outcome is over or under.
type GameLineSnapshot struct {
	GameID      string     `col:"game_id"`
	GameDate    civil.Date `col:"game_date"`
	Bookmaker   string     `col:"bookmaker"`
	Market      string     `col:"market"`
	SnapshotUTC time.Time  `col:"snapshot_utc"`
	Outcome     string     `col:"outcome"`
	Point       float64    `col:"point"`
}

// RosterEntry is one player on one team's roster snapshot (team_rosters).
type RosterEntry struct {
	RosterDate   civil.Date  `col:"roster_date"`
	TeamAbbr     string      `col:"team_abbr"`
	PlayerLookup string      `col:"player_lookup"`
	BirthDate    *civil.Date `col:"birth_date"`
	Age          *int64      `col:"age"`
}

// InjuryReport is one line of an injury report for a game date
// (injury_report). ReportedAt orders the reports of one player: the latest
// report before tipoff is the player's status.
type InjuryReport struct {
	ReportDate     civil.Date `col:"report_date"`
	ReportedAt     time.Time  `col:"reported_at"`
	GameDate       civil.Date `col:"game_date"`
	TeamAbbr       string     `col:"team_abbr"`
	PlayerLookup   string     `col:"player_lookup"`
	InjuryStatus   string     `col:"injury_status"`
	Reason         string     `col:"reason"`
	ReasonCategory string     `col:"reason_category"`
}

// Player is an entry of the players registry (players).
type Player struct {
	PlayerLookup      string      `col:"player_lookup"`
	PlayerName        string      `col:"player_name"`
	BirthDate         *civil.Date `col:"birth_date"`
	UniversalPlayerID *string     `col:"universal_player_id"`
}

// Arena is a team's home arena (arenas). A game's arena is its home team's.
type Arena struct {
	TeamAbbr     string  `col:"team_abbr"`
	ArenaName    string  `col:"arena_name"`
	Latitude     float64 `col:"latitude"`
	Longitude    float64 `col:"longitude"`
	IANATimeZone string  `col:"iana_time_zone"`
}

// ReprocessAttempt is one recorded failed attempt of one entity on one date
// (reprocess_attempts), the durable state of the entity circuit breaker.
type ReprocessAttempt struct {
	ProcessorName         string     `col:"processor_name"`
	EntityID              string     `col:"entity_id"`
	AnalysisDate          civil.Date `col:"analysis_date"`
	AttemptNumber         int64      `col:"attempt_number"`
	AttemptedAt           time.Time  `col:"attempted_at"`
	CompletenessPct       *float64   `col:"completeness_pct"`
	SkipReason            string     `col:"skip_reason"`
	CircuitBreakerTripped bool       `col:"circuit_breaker_tripped"`
	CircuitBreakerUntil   *time.Time `col:"circuit_breaker_until"`
	Notes                 string     `col:"notes"`
}
