package league

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
)

var lookupPattern = regexp.MustCompile(`^[a-z0-9]+$`)

func TestLookupOf(t *testing.T) {
	tests := []struct{ name, want string }{
		{"LeBron James", "lebronjames"},
		{"De'Aaron Fox", "deaaronfox"},
		{"Jonas Valančiūnas", "jonasvalanciunas"},
		{"Dario Šarić", "dariosaric"},
		{"Dennis Schröder", "dennisschroder"},
		{"Jaren Jackson Jr.", "jarenjacksonjr"},
		{"Shai Gilgeous-Alexander", "shaigilgeousalexander"},
		{"Jeff St. Claire", "jeffstclaire"},
	}
	for _, tt := range tests {
		if got := lookupOf(tt.name); got != tt.want {
			t.Errorf("lookupOf(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEveryNameHasAUniqueLookup(t *testing.T) {
	seen := map[string]string{}
	for _, f := range firstNames {
		for _, l := range lastNames {
			name := f + " " + l
			lookup := lookupOf(name)
			if !lookupPattern.MatchString(lookup) || strings.HasSuffix(lookup, lookupOf(nameSuffix)) {
				t.Errorf("%q: lookup %q", name, lookup)
			}
			if other, dup := seen[lookup]; dup {
				t.Errorf("%q and %q share lookup %q", name, other, lookup)
			}
			seen[lookup] = name
		}
	}
}

func TestRegistry(t *testing.T) {
	ds := season(t)
	et := eastern(t)
	first, last := ds.Schedule[0].StartUTC.In(et), ds.Schedule[len(ds.Schedule)-1].StartUTC.In(et)
	names := map[string]bool{}
	for i, p := range ds.Players {
		if !lookupPattern.MatchString(p.PlayerLookup) || p.PlayerLookup != lookupOf(p.PlayerName) {
			t.Errorf("%q: lookup %q", p.PlayerName, p.PlayerLookup)
		}
		if i > 0 && ds.Players[i-1].PlayerLookup >= p.PlayerLookup {
			t.Errorf("registry not sorted or duplicated at %q", p.PlayerLookup)
		}
		if names[p.PlayerName] {
			t.Errorf("two players named %q", p.PlayerName)
		}
		names[p.PlayerName] = true
		if p.UniversalPlayerID == nil || *p.UniversalPlayerID != p.PlayerLookup+"_001" {
			t.Errorf("%s: universal id %v", p.PlayerLookup, p.UniversalPlayerID)
		}
		if p.BirthDate == nil {
			t.Fatalf("%s: no birth date", p.PlayerLookup)
		}
		young := (&player{birth: *p.BirthDate}).ageOn(civil.DateOf(first))
		old := (&player{birth: *p.BirthDate}).ageOn(civil.DateOf(last))
		if young < 19 || old > 38 {
			t.Errorf("%s: aged %d to %d over the season, want 19 to 38", p.PlayerLookup, young, old)
		}
	}
	// Every player who appears anywhere is in the registry.
	for _, pg := range ds.PlayerGames {
		if !names[pg.PlayerName] {
			t.Fatalf("%s plays but is not in the registry", pg.PlayerName)
		}
	}
}

func TestPlayersOutliveASeason(t *testing.T) {
	const seed = 11
	this := leaguePlayers(seed, 2024, defaultPlayersPerTeam)
	next := leaguePlayers(seed, 2025, defaultPlayersPerTeam)
	other := leaguePlayers(seed+1, 2024, defaultPlayersPerTeam)
	births := map[string]civil.Date{}
	for _, ps := range this {
		for _, p := range ps {
			births[p.lookup] = p.birth
		}
	}
	kept, total := 0, 0
	for _, ps := range next {
		for _, p := range ps {
			total++
			if b, ok := births[p.lookup]; ok {
				kept++
				if b != p.birth {
					t.Errorf("%s: born %s in one season, %s in the next", p.lookup, b, p.birth)
				}
			}
		}
	}
	if share := float64(kept) / float64(total); share < 0.75 || share == 1 {
		t.Errorf("%.2f of players kept from one season to the next, want most but not all", share)
	}
	shared := 0
	for _, ps := range other {
		for _, p := range ps {
			if _, ok := births[p.lookup]; ok {
				shared++
			}
		}
	}
	if shared > total/10 {
		t.Errorf("another seed shares %d of %d players", shared, total)
	}
}

func TestRosters(t *testing.T) {
	ds := season(t)
	opener := ds.Schedule[0].GameDate
	perDate := map[civil.Date]map[string]int{}
	for _, r := range ds.Rosters {
		if r.BirthDate != nil || r.Age != nil {
			t.Fatalf("%s %s: birth date and age must be NULL", r.RosterDate, r.PlayerLookup)
		}
		if perDate[r.RosterDate] == nil {
			perDate[r.RosterDate] = map[string]int{}
		}
		perDate[r.RosterDate][r.TeamAbbr]++
	}
	if _, ok := perDate[opener.AddDays(-7)]; !ok {
		t.Errorf("no roster a week before the opener %s", opener)
	}
	if len(perDate) < 6 {
		t.Errorf("%d roster dates, want the preseason and each month", len(perDate))
	}
	for d, teams := range perDate {
		if d.Day != 1 && d != opener.AddDays(-7) {
			t.Errorf("roster dated %s", d)
		}
		if len(teams) != numTeams {
			t.Errorf("%s: %d teams", d, len(teams))
		}
		for team, n := range teams {
			if n != defaultPlayersPerTeam {
				t.Errorf("%s %s: %d players", d, team, n)
			}
		}
	}
}

func TestTeams(t *testing.T) {
	want := strings.Fields("ATL BOS BKN CHA CHI CLE DAL DEN DET GSW HOU IND LAC LAL MEM MIA MIL MIN NOP NYK OKC ORL PHI PHX POR SAC SAS TOR UTA WAS")
	teams := Teams()
	if len(teams) != len(want) {
		t.Fatalf("%d teams, want %d", len(teams), len(want))
	}
	zones := map[string]string{"TOR": "America/Toronto", "PHX": "America/Phoenix", "DEN": "America/Denver", "LAL": "America/Los_Angeles", "NYK": "America/New_York", "CHI": "America/Chicago"}
	for i, a := range teams {
		if a.TeamAbbr != want[i] {
			t.Errorf("team %d = %s, want %s", i, a.TeamAbbr, want[i])
		}
		if _, err := time.LoadLocation(a.IANATimeZone); err != nil {
			t.Errorf("%s: zone %q: %v", a.TeamAbbr, a.IANATimeZone, err)
		}
		if z, ok := zones[a.TeamAbbr]; ok && a.IANATimeZone != z {
			t.Errorf("%s: zone %s, want %s", a.TeamAbbr, a.IANATimeZone, z)
		}
		if a.ArenaName == "" || a.Latitude < 25 || a.Latitude > 46 || a.Longitude < -123 || a.Longitude > -71 {
			t.Errorf("%s: arena %+v", a.TeamAbbr, a)
		}
	}
	conferences := map[string]int{}
	divisions := map[string]int{}
	for _, f := range franchises {
		conferences[f.conference]++
		divisions[f.division]++
	}
	if conferences["East"] != 15 || conferences["West"] != 15 || len(divisions) != 6 {
		t.Errorf("conferences %v, divisions %v", conferences, divisions)
	}
	for d, n := range divisions {
		if n != 5 {
			t.Errorf("division %s has %d teams", d, n)
		}
	}
	if ds := season(t); len(ds.Arenas) != numTeams {
		t.Errorf("dataset has %d arenas", len(ds.Arenas))
	}
}
