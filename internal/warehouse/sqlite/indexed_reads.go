package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// This file is the warehouse.IndexedReader of SQLite: the two reads that
// validate a player's season, his shot-zone box scores and his windowed
// gamebook, find the rows that can fail him through indexes (migration 4)
// instead of testing every row of the season.
//
// The shot-zone processor validates a player's whole season
// (docs/domain.md A.2.1), but its windows read only his nba.ZoneGames
// latest qualifying games; so each player's rows since the date of that
// game are read whole, and of the older rows only those that can fail him:
//
//   - a row BoxScoreChecks refuses: the partial index zoneRefusedIndex
//     holds exactly those;
//   - a row of a date the player has two rows on, or whose team is unknown
//     (not in arenas): a GROUP BY over the covering index zoneCheckIndex,
//     which also gives each player's bound without reading a row.
//
// Decoding a row costs more than finding it, so late in a season this reads
// about half the rows the season read did; early on, when no player has
// nba.ZoneGames qualifying games, it reads the same rows. The gamebook read
// is three parts, each through its own index (gamebookThroughIndexes).

// zoneCheckColumns are the columns of zoneCheckIndex: a player's dates with
// what the bound and the checks need of each row.
var zoneCheckColumns = []string{"player_lookup", "game_date", "team_abbr", "minutes_played", "fg_attempts"}

const (
	zoneCheckIndex   = "player_game_summary_zone_checks"
	zoneRefusedIndex = "player_game_summary_refused"
	// gamebookRefusedIndex holds the gamebook rows nba refuses, for
	// gamebookThroughIndexes.
	gamebookRefusedIndex = "gamebook_player_stats_refused"
)

// refusedIndexDDL creates the indexes of migration 4: those of the zone
// reads, and the gamebook's refused rows for its windowed read. A partial
// index serves a query only while the query's condition is the same
// expression (TestReadsUseTheirIndexes fails otherwise).
func refusedIndexDDL() []string {
	t := warehouse.PlayerGames.Name
	return []string{
		"CREATE INDEX IF NOT EXISTS " + zoneCheckIndex + " ON " + t + " (" + strings.Join(zoneCheckColumns, ", ") + ")",
		"CREATE INDEX IF NOT EXISTS " + zoneRefusedIndex + " ON " + t + " (player_lookup, game_date) WHERE " + zoneRefused(),
		"CREATE INDEX IF NOT EXISTS " + gamebookRefusedIndex + " ON " + warehouse.Gamebook.Name + " (player_lookup, game_date) WHERE " +
			warehouse.RefusedGamebook(Dialect{}),
	}
}

// zoneRefused is true for the box scores BoxScoreChecks refuses or that do
// not decode as a bool where one is stored (SQLite keeps any integer).
func zoneRefused() string {
	checks := []string{warehouse.BoxScoreChecks(Dialect{})}
	for _, c := range warehouse.PlayerGames.Columns() {
		if c.Kind == warehouse.KindBool {
			checks = append(checks, c.Name+" IN (0, 1)")
		}
	}
	return "NOT (" + strings.Join(checks, " AND ") + ")"
}

// zoneBoundsQuery gives each of @players the date of his @skip+1-th latest
// qualifying game dated in [@from, @to), NULL when he has fewer.
var zoneBoundsQuery = "SELECT p.value, (SELECT q.game_date FROM " + warehouse.PlayerGames.Name + " q" +
	" WHERE q.player_lookup = p.value AND q.game_date >= @from AND q.game_date < @to AND " +
	warehouse.QualifyingOf(Dialect{}, "q.") + " ORDER BY q.game_date DESC LIMIT 1 OFFSET @skip) FROM json_each(@players) p"

// zoneRowsQuery reads, for each [player, since] of @bounds, his rows dated
// in [since, @to) and those dated in [@from, since) that can fail him:
// refused rows, and the rows of a date with two rows or an unknown team.
var zoneRowsQuery = func() string {
	t := warehouse.PlayerGames.Name
	cols := warehouse.AliasedColumns(warehouse.PlayerGames, "g.")
	bounds := "WITH bounds AS (SELECT value->>0 AS p, value->>1 AS since FROM json_each(@bounds)) "
	recent := "SELECT " + cols + " FROM bounds b JOIN " + t + " g ON g.player_lookup = b.p AND g.game_date >= b.since AND g.game_date < @to"
	refused := "SELECT " + cols + " FROM bounds b JOIN " + t + " g INDEXED BY " + zoneRefusedIndex + " ON g.player_lookup = b.p AND g.game_date >= @from AND g.game_date < b.since" +
		" WHERE " + zoneRefused()
	odd := "SELECT o.player_lookup AS op, o.game_date AS od FROM bounds b JOIN " + t + " o INDEXED BY " + zoneCheckIndex +
		" ON o.player_lookup = b.p AND o.game_date >= @from AND o.game_date < b.since" +
		" GROUP BY o.player_lookup, o.game_date HAVING COUNT(*) > 1 OR MAX(o.team_abbr NOT IN (SELECT team_abbr FROM " + warehouse.Arenas.Name + "))"
	oddRows := "SELECT " + cols + " FROM (" + odd + ") x JOIN " + t + " g ON g.player_lookup = x.op AND g.game_date = x.od" +
		" WHERE NOT " + zoneRefused()
	return bounds + recent + " UNION ALL " + refused + " UNION ALL " + oddRows
}()

// zoneBounds is zoneBoundsQuery with its parameters.
func zoneBounds(from, to civil.Date, players []string) warehouse.Query {
	return warehouse.Query{Text: zoneBoundsQuery, Args: []warehouse.Arg{warehouse.Named("players", players),
		warehouse.Named("from", from), warehouse.Named("to", to), warehouse.Named("skip", int64(nba.ZoneGames-1))}}
}

// zoneRows is zoneRowsQuery with its parameters; bounds is a JSON array
// of [player, since] pairs.
func zoneRows(bounds string, from, to civil.Date) warehouse.Query {
	return warehouse.Query{Text: zoneRowsQuery, Args: []warehouse.Arg{
		warehouse.Named("bounds", bounds), warehouse.Named("from", from), warehouse.Named("to", to)}}
}

// ZoneHistory implements warehouse.IndexedReader.
func (r reader) ZoneHistory(ctx context.Context, from, to civil.Date, players []string) ([]nba.PlayerGame, error) {
	if s, ok := r.boxScores(ctx, from, to); ok {
		return s.between(from, to, players, nil), nil
	}
	bounds, err := r.zoneBounds(ctx, from, to, players)
	if err != nil {
		return nil, err
	}
	text, err := json.Marshal(bounds)
	if err != nil {
		return nil, err
	}
	var rows []nba.PlayerGame
	sel := warehouse.Select{Query: zoneRows(string(text), from, to), Table: warehouse.PlayerGames, Columns: warehouse.PlayerGames.Columns()}
	if err := r.Select(ctx, sel, &rows); err != nil {
		return nil, err
	}
	return rows, nil
}

// zoneBounds returns [player, since] for each of players: the date from
// which his rows are read whole, from when he has fewer than
// nba.ZoneGames qualifying games.
func (r reader) zoneBounds(ctx context.Context, from, to civil.Date, players []string) ([][2]string, error) {
	rows, err := r.query(ctx, zoneBounds(from, to, players))
	if err != nil {
		return nil, fmt.Errorf("bounds of the zone windows: %w", err)
	}
	defer rows.Close()
	bounds := make([][2]string, 0, len(players))
	for rows.Next() {
		var player string
		var since sql.NullString
		if err := rows.Scan(&player, &since); err != nil {
			return nil, err
		}
		b := [2]string{player, from.String()}
		if since.Valid {
			b[1] = since.String
		}
		bounds = append(bounds, b)
	}
	return bounds, rows.Err()
}

// WindowedGamebook implements warehouse.IndexedReader.
func (r reader) WindowedGamebook(ctx context.Context, from, to civil.Date, players, teams, unteamed []string,
	windows []nba.CompletenessWindow) ([]nba.GamebookEntry, error) {
	if s, ok := r.gamebook(ctx, from, to); ok {
		return r.gamebookInWindows(ctx, s, from, to, players, teams, unteamed, windows)
	}
	var rows []nba.GamebookEntry
	if err := r.Select(ctx, gamebookThroughIndexes(from, to, players, teams, unteamed, windows), &rows); err != nil {
		return nil, err
	}
	return rows, nil
}

// gamebookThroughIndexes reads what warehouse's one-pass windowed gamebook
// read does, in three parts, each through its own index, none repeating
// another's rows: the rows of the window games (the window games first,
// each looked up by the key; the + keeps the player list from choosing the
// key's second column), every row of the unteamed players, and the refused
// rows of the others (gamebookRefusedIndex).
func gamebookThroughIndexes(from, to civil.Date, players, teams, unteamed []string, windows []nba.CompletenessWindow) warehouse.Select {
	d := Dialect{}
	games, args := warehouse.WindowGames(d, to, teams, windows)
	args = append(args, warehouse.Named("from", from), warehouse.Named("players", players), warehouse.Named("unteamed", unteamed))
	t, cols := warehouse.Gamebook.Name, warehouse.AliasedColumns(warehouse.Gamebook, "")
	dates := "game_date >= @from AND game_date < @to AND "
	inWindow := "game_id IN (" + games + ")"
	unteamedIn := d.InList("player_lookup", "unteamed")
	text := "SELECT " + warehouse.AliasedColumns(warehouse.Gamebook, "g.") + " FROM (SELECT DISTINCT game_id FROM (" + games + ")) w" +
		" CROSS JOIN " + t + " g ON g.game_id = w.game_id WHERE g." + dates + d.InList("+g.player_lookup", "players") +
		" UNION ALL SELECT " + cols + " FROM " + t + " WHERE " + dates + unteamedIn + " AND NOT " + inWindow +
		" UNION ALL SELECT " + cols + " FROM " + t + " WHERE " + dates + d.InList("player_lookup", "players") +
		" AND " + warehouse.RefusedGamebook(d) + " AND NOT " + unteamedIn + " AND NOT " + inWindow +
		" ORDER BY player_lookup DESC, game_date DESC, game_id DESC"
	return warehouse.Select{Query: warehouse.Query{Text: text, Args: args}, Table: warehouse.Gamebook, Columns: warehouse.Gamebook.Columns()}
}
