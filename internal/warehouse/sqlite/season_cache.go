package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"sync"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// This file keeps a season's box scores and gamebook rows in memory while a
// process reads date after date of it (a backfill), so that each row is
// decoded once instead of once for every later date whose windows reach
// it: those two reads validate a player's season and were most of a
// backfill's time.
//
// A season is loaded when its reads ask for a second date while the inputs
// are unchanged, so that a run of one date (the nightly run, a rerun) reads
// through the indexes as before and loads nothing it does not need. The
// rows are kept only while the inputs file is unchanged: every read first
// asks inputsWatch (inputs_watch.go), which sees a commit to the file by
// any other connection, of this process or another (an import).
//
// Served from memory, the shot-zone box scores are every row of the
// chunk's players in the season to date, more than the indexed read
// returns, which warehouse.IndexedReader allows (nba computes the same
// rows from the season to date: TestWindowedReadsComputeTheSeason); every
// other read returns the rows its query would (memory_reads.go).

// seasonRows is one input table's rows, by season and player, while the
// inputs stay at one epoch.
type seasonRows[T any] struct {
	table  *warehouse.Table
	player func(*T) string
	date   func(*T) civil.Date

	mu      sync.Mutex
	epoch   uint64
	seasons map[civil.Date]*season[T] // by the season's start
	uses    uint64                    // counts the requests, to find the season least recently used
	loads   int                       // counts loads, for tests
}

// maxSeasons bounds the seasons kept: a backfill over several seasons
// reads a few at once (one child workflow's dates each), and a season is
// tens of megabytes.
const maxSeasons = 3

// season is one season's rows, or what is known before they are loaded.
type season[T any] struct {
	firstTo  civil.Date // the first date read, before any load
	loading  bool
	failed   bool // the load failed at this epoch: read through SQL
	all      []T  // grouped by player, each one's newest first
	byPlayer map[string][]T
	date     func(*T) civil.Date
	used     uint64
}

// seasonEnd is where rows stop counting for a season that starts on from:
// the next season's October 1.
func seasonEnd(from civil.Date) civil.Date {
	return civil.Date{Year: nba.SeasonYear(from) + 1, Month: time.October, Day: 1}
}

// loaded returns the season that starts on from, loaded, and false when it
// is not in memory at epoch: the caller reads through SQL. A request for a
// second date of the season (to) loads it, with r.
func (c *seasonRows[T]) loaded(ctx context.Context, r reader, epoch uint64, from, to civil.Date) (*season[T], bool) {
	c.mu.Lock()
	s, ok := c.season(epoch, from, to)
	switch {
	case !ok:
		c.mu.Unlock()
		return nil, false
	case s.byPlayer != nil:
		c.mu.Unlock()
		return s, true
	case s.loading || s.failed || to == s.firstTo:
		c.mu.Unlock()
		return nil, false
	}
	s.loading = true
	c.mu.Unlock()
	all, byPlayer, err := c.load(ctx, r, from)
	c.mu.Lock()
	defer c.mu.Unlock()
	s.loading = false
	if err != nil {
		// A value that does not decode fails only the players whose rows
		// hold it, as the SQL reads scope it; a cancelled load may be
		// tried again.
		s.failed = ctx.Err() == nil
		return nil, false
	}
	if c.seasons[from] != s {
		return nil, false // a newer epoch took over meanwhile
	}
	s.all, s.byPlayer = all, byPlayer
	return s, true
}

// season returns the season that starts on from at epoch, new when it is
// not known, and false when epoch is older than one seen already or to is
// past the season. A newer epoch forgets every season. The caller holds
// c.mu.
func (c *seasonRows[T]) season(epoch uint64, from, to civil.Date) (*season[T], bool) {
	if epoch < c.epoch || to.After(seasonEnd(from)) {
		return nil, false
	}
	if epoch > c.epoch || c.seasons == nil {
		c.epoch, c.seasons = epoch, map[civil.Date]*season[T]{}
	}
	c.uses++
	s := c.seasons[from]
	if s == nil {
		c.evict()
		s = &season[T]{firstTo: to, date: c.date}
		c.seasons[from] = s
	}
	s.used = c.uses
	return s, true
}

// evict forgets the season least recently used when maxSeasons are kept.
// The caller holds c.mu.
func (c *seasonRows[T]) evict() {
	if len(c.seasons) < maxSeasons {
		return
	}
	var oldest civil.Date
	for from, s := range c.seasons {
		if o := c.seasons[oldest]; o == nil || s.used < o.used {
			oldest = from
		}
	}
	delete(c.seasons, oldest)
}

// load reads the season that starts on from, grouped by player.
func (c *seasonRows[T]) load(ctx context.Context, r reader, from civil.Date) ([]T, map[string][]T, error) {
	var rows []T
	if err := r.Select(ctx, warehouse.SeasonRows(Dialect{}, c.table, from, seasonEnd(from)), &rows); err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	c.loads++
	c.mu.Unlock()
	byPlayer := map[string][]T{}
	for start := 0; start < len(rows); {
		p := c.player(&rows[start])
		end := start + 1
		for end < len(rows) && c.player(&rows[end]) == p {
			end++
		}
		byPlayer[p] = rows[start:end:end]
		start = end
	}
	return rows, byPlayer, nil
}

// between copies out the players' rows dated in [from, to) that keep
// accepts (all of them when keep is nil), each player's newest first as
// loaded. A player named twice is served once.
func (s *season[T]) between(from, to civil.Date, players []string, keep func(*T) bool) []T {
	var out []T
	seen := make(map[string]bool, len(players))
	for _, p := range players {
		if seen[p] {
			continue
		}
		seen[p] = true
		span := s.span(p, from, to)
		if keep == nil {
			out = append(out, span...)
			continue
		}
		for i := range span {
			if keep(&span[i]) {
				out = append(out, span[i])
			}
		}
	}
	return out
}

// span is the player's rows dated in [from, to), newest first.
func (s *season[T]) span(player string, from, to civil.Date) []T {
	rows := s.byPlayer[player]
	// Newest first: the rows before to start at lo, those before from at hi.
	lo := sort.Search(len(rows), func(i int) bool { return s.date(&rows[i]).Before(to) })
	hi := sort.Search(len(rows), func(i int) bool { return s.date(&rows[i]).Before(from) })
	return rows[lo:max(lo, hi)]
}

// seasonCache is the two reads served from memory and the watch that keeps
// them current.
type seasonCache struct {
	watch     *inputsWatch
	boxScores *seasonRows[nba.PlayerGame]
	gamebook  *seasonRows[nba.GamebookEntry]
}

// newSeasonCache watches the inputs through watchDB.
func newSeasonCache(watchDB *sql.DB) *seasonCache {
	return &seasonCache{
		watch: newInputsWatch(watchDB),
		boxScores: &seasonRows[nba.PlayerGame]{table: warehouse.PlayerGames,
			player: func(g *nba.PlayerGame) string { return g.PlayerLookup }, date: func(g *nba.PlayerGame) civil.Date { return g.GameDate }},
		gamebook: &seasonRows[nba.GamebookEntry]{table: warehouse.Gamebook,
			player: func(e *nba.GamebookEntry) string { return e.PlayerLookup }, date: func(e *nba.GamebookEntry) civil.Date { return e.GameDate }},
	}
}

// inMemory returns the season that starts on from of the table's
// seasonRows, and false when r must read through SQL: r reads in a
// transaction (which may hold changes of its own), the inputs cannot be
// checked, or the season is not in memory.
func inMemory[T any](ctx context.Context, r reader, table func(*seasonCache) *seasonRows[T], from, to civil.Date) (*season[T], bool) {
	if r.w == nil {
		return nil, false
	}
	epoch, err := r.w.seasons.watch.current(ctx)
	if err != nil {
		return nil, false
	}
	return table(r.w.seasons).loaded(ctx, r, epoch, from, to)
}

// boxScores returns the season's box scores, when in memory.
func (r reader) boxScores(ctx context.Context, from, to civil.Date) (*season[nba.PlayerGame], bool) {
	return inMemory(ctx, r, func(c *seasonCache) *seasonRows[nba.PlayerGame] { return c.boxScores }, from, to)
}

// gamebook returns the season's gamebook rows, when in memory.
func (r reader) gamebook(ctx context.Context, from, to civil.Date) (*season[nba.GamebookEntry], bool) {
	return inMemory(ctx, r, func(c *seasonCache) *seasonRows[nba.GamebookEntry] { return c.gamebook }, from, to)
}
