package warehouse

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

func TestColumnSetAndValue(t *testing.T) {
	row := reflect.New(reflect.TypeFor[nba.RosterEntry]()).Elem()
	d := civil.Date{Year: 2024, Month: time.March, Day: 1}
	for name, v := range map[string]any{"roster_date": d, "team_abbr": "BOS", "player_lookup": "p", "birth_date": d, "age": int64(30)} {
		c, _ := Rosters.Column(name)
		if err := c.Set(row, v); err != nil {
			t.Fatalf("Set %s: %v", name, err)
		}
		if got := c.Value(row, ""); got != v {
			t.Errorf("Value %s = %v, want %v", name, got, v)
		}
	}
	age, _ := Rosters.Column("age")
	if err := age.Set(row, nil); err != nil || age.Value(row, "") != nil {
		t.Errorf("NULL in a nullable column: %v, %v", err, age.Value(row, ""))
	}
	tests := []struct {
		col  string
		v    any
		want string
	}{
		{"team_abbr", nil, "NULL in a NOT NULL column"},
		{"age", "30", "cannot store string"},
		{"team_abbr", int64(1), "cannot store int64"},
		{"roster_date", "2024-03-01", "cannot store string"},
	}
	for _, tt := range tests {
		c, _ := Rosters.Column(tt.col)
		if err := c.Set(row, tt.v); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%s, %#v) = %v, want %q", tt.col, tt.v, err, tt.want)
		}
	}
}

func TestEveryTableHasColumnsAndKeys(t *testing.T) {
	for _, tb := range Tables {
		if len(tb.Columns()) == 0 {
			t.Errorf("%s has no columns", tb.Name)
		}
		for _, k := range append(append(append([]string{}, tb.Key...), tb.Cluster...), tb.Date) {
			if _, ok := tb.Column(k); k != "" && !ok {
				t.Errorf("%s: key, cluster or date column %s is not a column", tb.Name, k)
			}
		}
		for _, idx := range tb.Indexes {
			tb.MustColumns(idx...)
		}
	}
}

func TestPrepareStagePlayers(t *testing.T) {
	d := civil.Date{Year: 2024, Month: time.November, Day: 1}
	b := StageBatch{RunID: "r", Processor: nba.PSZA, Date: d, Players: []string{"c", "a"},
		Zones:    []nba.ShotZoneProfile{{PlayerLookup: "b", AnalysisDate: d}},
		Failures: []nba.Failure{{PlayerLookup: "d", Category: nba.DataError}},
		Attempts: []nba.ReprocessAttempt{{ProcessorName: string(nba.PSZA), EntityID: "e", AnalysisDate: d}}}
	s, err := PrepareStage(b, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Players, []string{"a", "b", "c", "d", "e"}) || s.Failures[0].ProcessorName != string(nba.PSZA) {
		t.Errorf("players %v, failure %+v", s.Players, s.Failures[0])
	}
}
