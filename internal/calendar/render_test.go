package calendar

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// everyState is a short season, 2017-10-17 to 2017-11-05, with every state
// on known dates.
func everyState(t *testing.T) Season {
	t.Helper()
	ok := []Evidence{{Processor: nba.UPGC, Committed: true}, {Processor: nba.PSZA, Committed: true}}
	byDay := map[int]Day{
		18: {HasGames: true, Processors: []Evidence{{Processor: nba.UPGC, Committed: true, FailedPlayers: 2}, ok[1]}},
		19: {HasGames: true, Processors: []Evidence{ok[0], {Processor: nba.PSZA, Committed: true, Stale: true}}},
		20: {HasGames: true, Processors: []Evidence{{Processor: nba.UPGC, Committed: true, FailedRun: true}, ok[1]}},
		21: {HasGames: true},
		22: {HasGames: false},
		23: {HasGames: true, Running: true},
	}
	s := Season{Year: 2017}
	for d := (civil.Date{Year: 2017, Month: 10, Day: 17}); !d.After(civil.Date{Year: 2017, Month: 11, Day: 5}); d = d.AddDays(1) {
		day, found := byDay[d.Day]
		if d.Month != 10 || !found {
			day = Day{HasGames: true, Processors: ok}
		}
		day.Date = d
		s.Days = append(s.Days, day)
	}
	return s
}

func TestRenderPlain(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, everyState(t), false); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "every_state.txt")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("Render plain:\n%s\nwant (%s):\n%s", got, golden, want)
	}
	if strings.Contains(buf.String(), "\x1b") {
		t.Error("plain rendering holds an escape sequence")
	}
}

func TestRenderColourIsPlainPlusSGR(t *testing.T) {
	var plain, coloured bytes.Buffer
	s := everyState(t)
	if err := Render(&plain, s, false); err != nil {
		t.Fatal(err)
	}
	if err := Render(&coloured, s, true); err != nil {
		t.Fatal(err)
	}
	sgr := regexp.MustCompile("\x1b\\[[0-9;]*m")
	if got := sgr.ReplaceAllString(coloured.String(), ""); got != plain.String() {
		t.Errorf("the coloured grid without its colours differs from the plain one:\n%s\nwant:\n%s", got, plain.String())
	}
	for _, st := range States {
		cell := "\x1b[" + marks[st].sgr + "m"
		if !strings.Contains(coloured.String(), cell) {
			t.Errorf("no cell coloured %q for state %s", cell, st)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, everyState(t)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Season int           `json:"season"`
		Counts map[State]int `json:"counts"`
		Days   []struct {
			Date  string `json:"date"`
			State State  `json:"state"`
		} `json:"days"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, buf.String())
	}
	want := map[string]State{"2017-10-17": Committed, "2017-10-18": CommittedWithFailures, "2017-10-19": Stale,
		"2017-10-20": Failed, "2017-10-21": NeverRun, "2017-10-22": OffDay, "2017-10-23": Running}
	for _, d := range got.Days {
		if st, ok := want[d.Date]; ok && d.State != st {
			t.Errorf("%s: state %s, want %s", d.Date, d.State, st)
		}
	}
	if got.Season != 2017 || len(got.Days) != 20 || got.Counts[Committed] != 14 {
		t.Errorf("season %d, %d days, %d committed; want 2017, 20 days, 14 committed", got.Season, len(got.Days), got.Counts[Committed])
	}
}
