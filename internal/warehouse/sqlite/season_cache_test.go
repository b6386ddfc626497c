package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/league"
	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/internal/warehouse/warehousetest"
)

// seasonFile is a warehouse file holding the synthetic season, with the
// malformed rows of corruptEarlyRows, and the season's opening date.
func seasonFile(t *testing.T) (path string, ds *nba.Dataset, start civil.Date) {
	t.Helper()
	ds, err := league.Generate(league.Config{SeasonYear: testenv.SeasonYear, Seed: testenv.Seed, PlayersPerTeam: 10})
	if err != nil {
		t.Fatal(err)
	}
	start = opener(ds)
	corruptEarlyRows(ds, start, gameDateFrom(ds, start.AddDays(150)))
	path = filepath.Join(t.TempDir(), "season.db")
	if _, err := openFile(t, path).LoadDataset(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	return path, ds, start
}

// warmed opens path and reads the shot-zone inputs of one player on two
// dates of the season, which loads its box scores and gamebook rows into
// memory; it fails the test when they were not.
func warmed(t *testing.T, path string, ds *nba.Dataset, start civil.Date) *sqlite.Warehouse {
	t.Helper()
	w := openFile(t, path)
	player := []nba.PlannedPlayer{{PlayerLookup: ds.PlayerGames[0].PlayerLookup, TeamAbbr: ds.PlayerGames[0].TeamAbbr}}
	for _, days := range []int{20, 21} {
		if _, err := w.ShotZoneInputs(context.Background(), gameDateFrom(ds, start.AddDays(days)), start, player); err != nil {
			t.Fatal(err)
		}
	}
	if box, gamebook := sqlite.SeasonLoads(w); box != 1 || gamebook != 1 {
		t.Fatalf("two dates of a season read: box scores loaded %d times, gamebook rows %d; want once each", box, gamebook)
	}
	return w
}

// TestSeasonInMemoryReadsAsSQL holds the reads a process answers from a
// season in memory to the queries they replace, on dates across the
// season: the same shot-zone universe, the same context box scores and
// gamebook rows, and the same context and shot-zone rows and failures
// built from what each returns (in memory, a player's whole season of box
// scores to date is returned where the indexed read returns his windows).
func TestSeasonInMemoryReadsAsSQL(t *testing.T) {
	path, ds, start := seasonFile(t)
	ctx := context.Background()
	warm := warmed(t, path, ds, start)
	box, gamebook := sqlite.SeasonLoads(warm)
	for _, days := range []int{35, 60, 120, 150} {
		d := gameDateFrom(ds, start.AddDays(days))
		t.Run(d.String(), func(t *testing.T) {
			cold := openFile(t, path) // reads one date: through SQL
			opts := nba.BuildOptions{Now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), Flags: nba.NewDateFlags(d, start), Mode: nba.RunBackfill}
			gotCands, wantCands := readBoth(t, warm, cold, func(w *sqlite.Warehouse) ([]nba.ShotZoneCandidate, error) {
				return w.ShotZoneCandidates(ctx, d, start)
			})
			if !reflect.DeepEqual(gotCands, wantCands) {
				t.Fatalf("shot-zone universe: %d candidates in memory, %d summed in SQL", len(gotCands), len(wantCands))
			}
			plan, err := cold.PlanInputs(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			players, _ := nba.PlanContextPlayers(plan)
			got, want := readBoth(t, warm, cold, func(w *sqlite.Warehouse) (*nba.ContextInputs, error) {
				return w.ContextInputs(ctx, d, start, players)
			})
			warehousetest.AssertSameRows(t, "context box scores, in memory and through SQL", got.PlayerGames, want.PlayerGames)
			warehousetest.AssertSameRows(t, "context gamebook, in memory and through SQL", got.Gamebook, want.Gamebook)
			sameBuilds(t, players, nba.NewContextBuilder(got, opts).Build, nba.NewContextBuilder(want, opts).Build)
			zonePlayers := nba.PlanShotZoneCandidates(wantCands)
			gotZones, wantZones := readBoth(t, warm, cold, func(w *sqlite.Warehouse) (*nba.ShotZoneInputs, error) {
				return w.ShotZoneInputs(ctx, d, start, zonePlayers)
			})
			warehousetest.AssertSameRows(t, "shot-zone gamebook, in memory and through SQL", gotZones.Gamebook, wantZones.Gamebook)
			sameBuilds(t, zonePlayers, nba.NewShotZoneBuilder(gotZones, opts).Build, nba.NewShotZoneBuilder(wantZones, opts).Build)
		})
	}
	if b, g := sqlite.SeasonLoads(warm); b != box || g != gamebook {
		t.Errorf("the season was loaded again (box scores %d times, gamebook rows %d); want it kept while the inputs are unchanged", b-box, g-gamebook)
	}
}

// readBoth reads with the warehouse that keeps the season in memory (got)
// and with the one that reads through SQL (want).
func readBoth[T any](t *testing.T, warm, cold *sqlite.Warehouse, read func(*sqlite.Warehouse) (T, error)) (got, want T) {
	t.Helper()
	var err error
	if want, err = read(cold); err != nil {
		t.Fatal(err)
	}
	if got, err = read(warm); err != nil {
		t.Fatal(err)
	}
	return got, want
}

// TestOneDateLoadsNothing: the reads of one date, however many chunks ask,
// go through SQL, as a nightly run's must stay quick.
func TestOneDateLoadsNothing(t *testing.T) {
	path, ds, start := seasonFile(t)
	w := openFile(t, path)
	d := gameDateFrom(ds, start.AddDays(100))
	for range 3 {
		if _, err := w.ShotZoneCandidates(context.Background(), d, start); err != nil {
			t.Fatal(err)
		}
	}
	if box, _ := sqlite.SeasonLoads(w); box != 0 {
		t.Errorf("one date read three times: box scores loaded %d times, want none", box)
	}
}

// TestSeasonInMemoryFollowsTheInputs: a change to the inputs committed by
// another process (here another handle on the file) reaches the next read
// of a process that keeps the season in memory, while a commit to the runs
// file alone keeps the season loaded.
func TestSeasonInMemoryFollowsTheInputs(t *testing.T) {
	path, ds, start := seasonFile(t)
	ctx := context.Background()
	warm := warmed(t, path, ds, start)
	d := gameDateFrom(ds, start.AddDays(60))
	before, err := warm.ShotZoneCandidates(ctx, d, start)
	if err != nil {
		t.Fatal(err)
	}
	loads, _ := sqlite.SeasonLoads(warm)
	// Outputs only: the season stays.
	if _, err := warm.DB().ExecContext(ctx, "CREATE TABLE runs.scratch (x INTEGER); INSERT INTO runs.scratch VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	if _, err := warm.ShotZoneCandidates(ctx, d, start); err != nil {
		t.Fatal(err)
	}
	if got, _ := sqlite.SeasonLoads(warm); got != loads {
		t.Errorf("a commit to the runs file reloaded the season (%d loads, want %d)", got, loads)
	}
	// An import elsewhere: one player's games before d are gone.
	gone := before[0].PlayerLookup
	other := openFile(t, path)
	if _, err := other.DB().ExecContext(ctx, "DELETE FROM "+warehouse.PlayerGames.Name+" WHERE player_lookup = ?", gone); err != nil {
		t.Fatal(err)
	}
	after, err := warm.ShotZoneCandidates(ctx, d, start)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)-1 || slices.ContainsFunc(after, func(c nba.ShotZoneCandidate) bool { return c.PlayerLookup == gone }) {
		t.Errorf("after another process deleted %s's games: %d candidates (%d before), want him gone", gone, len(after), len(before))
	}
}

// TestUndecodableSeasonReadsThroughSQL: a stored value that does not
// decode keeps the season out of memory, so that it fails only the reads
// of its player's chunks, as through SQL, and the other chunks complete.
func TestUndecodableSeasonReadsThroughSQL(t *testing.T) {
	path, ds, start := seasonFile(t)
	ctx := context.Background()
	w := openFile(t, path)
	d := gameDateFrom(ds, start.AddDays(60))
	cands, err := w.ShotZoneCandidates(ctx, d, start)
	if err != nil {
		t.Fatal(err)
	}
	// The first player of the universe with a game in the season's first
	// ten days gets a value that cannot be read as minutes there.
	var bad, good string
	for _, c := range cands {
		if bad == "" && slices.ContainsFunc(ds.PlayerGames, func(g nba.PlayerGame) bool {
			return g.PlayerLookup == c.PlayerLookup && g.GameDate.Before(start.AddDays(10))
		}) {
			bad = c.PlayerLookup
		} else if good == "" {
			good = c.PlayerLookup
		}
	}
	res, err := w.DB().ExecContext(ctx, "UPDATE "+warehouse.PlayerGames.Name+" SET minutes_played = 'many' WHERE player_lookup = ? AND game_date < ?",
		bad, start.AddDays(10).String())
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		t.Fatalf("undecodable minutes for %s: %d rows changed, %v", bad, n, err)
	}
	for _, days := range []int{61, 62} {
		d := gameDateFrom(ds, start.AddDays(days))
		if _, err := w.ShotZoneInputs(ctx, d, start, []nba.PlannedPlayer{{PlayerLookup: good}}); err != nil {
			t.Errorf("%s, %s alone: %v", d, good, err)
		}
		var badValue *warehouse.BadValueError
		if _, err := w.ShotZoneInputs(ctx, d, start, []nba.PlannedPlayer{{PlayerLookup: bad}}); !errors.As(err, &badValue) {
			t.Errorf("%s, %s with undecodable minutes: %v, want a BadValueError", d, bad, err)
		}
	}
	if box, _ := sqlite.SeasonLoads(w); box != 0 {
		t.Errorf("box scores with an undecodable value loaded %d times, want none", box)
	}
}
