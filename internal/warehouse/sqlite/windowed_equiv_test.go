package sqlite_test

import (
	"cmp"
	"context"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/league"
	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
)

// TestWindowedReadsComputeTheSeason holds the windowed reads to what they
// replace: on dates of the synthetic season, in both run modes, every
// context and shot-zone row and every failure computed from the windowed
// inputs is the one computed from the season to date, and the shot-zone
// universe summed in the warehouse is the one planned from every box score.
// The season carries malformed rows far outside every window, which must
// still fail their players.
func TestWindowedReadsComputeTheSeason(t *testing.T) {
	ds, err := league.Generate(league.Config{SeasonYear: testenv.SeasonYear, Seed: testenv.Seed, PlayersPerTeam: 10})
	if err != nil {
		t.Fatal(err)
	}
	start := opener(ds)
	late := gameDateFrom(ds, start.AddDays(150))
	faults := corruptEarlyRows(ds, start, late)
	ctx := context.Background()
	w := openFile(t, filepath.Join(t.TempDir(), "season.db"))
	if _, err := w.LoadDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := w.SeasonStart(ctx, testenv.SeasonYear); err != nil || !ok || got != start {
		t.Fatalf("SeasonStart = %s, %v, %v; want %s", got, ok, err, start)
	}
	for _, days := range []int{16, 60, 150} {
		d := gameDateFrom(ds, start.AddDays(days))
		for _, mode := range []nba.RunMode{nba.RunDaily, nba.RunBackfill} {
			t.Run(d.String()+"/"+string(mode), func(t *testing.T) {
				opts := nba.BuildOptions{Now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), Flags: nba.NewDateFlags(d, start), Mode: mode}
				plan, err := w.PlanInputs(ctx, d)
				if err != nil {
					t.Fatal(err)
				}
				players, _ := nba.PlanContextPlayers(plan)
				windowed, err := w.ContextInputs(ctx, d, start, players)
				if err != nil {
					t.Fatal(err)
				}
				season := *windowed
				season.Gamebook = between(ds.Gamebook, start, d, func(e nba.GamebookEntry) civil.Date { return e.GameDate })
				season.TeamGames = between(ds.TeamGames, start, d, func(g nba.TeamGame) civil.Date { return g.GameDate })
				sameBuilds(t, players, nba.NewContextBuilder(windowed, opts).Build, nba.NewContextBuilder(&season, opts).Build)

				cands, err := w.ShotZoneCandidates(ctx, d, start)
				if err != nil {
					t.Fatal(err)
				}
				zonePlayers := nba.PlanShotZoneCandidates(cands)
				if want := nba.PlanShotZonePlayers(d, start, ds.PlayerGames); !reflect.DeepEqual(zonePlayers, want) {
					t.Fatalf("shot-zone universe: %d players summed, %d from the box scores", len(zonePlayers), len(want))
				}
				zones, err := w.ShotZoneInputs(ctx, d, start, zonePlayers)
				if err != nil {
					t.Fatal(err)
				}
				zoneSeason := *zones
				// Newest loaded first among rows of one player and date, as the
				// season was read: by the (player_lookup, game_date) index,
				// backwards. The order names the games of a duplicate.
				zoneSeason.PlayerGames = between(ds.PlayerGames, start, d, func(g nba.PlayerGame) civil.Date { return g.GameDate })
				slices.Reverse(zoneSeason.PlayerGames)
				zoneSeason.Gamebook = season.Gamebook
				zoneSeason.Schedule = ds.Schedule
				sameBuilds(t, zonePlayers, nba.NewShotZoneBuilder(zones, opts).Build, nba.NewShotZoneBuilder(&zoneSeason, opts).Build)
			})
		}
	}
	// Every planted fault fails its player on the late date, with both reads.
	opts := nba.BuildOptions{Now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), Flags: nba.NewDateFlags(late, start), Mode: nba.RunBackfill}
	zones, err := w.ShotZoneInputs(ctx, late, start, faults)
	if err != nil {
		t.Fatal(err)
	}
	b := nba.NewShotZoneBuilder(zones, opts)
	for _, p := range faults {
		if _, f := b.Build(p); f == nil || f.Category != nba.DataError {
			t.Errorf("%s: a malformed row far outside the windows: failure %v, want a data error", p.PlayerLookup, f)
		}
	}
}

// sameBuilds builds every player with both builders and compares row and
// failure.
func sameBuilds[R any](t *testing.T, players []nba.PlannedPlayer, windowed, season func(nba.PlannedPlayer) (R, *nba.Failure)) {
	t.Helper()
	if len(players) == 0 {
		t.Fatal("no players planned")
	}
	for _, p := range players {
		gotRow, gotFail := windowed(p)
		wantRow, wantFail := season(p)
		if !reflect.DeepEqual(gotFail, wantFail) {
			t.Errorf("%s: windowed reads fail %v, the season to date %v", p.PlayerLookup, gotFail, wantFail)
		} else if !reflect.DeepEqual(gotRow, wantRow) {
			t.Errorf("%s: windowed reads give row %s, the season to date %s",
				p.PlayerLookup, reflect.ValueOf(gotRow).FieldByName("DataHash"), reflect.ValueOf(wantRow).FieldByName("DataHash"))
		}
	}
}

// corruptEarlyRows plants malformed rows in the season's first week for
// five players who play on late: a negative box-score count, a NaN
// gamebook minute, a second box score on one date, more makes than
// attempts and an unknown team, one of each kind the reads must find
// outside the windows. It returns the players, planned on their teams.
func corruptEarlyRows(ds *nba.Dataset, start, late civil.Date) []nba.PlannedPlayer {
	var onLate []nba.PlayerGame
	for _, g := range ds.PlayerGames {
		if g.GameDate == late && g.MinutesPlayed > 0 {
			onLate = append(onLate, g)
		}
	}
	slices.SortFunc(onLate, func(a, b nba.PlayerGame) int { return cmp.Compare(a.PlayerLookup, b.PlayerLookup) })
	early := func(player string) int {
		for i, g := range ds.PlayerGames {
			if g.PlayerLookup == player && g.GameDate.Before(start.AddDays(7)) && !g.GameDate.Before(start) {
				return i
			}
		}
		return -1
	}
	var planned []nba.PlannedPlayer
	for _, g := range onLate {
		i := early(g.PlayerLookup)
		if i < 0 {
			continue
		}
		switch len(planned) {
		case 0:
			ds.PlayerGames[i].Assists = -1
		case 1:
			for j, e := range ds.Gamebook {
				if e.PlayerLookup == g.PlayerLookup && e.GameID == ds.PlayerGames[i].GameID {
					nan := math.NaN()
					ds.Gamebook[j].MinutesPlayed = &nan
				}
			}
		case 2:
			dup := ds.PlayerGames[i]
			dup.GameID += "_DUP"
			ds.PlayerGames = append(ds.PlayerGames, dup)
		case 3:
			ds.PlayerGames[i].FGMakes = ds.PlayerGames[i].FGAttempts + 1
		case 4:
			ds.PlayerGames[i].TeamAbbr = "XXX"
		}
		planned = append(planned, nba.PlannedPlayer{PlayerLookup: g.PlayerLookup, TeamAbbr: g.TeamAbbr})
		if len(planned) == 5 {
			break
		}
	}
	return planned
}

// between keeps the rows dated in [from, to).
func between[T any](rows []T, from, to civil.Date, date func(T) civil.Date) []T {
	var out []T
	for _, r := range rows {
		if d := date(r); !d.Before(from) && d.Before(to) {
			out = append(out, r)
		}
	}
	return out
}

// opener is the first regular-season game date of the dataset.
func opener(ds *nba.Dataset) civil.Date {
	var first civil.Date
	for _, g := range ds.Schedule {
		if !g.IsPlayoffs && (first.IsZero() || g.GameDate.Before(first)) {
			first = g.GameDate
		}
	}
	return first
}

// gameDateFrom is the first date on or after d with games.
func gameDateFrom(ds *nba.Dataset, d civil.Date) civil.Date {
	var next civil.Date
	for _, g := range ds.Schedule {
		if !g.GameDate.Before(d) && (next.IsZero() || g.GameDate.Before(next)) {
			next = g.GameDate
		}
	}
	return next
}
