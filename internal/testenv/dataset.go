package testenv

import (
	"cmp"
	"slices"
	"sync"
	"testing"

	"cloud.google.com/go/civil"

	"nbaflow/internal/league"
	"nbaflow/internal/nba"
)

var (
	datasetOnce sync.Once
	dataset     *nba.Dataset
	datasetErr  error
)

// Dataset returns the synthetic season the seeded warehouse holds,
// generated once per test binary. It is shared: copy a row before changing
// it, and store the change with LoadDataset.
func Dataset(t testing.TB) *nba.Dataset {
	t.Helper()
	datasetOnce.Do(func() { dataset, datasetErr = league.Generate(league.Config{SeasonYear: SeasonYear, Seed: Seed}) })
	if datasetErr != nil {
		t.Fatalf("generate the synthetic season: %v", datasetErr)
	}
	return dataset
}

// PlayersOn returns players with minutes on date, one per game of the
// date, in game order, and none on the date's injury report. Players of
// different games share no team, and the context processor reads the
// history of a teammate only when the injury report lists him, so a bad row
// of one of them fails that player alone.
func PlayersOn(ds *nba.Dataset, date civil.Date) []string {
	seen := map[string]bool{}
	for _, r := range ds.Injuries {
		if r.GameDate == date {
			seen[r.PlayerLookup] = true
		}
	}
	var players []string
	for _, g := range ds.PlayerGames {
		if g.GameDate == date && g.MinutesPlayed > 0 && !seen[g.GameID] && !seen[g.PlayerLookup] {
			seen[g.GameID] = true
			players = append(players, g.PlayerLookup)
		}
	}
	return players
}

// GamesBefore returns a copy of player's box scores dated before date,
// latest first.
func GamesBefore(ds *nba.Dataset, player string, date civil.Date) []nba.PlayerGame {
	var games []nba.PlayerGame
	for _, g := range ds.PlayerGames {
		if g.PlayerLookup == player && g.GameDate.Before(date) {
			games = append(games, g)
		}
	}
	slices.SortFunc(games, func(a, b nba.PlayerGame) int {
		return cmp.Or(b.GameDate.Compare(a.GameDate), cmp.Compare(a.GameID, b.GameID))
	})
	return games
}
