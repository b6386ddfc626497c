package league

import (
	"nbaflow/internal/nba"
)

// Gamebook statuses, lowercase as the gamebook schema documents them.
const (
	gamebookActive   = "active"
	gamebookDNP      = "dnp"
	gamebookInactive = "inactive"
)

// playByPlayGap is the share of games whose play-by-play is missing, which
// leaves their zone and assisted columns NULL, as in the real feeds.
const playByPlayGap = 0.01

// boxRows writes one team's side of a finished game: a box score for every
// player who played, a gamebook entry for every rostered player (active with
// minutes, dnp, or inactive) and the team summary.
func boxRows(ds *nba.Dataset, gm game, b, opp *box, isHome bool, inactive func(slot int) bool, zonesMissing bool) {
	tm, ot := b.total(), opp.total()
	teamMin := float64(tm.tenths) / 10
	teamLoad := float64(tm.fga()) + 0.44*float64(tm.ftA) + float64(tm.tov)
	for s, p := range b.players {
		l := b.lines[s]
		entry := nba.GamebookEntry{
			GameID:       gm.id,
			GameDate:     gm.date,
			PlayerLookup: p.lookup,
			TeamAbbr:     franchises[b.team].abbr,
		}
		switch {
		case inactive(s):
			entry.PlayerStatus = gamebookInactive
		case l.tenths == 0:
			entry.PlayerStatus = gamebookDNP
		default:
			entry.PlayerStatus = gamebookActive
			entry.MinutesPlayed = ptr(float64(l.tenths) / 10)
		}
		ds.Gamebook = append(ds.Gamebook, entry)
		if l.tenths == 0 {
			continue
		}
		minutes := float64(l.tenths) / 10
		// Usage rate: the share of team plays the player used while on the
		// floor.
		usage := 100 * (float64(l.fga()) + 0.44*float64(l.ftA) + float64(l.tov)) * (teamMin / 5) / (minutes * teamLoad)
		row := nba.PlayerGame{
			GameID:            gm.id,
			GameDate:          gm.date,
			PlayerLookup:      p.lookup,
			PlayerName:        p.name,
			TeamAbbr:          franchises[b.team].abbr,
			OpponentTeamAbbr:  franchises[opp.team].abbr,
			IsHome:            isHome,
			MinutesPlayed:     minutes,
			Points:            ptr(float64(l.points())),
			FGMakes:           float64(l.fgm()),
			FGAttempts:        float64(l.fga()),
			ThreePtMakes:      float64(l.threeM),
			ThreePtAttempts:   float64(l.threeA),
			FTMakes:           float64(l.ftM),
			FTAttempts:        float64(l.ftA),
			OffensiveRebounds: float64(l.orb),
			DefensiveRebounds: float64(l.drb),
			Assists:           float64(l.ast),
			UsageRate:         ptr(nba.Round(usage, 1)),
		}
		// A player without a shot has no zone to place; a game without
		// play-by-play has none for anyone.
		if l.fga() > 0 && !zonesMissing {
			row.PaintAttempts, row.PaintMakes = ptr(float64(l.paintA)), ptr(float64(l.paintM))
			row.MidRangeAttempts, row.MidRangeMakes = ptr(float64(l.midA)), ptr(float64(l.midM))
			row.AssistedFGMakes = ptr(float64(l.assisted))
			row.UnassistedFGMakes = ptr(float64(l.fgm() - l.assisted))
		}
		ds.PlayerGames = append(ds.PlayerGames, row)
	}

	// Possessions by the box-score estimate; pace scales them to 48
	// minutes, so overtime games are not counted as fast.
	poss := nba.Round(float64(tm.fga()-tm.orb+tm.tov)+0.44*float64(tm.ftA), 1)
	ds.TeamGames = append(ds.TeamGames, nba.TeamGame{
		GameID:           gm.id,
		GameDate:         gm.date,
		TeamAbbr:         franchises[b.team].abbr,
		OpponentTeamAbbr: franchises[opp.team].abbr,
		Possessions:      poss,
		Pace:             nba.Round(poss*48/(teamMin/5), 1),
		OffensiveRating:  nba.Round(float64(tm.points())/poss*100, 1),
		DefensiveRating:  nba.Round(float64(ot.points())/poss*100, 1),
		Rebounds:         float64(tm.orb + tm.drb),
		OppFTAttempts:    float64(ot.ftA),
		Points:           float64(tm.points()),
	})
}

// ptr returns a pointer to a copy of v, for nullable columns.
func ptr[T any](v T) *T { return &v }
