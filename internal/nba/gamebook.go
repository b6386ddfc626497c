package nba

import "cloud.google.com/go/civil"

// gamebookIndex knows which games each player has a gamebook row for (the
// "actual" side of completeness, A.2.11) and the first invalid row of each
// player, over rows dated in [from, to).
type gamebookIndex struct {
	games map[playerGame]bool
	bad   map[string]error
}

type playerGame struct{ player, game string }

func newGamebookIndex(rows []GamebookEntry, from, to civil.Date) gamebookIndex {
	ix := gamebookIndex{games: make(map[playerGame]bool, len(rows)), bad: map[string]error{}}
	for i := range rows {
		e := &rows[i]
		if !e.GameDate.Before(to) || e.GameDate.Before(from) {
			continue
		}
		if err := e.Validate(); err != nil && ix.bad[e.PlayerLookup] == nil {
			ix.bad[e.PlayerLookup] = err
		}
		ix.games[playerGame{e.PlayerLookup, e.GameID}] = true
	}
	return ix
}

// recorded reports, for one player, whether a game has a gamebook row.
func (ix gamebookIndex) recorded(player string) func(gameID string) bool {
	return func(gameID string) bool { return ix.games[playerGame{player, gameID}] }
}
