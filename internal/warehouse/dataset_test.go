package warehouse

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

func TestKeySet(t *testing.T) {
	at := time.Date(2024, time.November, 23, 22, 0, 0, 0, time.UTC)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	day := civil.Date{Year: 2024, Month: time.November, Day: 23}
	prop := func(game, player string, snap time.Time) nba.OddsProp {
		return nba.OddsProp{GameID: game, GameDate: day, PlayerLookup: player, Bookmaker: "draftkings", SnapshotUTC: snap}
	}
	tests := []struct {
		name     string
		a, b     nba.OddsProp
		repeated bool
	}{
		{"the same key", prop("g1", "p", at), prop("g1", "p", at), true},
		{"the same instant in another zone", prop("g1", "p", at), prop("g1", "p", at.In(ny)), true},
		{"another nanosecond", prop("g1", "p", at), prop("g1", "p", at.Add(time.Nanosecond)), false},
		{"the same text cut elsewhere", prop("g1", "pa", at), prop("g1p", "a", at), false},
		{"a column outside the key differs", prop("g1", "p", at), func() nba.OddsProp { p := prop("g1", "p", at); p.PointsLine = 20.5; return p }(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := reflect.ValueOf([]nba.OddsProp{tt.a, tt.b})
			s := NewKeySet(OddsProps, 2)
			if _, _, repeated := s.Add(rows.Index(0), 7); repeated {
				t.Fatal("the first row repeats a key")
			}
			key, first, repeated := s.Add(rows.Index(1), 9)
			if repeated != tt.repeated || (repeated && (first != 7 || key != KeyOf(OddsProps, rows.Index(1)))) {
				t.Errorf("Add = %q, %d, %v; want repeated %v of position 7", key, first, repeated, tt.repeated)
			}
		})
	}
}

func TestKeyOf(t *testing.T) {
	g := nba.GamebookEntry{GameID: `20171017_BOS_CLE`, PlayerLookup: `o"neal, \x`}
	want := `game_id="20171017_BOS_CLE", player_lookup="o\"neal, \\x"`
	if got := KeyOf(Gamebook, reflect.ValueOf(g)); got != want {
		t.Errorf("KeyOf = %s, want %s", got, want)
	}
}

func TestCheckKeys(t *testing.T) {
	game := func(id string) nba.ScheduledGame { return nba.ScheduledGame{GameID: id} }
	tests := []struct {
		name string
		ds   *nba.Dataset
		want []string // in the error; none: no error
	}{
		{"no repeat", &nba.Dataset{Schedule: []nba.ScheduledGame{game("g1"), game("g2")}, Arenas: []nba.Arena{{TeamAbbr: "BOS"}}}, nil},
		{"one repeat", &nba.Dataset{Schedule: []nba.ScheduledGame{game("g1"), game("g2"), game("g1")}},
			[]string{`dataset refused, nothing loaded: table schedule repeats key game_id="g1" at rows 1 and 3`}},
		{"repeats in two tables", &nba.Dataset{
			Schedule: []nba.ScheduledGame{game("g1"), game("g2"), game("g2"), game("g1"), game("g2")},
			Arenas:   []nba.Arena{{TeamAbbr: "BOS"}, {TeamAbbr: "BOS"}}},
			[]string{`table schedule repeats key game_id="g2" at rows 2 and 3, and 2 more rows repeat a key`,
				`table arenas repeats key team_abbr="BOS" at rows 1 and 2`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckKeys(tt.ds)
			if (err != nil) != (len(tt.want) > 0) {
				t.Fatalf("CheckKeys = %v, want an error with %q", err, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("CheckKeys = %v, want %q in it", err, w)
				}
			}
		})
	}
}

func TestLoadReportAdd(t *testing.T) {
	rep := LoadReport{Tables: []TableLoad{{Table: "players", Inserted: 2}}}
	rep.Add(LoadReport{Tables: []TableLoad{{Table: "schedule", Replaced: 1}, {Table: "players", Unchanged: 2, Inserted: 1}}})
	want := []TableLoad{{Table: "schedule", Replaced: 1}, {Table: "players", Inserted: 3, Unchanged: 2}}
	if !reflect.DeepEqual(rep.Tables, want) {
		t.Errorf("Add = %+v, want %+v (in the order of InputTables)", rep.Tables, want)
	}
	if got := rep.Total(); got != (TableLoad{Inserted: 3, Replaced: 1, Unchanged: 2}) || got.Rows() != 6 {
		t.Errorf("Total = %+v", got)
	}
	if got := rep.Table("arenas"); got != (TableLoad{Table: "arenas"}) {
		t.Errorf("Table(arenas) = %+v, want zero counts", got)
	}
	if got := rep.Tables[1].String(); got != "3 inserted, 0 replaced, 2 unchanged" {
		t.Errorf("String = %q", got)
	}
}
