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
	// ContextBoxScores is what contextPlayerGames reads.
	ContextBoxScores(ctx context.Context, date, seasonStart civil.Date, players, teams []string) ([]nba.PlayerGame, bool, error)
}

// ShotZoneCandidates implements Warehouse: the shot-zone universe of date,
// from memory where the Reader keeps the season, else summed in the
// warehouse.
func (r Reads) ShotZoneCandidates(ctx context.Context, date, seasonStart civil.Date) ([]nba.ShotZoneCandidate, error) {
	if mr, ok := r.R.(MemoryReader); ok {
		if cands, ok := mr.ShotZoneCandidates(ctx, date, seasonStart); ok {
			return cands, nil
		}
	}
	return read[nba.ShotZoneCandidate](ctx, r.R, shotZoneCandidates(r.D, date, seasonStart), date)
}

// contextBoxScores reads the box scores of a context chunk
// (contextPlayerGames): from memory where the Reader keeps the season,
// else through the query.
func (r Reads) contextBoxScores(ctx context.Context, date, seasonStart civil.Date, players, teams []string) ([]nba.PlayerGame, error) {
	if mr, ok := r.R.(MemoryReader); ok {
		if rows, ok, err := mr.ContextBoxScores(ctx, date, seasonStart, players, teams); ok || err != nil {
			return rows, readError(PlayerGames, date, err)
		}
	}
	return read[nba.PlayerGame](ctx, r.R, contextPlayerGames(r.D, date, seasonStart, players, teams), date)
}
