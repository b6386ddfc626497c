package nba

import (
	"fmt"
	"math"
	"sync"
	"time"
	_ "time/tzdata" // arena time zones must resolve on any machine

	"cloud.google.com/go/civil"
)

// earthRadiusMiles is the radius of the great-circle distance (docs/domain.md A.3).
const earthRadiusMiles = 3958.8

// travelLookback is the window of the 14-day travel sums (A.3).
const travelLookback = 14

// Travel is a team's travel into the game on T (A.2.7, A.3).
type Travel struct {
	TravelMiles                *int64
	TimeZoneChanges            *int64
	ConsecutiveRoadGames       int64
	MilesTraveledLast14Days    int64
	TimeZonesCrossedLast14Days int64
}

// ArenaDistanceMiles is the haversine distance between two arenas in miles,
// rounded to the nearest mile.
func ArenaDistanceMiles(a, b Arena) int64 {
	if a.TeamAbbr == b.TeamAbbr {
		return 0
	}
	const rad = math.Pi / 180
	dLat := (b.Latitude - a.Latitude) * rad
	dLon := (b.Longitude - a.Longitude) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(a.Latitude*rad)*math.Cos(b.Latitude*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return int64(Round(2*earthRadiusMiles*math.Asin(math.Sqrt(h)), 0))
}

var zoneCache sync.Map // IANA name -> *time.Location

// loadZone loads and caches an IANA time zone.
func loadZone(name string) (*time.Location, error) {
	if loc, ok := zoneCache.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("arena time zone %q: %w", name, err)
	}
	zoneCache.Store(name, loc)
	return loc, nil
}

// utcOffsetHours is the whole-hour UTC offset of an arena at a game's tipoff,
// so daylight saving on that date counts.
func utcOffsetHours(a Arena, g *ScheduledGame) (int64, error) {
	loc, err := loadZone(a.IANATimeZone)
	if err != nil {
		return 0, err
	}
	at := g.StartUTC
	if at.IsZero() {
		at = g.GameDate.In(time.UTC).Add(17 * time.Hour)
	}
	_, offset := at.In(loc).Zone()
	return int64(offset / 3600), nil
}

// leg is the distance and time-zone change between two games' arenas.
func leg(from, to *ScheduledGame, arenas map[string]Arena) (miles, zones int64, err error) {
	a, ok := arenas[from.HomeTeamAbbr]
	if !ok {
		return 0, 0, fmt.Errorf("no arena for team %s", from.HomeTeamAbbr)
	}
	b, ok := arenas[to.HomeTeamAbbr]
	if !ok {
		return 0, 0, fmt.Errorf("no arena for team %s", to.HomeTeamAbbr)
	}
	oa, err := utcOffsetHours(a, from)
	if err != nil {
		return 0, 0, err
	}
	ob, err := utcOffsetHours(b, to)
	if err != nil {
		return 0, 0, err
	}
	zones = oa - ob
	if zones < 0 {
		zones = -zones
	}
	return ArenaDistanceMiles(a, b), zones, nil
}

// ComputeTravel measures a team's travel into game, given its season games
// before it (date order). A game's arena is its home team's arena.
func ComputeTravel(team string, game *ScheduledGame, before []*ScheduledGame, arenas map[string]Arena) (Travel, error) {
	var tr Travel
	if game.AwayTeamAbbr == team {
		tr.ConsecutiveRoadGames = 1
		for i := len(before) - 1; i >= 0 && before[i].AwayTeamAbbr == team; i-- {
			tr.ConsecutiveRoadGames++
		}
	}
	if len(before) == 0 {
		return tr, nil
	}
	miles, zones, err := leg(before[len(before)-1], game, arenas)
	if err != nil {
		return tr, err
	}
	tr.TravelMiles, tr.TimeZoneChanges = &miles, &zones

	from := game.GameDate.AddDays(-travelLookback)
	route := []*ScheduledGame{}
	for _, g := range before {
		if !g.GameDate.Before(from) {
			route = append(route, g)
		}
	}
	route = append(route, game)
	for i := 0; i+1 < len(route); i++ {
		m, z, err := leg(route[i], route[i+1], arenas)
		if err != nil {
			return tr, err
		}
		tr.MilesTraveledLast14Days += m
		tr.TimeZonesCrossedLast14Days += z
	}
	return tr, nil
}

// ForwardSchedule is what the schedule says about the days around T for the
// team and its opponent (A.2.8).
type ForwardSchedule struct {
	NextGameDaysRest         *int64
	GamesInNext7Days         int64
	NextGameIsPrimetime      bool
	OpponentDaysRest         *int64
	OpponentGamesInNext7Days int64
	OpponentNextGameDaysRest *int64
}

// ComputeForwardSchedule reads the team's and the opponent's games after t
// and the opponent's last game before t.
func ComputeForwardSchedule(t civil.Date, teamAfter, oppBefore, oppAfter []*ScheduledGame) ForwardSchedule {
	var f ForwardSchedule
	f.NextGameDaysRest, f.GamesInNext7Days = nextGame(t, teamAfter)
	if len(teamAfter) > 0 {
		f.NextGameIsPrimetime = teamAfter[0].IsPrimetime
	}
	f.OpponentNextGameDaysRest, f.OpponentGamesInNext7Days = nextGame(t, oppAfter)
	if len(oppBefore) > 0 {
		rest := int64(t.DaysSince(oppBefore[len(oppBefore)-1].GameDate))
		f.OpponentDaysRest = &rest
	}
	return f
}

// nextGame returns the days to the first game after t and the games dated
// in (t, t+7].
func nextGame(t civil.Date, after []*ScheduledGame) (*int64, int64) {
	if len(after) == 0 {
		return nil, 0
	}
	days := int64(after[0].GameDate.DaysSince(t))
	var week int64
	for _, g := range after {
		if g.GameDate.DaysSince(t) > 7 {
			break
		}
		week++
	}
	return &days, week
}

// LocalStartTime formats a game's tipoff in its arena's time zone, as
// "7:30 PM ET" (§3.7.6: the legacy code meant the arena's zone).
func LocalStartTime(g *ScheduledGame, arena Arena) (string, error) {
	loc, err := loadZone(arena.IANATimeZone)
	if err != nil {
		return "", err
	}
	local := g.StartUTC.In(loc)
	return local.Format("3:04 PM") + " " + zoneLabel(local), nil
}

// zoneLabel shortens EST/EDT to ET, CST/CDT to CT and so on; other zones keep
// their abbreviation.
func zoneLabel(t time.Time) string {
	abbr, _ := t.Zone()
	if len(abbr) == 3 && (abbr[1] == 'S' || abbr[1] == 'D') && abbr[2] == 'T' {
		return abbr[:1] + "T"
	}
	return abbr
}
