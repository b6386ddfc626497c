package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/activities"
	"nbaflow/internal/calendar"
	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// TestCorrectionReachesOnlyStaleDates is the correction workflow of
// docs/operations.md on the real season: backfill two weeks, correct one
// box score (LeBron James scored 32 on 2017-12-06; make it 42), and
// `stale` lists exactly the dates after that game on which he has a row,
// with him alone and the box-score inputs; `backfill --only-stale` reruns
// those dates only, the corrected points reach his rows, and every other
// date's rows keep their processed_at.
func TestCorrectionReachesOnlyStaleDates(t *testing.T) {
	s, dbPath, wh := realStack(t)
	from, to := civil.Date{Year: 2017, Month: 12, Day: 1}, civil.Date{Year: 2017, Month: 12, Day: 14}
	rangeArgs := []string{"--from", from.String(), "--to", to.String()}

	first := backfillJSON(t, s, append([]string{"backfill", "--wait", "--json"}, rangeArgs...)...)
	if first.DatesFailed != 0 || first.DatesDone != first.DatesTotal {
		t.Fatalf("first backfill: %+v", first)
	}
	if code, out := s.nbaflow(t, append([]string{"stale", "--db", dbPath}, rangeArgs...)...); code != 0 {
		t.Fatalf("stale right after the backfill: exit %d, want 0:\n%s", code, out)
	}
	before := processedAt(t, wh, from, to)

	corrected := civil.Date{Year: 2017, Month: 12, Day: 6}
	importCorrection(t, s, dbPath, "lebronjames", corrected, 42)

	code, out := s.nbaflow(t, append([]string{"stale", "--db", dbPath, "--json"}, rangeArgs...)...)
	var stale []activities.StaleOutcome
	if err := json.Unmarshal([]byte(out), &stale); err != nil || code != 3 {
		t.Fatalf("stale after the correction: exit %d, want 3: %v\n%s", code, err, out)
	}
	want := datesWithRows(before, "lebronjames", corrected)
	checkStale(t, stale, want)
	checkCalendar(t, s, dbPath, from, to, staleDates(want))

	second := backfillJSON(t, s, append([]string{"backfill", "--only-stale", "--wait", "--json"}, rangeArgs...)...)
	wantDates := staleDates(want)
	if second.DatesDone != len(wantDates) || second.DatesTotal != len(wantDates) ||
		second.DatesDone+len(second.UpToDate) != first.DatesTotal {
		t.Errorf("only-stale backfill: %d of %d dates done, %d up to date; want %d run of %d game dates",
			second.DatesDone, second.DatesTotal, len(second.UpToDate), len(wantDates), first.DatesTotal)
	}
	after := processedAt(t, wh, from, to)
	for k, at := range before {
		if !slices.Contains(wantDates, k.date) && !after[k].Equal(at) {
			t.Errorf("%v: processed_at %v became %v, on a date that was up to date", k, at, after[k])
		}
	}
	checkLeBronPoints(t, wh, civil.Date{Year: 2017, Month: 12, Day: 8}, 28.8) // (42+23+34+24+21)/5
	if code, out := s.nbaflow(t, append([]string{"stale", "--db", dbPath}, rangeArgs...)...); code != 0 {
		t.Errorf("stale after the only-stale backfill: exit %d, want 0:\n%s", code, out)
	}
}

// backfillJSON runs a backfill command and decodes its result.
func backfillJSON(t *testing.T, s cliStack, args ...string) workflows.BackfillResult {
	t.Helper()
	code, out := s.nbaflow(t, args...)
	var res struct {
		Backfill *workflows.BackfillResult `json:"backfill"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Backfill == nil || code != 0 {
		t.Fatalf("%v: exit %d: %v\n%s", args, code, err, out)
	}
	return *res.Backfill
}

// outputRow names one output row: its processor, date and player.
type outputRow struct {
	processor nba.Processor
	date      civil.Date
	player    string
}

// processedAt reads when each output row of the range was written.
func processedAt(t *testing.T, wh *sqlite.Warehouse, from, to civil.Date) map[outputRow]time.Time {
	t.Helper()
	ctx := context.Background()
	at := map[outputRow]time.Time{}
	for d := from; !d.After(to); d = d.AddDays(1) {
		contexts, err := wh.PlayerContexts(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range contexts {
			at[outputRow{nba.UPGC, d, r.PlayerLookup}] = r.ProcessedAt
		}
		zones, err := wh.ShotZoneProfiles(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range zones {
			at[outputRow{nba.PSZA, d, r.PlayerLookup}] = r.ProcessedAt
		}
	}
	return at
}

// datesWithRows returns the rows of player dated after game.
func datesWithRows(rows map[outputRow]time.Time, player string, game civil.Date) map[outputRow]bool {
	out := map[outputRow]bool{}
	for k := range rows {
		if k.player == player && k.date.After(game) {
			out[k] = true
		}
	}
	return out
}

// staleDates are the distinct dates of rows, ascending.
func staleDates(rows map[outputRow]bool) []civil.Date {
	var dates []civil.Date
	for k := range rows {
		if !slices.Contains(dates, k.date) {
			dates = append(dates, k.date)
		}
	}
	slices.SortFunc(dates, civil.Date.Compare)
	return dates
}

// checkStale compares stale's outcomes with the rows expected stale, and
// each player's inputs with the box-score input of its processor.
func checkStale(t *testing.T, stale []activities.StaleOutcome, want map[outputRow]bool) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("no row of the corrected player after the corrected game: the test data changed")
	}
	input := map[nba.Processor]string{nba.UPGC: activities.InputBoxScores, nba.PSZA: activities.InputPlayerGames}
	got := map[outputRow]bool{}
	for _, s := range stale {
		for _, p := range s.Players {
			k := outputRow{s.Processor, s.GameDate, p.PlayerLookup}
			got[k] = true
			if !want[k] {
				t.Errorf("stale lists %v (inputs %v), whose rows do not cover the corrected box score", k, p.Inputs)
			} else if !slices.Equal(p.Inputs, []string{input[s.Processor]}) {
				t.Errorf("%v: stale inputs %v, want [%s]", k, p.Inputs, input[s.Processor])
			}
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("stale misses %v", k)
		}
	}
}

// importCorrection re-imports one box score of the real season with its
// points changed, as an operator loads a corrected row.
func importCorrection(t *testing.T, s cliStack, dbPath, player string, date civil.Date, points int) {
	t.Helper()
	header, recs := readRealTable(t, "player_game_summary.csv")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var row []string
	for _, r := range recs {
		if r[col["player_lookup"]] == player && r[col["game_date"]] == date.String() {
			row = r
		}
	}
	if row == nil {
		t.Fatalf("no box score of %s on %s", player, date)
	}
	row[col["points"]] = strconv.Itoa(points)
	path := filepath.Join(t.TempDir(), "correction.csv")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	if err := w.WriteAll([][]string{header, row}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if code, msg := s.nbaflow(t, "import", "--db", dbPath, "--table", "player_game_summary", path); code != 0 {
		t.Fatalf("import of the correction: exit %d\n%s", code, msg)
	}
}

// checkLeBronPoints checks lebronjames's points_avg_last_5 on date.
func checkLeBronPoints(t *testing.T, wh *sqlite.Warehouse, date civil.Date, want float64) {
	t.Helper()
	rows, err := wh.PlayerContexts(context.Background(), date)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.PlayerLookup == "lebronjames" {
			if r.PointsAvgLast5 == nil || *r.PointsAvgLast5 != want {
				t.Errorf("lebronjames %s points_avg_last_5 = %v, want %v", date, derefF(r.PointsAvgLast5), want)
			}
			return
		}
	}
	t.Errorf("no context row for lebronjames on %s", date)
}

// checkCalendar reads the 2017-18 calendar: the backfilled game dates are
// committed (the real data has players who fail, too few games and the
// like, so most are committed with failed players) or, those listed,
// stale; the season's other game dates never ran; the rest are off-days.
func checkCalendar(t *testing.T, s cliStack, dbPath string, from, to civil.Date, stale []civil.Date) {
	t.Helper()
	code, out := s.nbaflow(t, "calendar", "--season", "2017", "--db", dbPath, "--json")
	var got struct {
		Days []struct {
			Date     civil.Date     `json:"date"`
			HasGames bool           `json:"has_games"`
			State    calendar.State `json:"state"`
		} `json:"days"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || len(got.Days) < 150 {
		t.Fatalf("calendar: exit %d, %d days: %v\n%.500s", code, len(got.Days), err, out)
	}
	for _, d := range got.Days {
		want := calendar.OffDay
		switch {
		case !d.HasGames:
		case slices.Contains(stale, d.Date):
			want = calendar.Stale
		case !d.Date.Before(from) && !d.Date.After(to):
			want = calendar.Committed
		default:
			want = calendar.NeverRun
		}
		if want == calendar.Committed && d.State == calendar.CommittedWithFailures {
			continue
		}
		if d.State != want {
			t.Errorf("calendar %s: %s, want %s", d.Date, d.State, want)
		}
	}
	if code, out := s.nbaflow(t, "calendar", "--season", "2017", "--db", dbPath, "--no-stale"); code != 0 ||
		!strings.Contains(out, "December 2017") || !regexp.MustCompile(` 4[CP] `).MatchString(out) || strings.Contains(out, "\x1b") {
		t.Errorf("calendar in plain text: exit %d, want December 2017 with 4C or 4P and no escapes:\n%s", code, out)
	}
}
