package nba

import "cloud.google.com/go/civil"

// ContextInputs are the rows the context processor reads for a chunk of
// players on one date. The warehouse loads them in one query per table. A
// player's row depends only on rows keyed by that player, the player's team,
// the opponent or the game, never on which other players share the chunk, so
// the warehouse must load complete sets for those keys:
//
//   - Schedule: every game of the season of Date (read forward too) of the
//     chunk's teams and of their opponents on Date.
//   - PlayerGames: rows dated in [Date-30, Date) of the chunk's players, and
//     rows dated in [SeasonStart, Date) with a team of the chunk of the
//     players whom the injury report for Date lists on such a team (the
//     teammates who may be out).
//   - Gamebook: rows of the chunk's players dated in [SeasonStart, Date)
//     that ContextWindows can count (WindowReach): rows of each chunk
//     team's final games of the season that are among its last 10 by date
//     (ties included) or dated in [Date-30, Date); every row of a player
//     planned without a team; and every row Validate refuses.
//   - TeamGames: each of the chunk's teams' and their opponents' on Date
//     OpponentGames latest rows dated in [SeasonStart, Date), every row
//     dated like the last of them included.
//   - OddsProps, BettingProsProps: rows of the chunk's players for Date.
//   - GameLines: rows of the games on Date of the chunk's teams.
//   - Rosters: rows of the chunk's players dated on or before Date.
//   - Injuries: every report for games on Date, all teams.
//   - Players: registry rows of the chunk's players.
//   - Arenas: every arena (they are also the list of known teams).
//   - Attempts: the chunk's players' reprocess attempts on Date.
//
// Rows the point-in-time rule forbids (results on or after Date, snapshots
// after tipoff) may be present: the computation ignores them. The windowed
// bounds (docs/design.md, windowed reads) hold every row a window of the
// computation can see and every row that can fail a player, so the rows
// computed are those of the whole season to date; more rows may be present.
type ContextInputs struct {
	Date             civil.Date
	SeasonStart      civil.Date
	Schedule         []ScheduledGame
	PlayerGames      []PlayerGame
	Gamebook         []GamebookEntry
	TeamGames        []TeamGame
	OddsProps        []OddsProp
	BettingProsProps []BettingProsProp
	GameLines        []GameLineSnapshot
	Rosters          []RosterEntry
	Injuries         []InjuryReport
	Players          []Player
	Arenas           []Arena
	Attempts         []ReprocessAttempt
}

// ShotZoneInputs are the rows the shot-zone processor reads for a chunk of
// players on one date:
//
//   - PlayerGames: rows of the chunk's players dated in [SeasonStart, Date)
//     on or after the date of each one's ZoneGames-th latest qualifying
//     game (all of them when he has fewer), and every older one that can
//     fail him, since his season is validated whole: a row Validate
//     refuses, or one of two rows on a date. In any order: each player's
//     rows are ordered here, newest first, then by game id.
//   - Gamebook: rows of the chunk's players dated in [SeasonStart, Date)
//     that WindowShotZone can count: rows of each chunk team's last 10
//     final games of the season by date (ties included), every row of a
//     player planned without a team, and every row Validate refuses.
//   - Schedule: the games of those windows.
//   - Players: registry rows of the chunk's players.
//   - Arenas: every arena (the list of known teams).
//   - Attempts: the chunk's players' reprocess attempts on Date.
type ShotZoneInputs struct {
	Date        civil.Date
	SeasonStart civil.Date
	PlayerGames []PlayerGame
	Gamebook    []GamebookEntry
	Schedule    []ScheduledGame
	Players     []Player
	Arenas      []Arena
	Attempts    []ReprocessAttempt
}

// Dataset holds input rows of every input table: what the synthetic league
// generates, what a seed or a CSV import loads into the warehouse.
type Dataset struct {
	Schedule         []ScheduledGame
	PlayerGames      []PlayerGame
	Gamebook         []GamebookEntry
	TeamGames        []TeamGame
	OddsProps        []OddsProp
	BettingProsProps []BettingProsProp
	GameLines        []GameLineSnapshot
	Rosters          []RosterEntry
	Injuries         []InjuryReport
	Players          []Player
	Arenas           []Arena
}
