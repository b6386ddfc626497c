package warehousetest

import (
	"math"
	"slices"
	"strings"
	"testing"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// testLoadReport loads the fixture, then changes to it, into one warehouse
// and checks what each LoadDataset reports against what it stored.
func testLoadReport(t *testing.T, open OpenFunc) {
	w := open(t)
	ds := Fixture()
	// Non-finite floats and NULLs must compare equal to themselves as stored,
	// or a second load would report (and rewrite) them as replaced.
	g := &ds.PlayerGames[len(ds.PlayerGames)/2]
	g.MinutesPlayed, g.FGAttempts, g.Points, g.UsageRate, g.PaintAttempts = math.NaN(), math.Inf(1), f64(math.Inf(-1)), f64(math.NaN()), nil

	changed, added := ds.Schedule[onMid(ds)], newGame(ds.Schedule[onMid(ds)], "NEW")
	changed.HomeScore = nil // the only difference: a value replaced by NULL is a change too
	next := *ds
	next.Schedule = append(slices.Clone(ds.Schedule), added)
	next.Schedule[onMid(ds)] = changed
	n := len(ds.Schedule)

	steps := []struct {
		name string
		load *nba.Dataset
		want []warehouse.TableLoad
	}{
		{"first load inserts every row", ds, perTable(ds, func(n int) warehouse.TableLoad { return warehouse.TableLoad{Inserted: n} })},
		{"the same load again leaves every row", ds, perTable(ds, func(n int) warehouse.TableLoad { return warehouse.TableLoad{Unchanged: n} })},
		{"a changed row replaces, a new row inserts", &nba.Dataset{Schedule: next.Schedule},
			[]warehouse.TableLoad{{Table: warehouse.Schedule.Name, Inserted: 1, Replaced: 1, Unchanged: n - 1}}},
		{"the loaded rows are now stored", &next, perTable(&next, func(n int) warehouse.TableLoad { return warehouse.TableLoad{Unchanged: n} })},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			rep, err := w.LoadDataset(ctx(t), s.load)
			if err != nil {
				t.Fatal(err)
			}
			assertLoadReport(t, rep, s.want)
		})
	}
	got, err := w.PlanInputs(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	assertSameInputs(t, "PlanInputs after the loads", got, expectPlan(&next, Mid))
	shots, err := w.ShotZoneInputs(ctx(t), g.GameDate.AddDays(1), Opener, Planned(g.GameDate, g.PlayerLookup))
	if err != nil {
		t.Fatal(err)
	}
	assertSameInputs(t, "ShotZoneInputs after the loads", shots, expectShotZone(&next, nil, g.GameDate.AddDays(1), Opener, Planned(g.GameDate, g.PlayerLookup)))
}

// testLoadRepeatedKey: a dataset that repeats a key within a table is
// refused whole, whichever table repeats it: nothing of it is written, not
// even the rows of the tables before the repeating one.
func testLoadRepeatedKey(t *testing.T, open OpenFunc) {
	w := open(t)
	ds := Fixture()
	if _, err := w.LoadDataset(ctx(t), ds); err != nil {
		t.Fatal(err)
	}
	changed, added := ds.Schedule[onMid(ds)], newGame(ds.Schedule[onMid(ds)], "NEW")
	changed.GameStatus++
	player := ds.Players[0]
	player.PlayerName = "Renamed"
	refused := &nba.Dataset{Schedule: []nba.ScheduledGame{changed, added}, Players: []nba.Player{ds.Players[1], player, ds.Players[2], ds.Players[0]}}

	_, err := w.LoadDataset(ctx(t), refused)
	want := `table players repeats key player_lookup="` + player.PlayerLookup + `" at rows 2 and 4`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("LoadDataset of a dataset repeating a key: %v; want an error with %q", err, want)
	}
	got, err := w.PlanInputs(ctx(t), Mid)
	if err != nil {
		t.Fatal(err)
	}
	assertSameInputs(t, "PlanInputs after a refused load", got, expectPlan(ds, Mid))
	rep, err := w.LoadDataset(ctx(t), ds)
	if err != nil {
		t.Fatal(err)
	}
	assertLoadReport(t, rep, perTable(ds, func(n int) warehouse.TableLoad { return warehouse.TableLoad{Unchanged: n} }))
}

// onMid returns the index of the first game of ds on Mid.
func onMid(ds *nba.Dataset) int {
	return slices.IndexFunc(ds.Schedule, func(g nba.ScheduledGame) bool { return g.GameDate == Mid })
}

// newGame returns a game like g under a game id of its own.
func newGame(g nba.ScheduledGame, suffix string) nba.ScheduledGame {
	g.GameID += "_" + suffix
	return g
}

// perTable returns the report of a load of ds whose every table counted its
// n rows as count(n) does.
func perTable(ds *nba.Dataset, count func(n int) warehouse.TableLoad) []warehouse.TableLoad {
	var out []warehouse.TableLoad
	for _, t := range warehouse.InputTables {
		if n := warehouse.DatasetRows(ds, t).Len(); n > 0 {
			l := count(n)
			l.Table = t.Name
			out = append(out, l)
		}
	}
	return out
}

func assertLoadReport(t *testing.T, got warehouse.LoadReport, want []warehouse.TableLoad) {
	t.Helper()
	if !slices.Equal(got.Tables, want) {
		t.Errorf("LoadDataset reported %+v, want %+v", got.Tables, want)
	}
}
