// Package league generates a deterministic synthetic NBA league: one regular
// season of schedule, box scores, gamebook entries, team summaries, injury
// reports, player points props, game lines, roster snapshots and the player
// registry, in the row types of internal/nba.
//
// The league exists so that the pipeline can be demonstrated, tested and
// benchmarked end to end without the real data sources. The same seed and
// season always give the same dataset, byte for byte; player identities depend
// on the seed only, so two seasons of one seed share their players, one year
// older.
//
// The rows are internally consistent the way real data is (team points equal
// the final score, zone attempts add up to field-goal attempts, an inactive
// player has no box score, props and lines are snapshotted before tipoff
// except one deliberate in-game snapshot), so that consumers can be tested
// against them.
//
// The package imports only the standard library, cloud.google.com/go/civil and
// internal/nba. It must not import Temporal, database/sql or
// internal/warehouse: loading a dataset into a warehouse is the caller's job.
package league
