package nba

import (
	"cmp"

	"cloud.google.com/go/civil"
)

// gamebookIndex holds each player's gamebook rows dated in [from, to),
// newest first: which games he has a row for (the "actual" side of
// completeness, docs/domain.md A.2.11) and whether any of his rows is invalid.
type gamebookIndex struct {
	byPlayer map[string][]GamebookEntry
}

func newGamebookIndex(rows []GamebookEntry, from, to civil.Date) gamebookIndex {
	return gamebookIndex{byPlayer: groupRows(rows,
		func(e *GamebookEntry) bool { return e.GameDate.Before(to) && !e.GameDate.Before(from) },
		func(e *GamebookEntry) string { return e.PlayerLookup },
		func(a, b *GamebookEntry) int {
			// Newest first, then by game id: the first refused row of a
			// date is the same whatever order a warehouse reads them in.
			return cmp.Or(b.GameDate.Compare(a.GameDate), cmp.Compare(b.GameID, a.GameID))
		})}
}

// bad is the first invalid row of a player's, newest first, or nil.
func (ix gamebookIndex) bad(player string) error {
	rows := ix.byPlayer[player]
	for i := range rows {
		if err := rows[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}

// recorded reports, for one player, whether a game has a gamebook row.
// Completeness asks about the team's latest games first, which sit first in
// the player's newest-first rows, so a scan is quicker than a hash set.
func (ix gamebookIndex) recorded(player string) func(gameID string) bool {
	rows := ix.byPlayer[player]
	return func(gameID string) bool {
		for i := range rows {
			if rows[i].GameID == gameID {
				return true
			}
		}
		return false
	}
}
