package nba

import (
	"reflect"
	"testing"

	"cloud.google.com/go/civil"
)

// TestGroupRowsInPlaceMatchesCopied: rows that come grouped and ordered are
// grouped where they lie, and any other order gives the same groups by copy.
func TestGroupRowsInPlaceMatchesCopied(t *testing.T) {
	g := func(player string, day int) GamebookEntry {
		return GamebookEntry{PlayerLookup: player, GameID: player, GameDate: civil.Date{Year: 2025, Month: 1, Day: day}}
	}
	tests := []struct {
		name    string
		rows    []GamebookEntry
		inPlace bool
	}{
		{"grouped newest first", []GamebookEntry{g("b", 9), g("b", 5), g("a", 8), g("a", 2)}, true},
		{"empty", nil, true},
		{"oldest first", []GamebookEntry{g("b", 5), g("b", 9), g("a", 2), g("a", 8)}, false},
		{"a player's rows apart", []GamebookEntry{g("a", 8), g("b", 9), g("a", 2)}, false},
		{"a row the filter drops", []GamebookEntry{g("a", 8), g("a", 20), g("a", 2)}, false},
		{"equal dates keep their order", []GamebookEntry{g("a", 8), {PlayerLookup: "a", GameID: "x", GameDate: civil.Date{Year: 2025, Month: 1, Day: 8}}}, true},
	}
	keep := func(e *GamebookEntry) bool { return e.GameDate.Day < 15 }
	key := func(e *GamebookEntry) string { return e.PlayerLookup }
	order := func(a, b *GamebookEntry) int { return b.GameDate.Compare(a.GameDate) }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groupRows(tt.rows, keep, key, order)
			want := groupsCopied(tt.rows, keep, key, order)
			if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
				t.Fatalf("groups %v, want %v", got, want)
			}
			_, inPlace := groupsInPlace(tt.rows, keep, key, order)
			if inPlace != tt.inPlace {
				t.Errorf("grouped in place = %v, want %v", inPlace, tt.inPlace)
			}
			for k, rows := range got {
				if cap(rows) != len(rows) {
					t.Errorf("group %s has room to grow into another group (len %d, cap %d)", k, len(rows), cap(rows))
				}
			}
		})
	}
}
