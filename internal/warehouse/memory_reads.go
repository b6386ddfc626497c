package warehouse

import (
	"context"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// MemoryReader is a Reader that may answer reads of box scores from a
// season it keeps in memory (SQLite does while a process reads date after
// date of one). Each method returns what the query it replaces would, and
// false when the season is not in memory: Reads then runs the query.
type MemoryReader interface {
	// ShotZoneCandidates is nba.ShotZoneCandidates over the season.
	ShotZoneCandidates(ctx context.Context, date, seasonStart civil.Date) ([]nba.ShotZoneCandidate, bool)
	// ContextBoxScores is what contextPlayerGames reads, given every
	// injury report for date.
	ContextBoxScores(ctx context.Context, date, seasonStart civil.Date, players, teams []string,
		injuries []nba.InjuryReport) ([]nba.PlayerGame, bool)
}

// contextBoxScores reads the injury reports for in.Date and the chunk's
// box scores (contextPlayerGames) into in: from memory, given the reports,
// where the Reader keeps the season, else both queries at once.
func (r Reads) contextBoxScores(ctx context.Context, in *nba.ContextInputs, players, teams []string) error {
	date := in.Date
	injuries := func() (err error) {
		in.Injuries, err = read[nba.InjuryReport](ctx, r.R, rowsOn(r.D, Injuries, date, nil), date)
		return err
	}
	boxScores := func() (err error) {
		in.PlayerGames, err = read[nba.PlayerGame](ctx, r.R, contextPlayerGames(r.D, date, in.SeasonStart, players, teams), date)
		return err
	}
	mr, ok := r.R.(MemoryReader)
	if !ok {
		return parallel(injuries, boxScores)
	}
	if err := injuries(); err != nil {
		return err
	}
	if rows, ok := mr.ContextBoxScores(ctx, date, in.SeasonStart, players, teams, in.Injuries); ok {
		in.PlayerGames = rows
		return nil
	}
	return boxScores()
}
