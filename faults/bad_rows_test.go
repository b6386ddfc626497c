package faults_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// badRow is one kind of bad input, stored for one player.
type badRow struct {
	name string
	// spoil stores the bad row for player, whose box scores before the
	// date are games (latest first).
	spoil func(t *testing.T, s *stack, player string, games []nba.PlayerGame)
	// The failure each processor records for the player; "" means the
	// player's outcome is the undisturbed run's.
	upgc, psza nba.Category
	reason     string // in the UPGC failure's reason
}

// loadRows stores rows, replacing those with the same key.
func loadRows(t *testing.T, s *stack, ds *nba.Dataset) {
	t.Helper()
	if _, err := s.wh.LoadDataset(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
}

var badRows = []badRow{
	{"NaN points", func(t *testing.T, s *stack, _ string, games []nba.PlayerGame) {
		g := games[0]
		nan := math.NaN()
		g.Points = &nan
		loadRows(t, s, &nba.Dataset{PlayerGames: []nba.PlayerGame{g}})
	}, nba.DataError, nba.DataError, "points is NaN"},
	{"negative minutes", func(t *testing.T, s *stack, _ string, games []nba.PlayerGame) {
		g := games[0]
		g.MinutesPlayed = -12
		loadRows(t, s, &nba.Dataset{PlayerGames: []nba.PlayerGame{g}})
	}, nba.DataError, nba.DataError, "minutes_played is negative"},
	{"the same game twice under two game ids", func(t *testing.T, s *stack, _ string, games []nba.PlayerGame) {
		dup := games[0]
		dup.GameID += "_2"
		loadRows(t, s, &nba.Dataset{PlayerGames: []nba.PlayerGame{dup}})
	}, nba.DataError, nba.DataError, "duplicate box scores"},
	{"unknown team", func(t *testing.T, s *stack, _ string, games []nba.PlayerGame) {
		g := games[0]
		g.TeamAbbr = "ZZZ"
		loadRows(t, s, &nba.Dataset{PlayerGames: []nba.PlayerGame{g}})
	}, nba.DataError, nba.DataError, `"ZZZ" is not a known team`},
	{"game missing from the schedule", func(t *testing.T, s *stack, player string, _ []nba.PlayerGame) {
		// The gamebook puts the player in a game the schedule does not have.
		n := countRows(t, s.wh, warehouse.Gamebook.Name, "player_lookup = ? AND game_date = ?", player, badRowsDate.String())
		if n != 1 {
			t.Fatalf("%s has %d gamebook rows on %s, want 1", player, n, badRowsDate)
		}
		if _, err := s.wh.DB().Exec("UPDATE "+warehouse.Gamebook.Name+" SET game_id = game_id || '_X' WHERE player_lookup = ? AND game_date = ?",
			player, badRowsDate.String()); err != nil {
			t.Fatal(err)
		}
	}, nba.CalculationError, "", "not in the schedule"},
}

var badRowsDate = civil.Date{Year: 2025, Month: time.January, Day: 15}

// TestBadInputRows stores one bad input row for each of five players of a
// date (one per game, none on the injury report, so no teammate reads
// them): each of them gets a categorized failure in entity_failures, and
// every other player of the date gets what an undisturbed run gives.
func TestBadInputRows(t *testing.T) {
	in := workflows.DailyInput{GameDate: badRowsDate.String()}
	ref := referenceDaily(t, badRowsDate, in)

	s := newStack(t, 2)
	ds := testenv.Dataset(t)
	players := testenv.PlayersOn(ds, badRowsDate)
	if len(players) < len(badRows) {
		t.Fatalf("%d games on %s, want %d", len(players), badRowsDate, len(badRows))
	}
	want := clone(ref.outcomes)
	for i, b := range badRows {
		p := players[i]
		b.spoil(t, s, p, testenv.GamesBefore(ds, p, badRowsDate))
		for proc, c := range map[nba.Processor]nba.Category{nba.UPGC: b.upgc, nba.PSZA: b.psza} {
			if c != "" {
				want[key{badRowsDate, proc, p}] = []string{"failure " + string(c)}
			}
		}
	}

	res := wait[workflows.DailyResult](t, s.startDaily(t, "bad-rows-"+s.queue, in), 2*time.Minute)
	if res.Status != workflows.StatusPartial {
		t.Errorf("status %s, want partial", res.Status)
	}
	for _, pr := range res.Processors {
		if pr.Inserted == 0 || pr.Inserted+pr.Failed+pr.Skipped != pr.Planned {
			t.Errorf("%s: %+v, want the date committed with every planned player counted", shortName(pr.Processor), pr)
		}
	}
	assertSameOutcomes(t, want, readOutcomes(t, s.wh, []civil.Date{badRowsDate}))

	failures, err := s.wh.EntityFailures(context.Background(), badRowsDate)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range badRows {
		idx := slices.IndexFunc(failures, func(f warehouse.FailureRecord) bool {
			return f.Processor == nba.UPGC && f.Failure.PlayerLookup == players[i]
		})
		if idx < 0 {
			t.Errorf("%s (%s): no UPGC failure", b.name, players[i])
			continue
		}
		f := failures[idx].Failure
		if !strings.Contains(f.Reason, b.reason) {
			t.Errorf("%s (%s): reason %q, want it to say %q", b.name, players[i], f.Reason, b.reason)
		}
		t.Logf("%-40s %-20s UPGC %s: %s", b.name, players[i], f.Category, f.Reason)
	}
}

// clone returns a copy of o.
func clone(o outcomes) outcomes {
	c := make(outcomes, len(o))
	for k, v := range o {
		c[k] = slices.Clone(v)
	}
	return c
}
