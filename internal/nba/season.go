package nba

import (
	"fmt"
	"time"

	"cloud.google.com/go/civil"
)

// Calendar thresholds of docs/domain.md §1.3 and §4.6.
const (
	// PSZABootstrapDays: PSZA writes no rows in the first days after the opener.
	PSZABootstrapDays = 14
	// CompletenessBootstrapDays: completeness is not held against a player early in the season.
	CompletenessBootstrapDays = 30
	// FullMinGames is the PSZA minimum of games once the season is three weeks old.
	FullMinGames = 10
)

// SeasonYear is the year the season containing d started: October onwards
// belongs to that year's season (2024 means 2024-25).
func SeasonYear(d civil.Date) int {
	if d.Month >= time.October {
		return d.Year
	}
	return d.Year - 1
}

// SeasonLabel writes a season year as failure records do, for example 2024-25.
func SeasonLabel(year int) string {
	return fmt.Sprintf("%d-%02d", year, (year+1)%100)
}

// SeasonPhase labels a date by month (§3.7.6): early, mid, late or playoffs.
func SeasonPhase(d civil.Date) string {
	switch d.Month {
	case time.October, time.November:
		return "early"
	case time.December, time.January, time.February:
		return "mid"
	case time.March, time.April:
		return "late"
	default:
		return "playoffs"
	}
}

// SeasonStart is the date of the first regular-season game of a season in the
// schedule (A.2.3: no hard-coded openers). ok is false when the schedule has
// no regular-season game of that season.
func SeasonStart(schedule []ScheduledGame, seasonYear int) (start civil.Date, ok bool) {
	for _, g := range schedule {
		if g.IsPlayoffs || int(g.SeasonYear) != seasonYear {
			continue
		}
		if !ok || g.GameDate.Before(start) {
			start, ok = g.GameDate, true
		}
	}
	return start, ok
}

// IsCompletenessBootstrap reports whether d is within the first 30 days of the
// season, when completeness is not held against anyone (§1.3). A date before
// the opener counts as bootstrap too.
func IsCompletenessBootstrap(d, seasonStart civil.Date) bool {
	return d.DaysSince(seasonStart) < CompletenessBootstrapDays
}

// IsSeasonBoundary reports whether d falls in October, November or April.
func IsSeasonBoundary(d civil.Date) bool {
	return d.Month == time.October || d.Month == time.November || d.Month == time.April
}

// IsPSZABootstrap reports whether PSZA skips d: days 0 to 13 after the opener.
func IsPSZABootstrap(d, opener civil.Date) bool {
	days := d.DaysSince(opener)
	return days >= 0 && days < PSZABootstrapDays
}

// DynamicMinGames is the PSZA minimum of games days into the season (§4.6):
// min(3 + days/3, 9) in the first three weeks, then 10.
func DynamicMinGames(daysIntoSeason int) int {
	if daysIntoSeason > 21 {
		return FullMinGames
	}
	if daysIntoSeason < 0 {
		daysIntoSeason = 0
	}
	return min(3+daysIntoSeason/3, 9)
}

// DateFlags are the date-level facts every row of a date shares.
type DateFlags struct {
	GameDate       civil.Date `json:"game_date"`
	SeasonYear     int        `json:"season_year"`
	SeasonStart    civil.Date `json:"season_start"`
	DaysIntoSeason int        `json:"days_into_season"`
	Bootstrap      bool       `json:"bootstrap"`
	SeasonBoundary bool       `json:"season_boundary"`
	// PSZASkip is true in the first 14 days of the season: no shot-zone rows.
	PSZASkip bool `json:"psza_skip"`
	MinGames int  `json:"min_games"`
}

// NewDateFlags derives the flags of date d from the season's opener.
func NewDateFlags(d, seasonStart civil.Date) DateFlags {
	days := d.DaysSince(seasonStart)
	return DateFlags{
		GameDate:       d,
		SeasonYear:     SeasonYear(d),
		SeasonStart:    seasonStart,
		DaysIntoSeason: days,
		Bootstrap:      IsCompletenessBootstrap(d, seasonStart),
		SeasonBoundary: IsSeasonBoundary(d),
		PSZASkip:       IsPSZABootstrap(d, seasonStart),
		MinGames:       DynamicMinGames(days),
	}
}
