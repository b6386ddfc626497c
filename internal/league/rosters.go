package league

import (
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// rosterDates are the days the roster feed was scraped: a week before the
// opener and the first of each month of the season.
func rosterDates(cal calendar) []civil.Date {
	out := []civil.Date{cal.opener.AddDays(-7)}
	for d := (civil.Date{Year: cal.season, Month: time.November, Day: 1}); !d.After(cal.end); d = d.AddMonths(1) {
		out = append(out, d)
	}
	return out
}

// rosterRows writes every team's roster on each scrape date. The feed leaves
// birth date and age empty; readers take them from the registry.
func rosterRows(ds *nba.Dataset, cal calendar, rosters [numTeams][]*player) {
	for _, d := range rosterDates(cal) {
		for t, ps := range rosters {
			for _, p := range ps {
				ds.Rosters = append(ds.Rosters, nba.RosterEntry{
					RosterDate:   d,
					TeamAbbr:     franchises[t].abbr,
					PlayerLookup: p.lookup,
				})
			}
		}
	}
}

// registryRows writes the players registry: every rostered player with his
// birth date and universal id, sorted by lookup.
func registryRows(ds *nba.Dataset, rosters [numTeams][]*player) {
	for _, ps := range rosters {
		for _, p := range ps {
			ds.Players = append(ds.Players, nba.Player{
				PlayerLookup:      p.lookup,
				PlayerName:        p.name,
				BirthDate:         ptr(p.birth),
				UniversalPlayerID: ptr(p.lookup + "_001"),
			})
		}
	}
	slices.SortFunc(ds.Players, func(a, b nba.Player) int { return strings.Compare(a.PlayerLookup, b.PlayerLookup) })
}
