package calendar

import (
	"testing"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

func TestEvidenceState(t *testing.T) {
	tests := []struct {
		name string
		e    Evidence
		want State
	}{
		{"nothing known", Evidence{}, NeverRun},
		{"committed", Evidence{Committed: true}, Committed},
		{"committed with failed players", Evidence{Committed: true, FailedPlayers: 3}, CommittedWithFailures},
		{"stale wins over failed players", Evidence{Committed: true, FailedPlayers: 3, Stale: true}, Stale},
		{"failed run after a commit", Evidence{Committed: true, FailedRun: true}, Failed},
		{"failed run, never committed", Evidence{FailedRun: true}, Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.State(); got != tt.want {
				t.Errorf("%+v.State() = %s, want %s", tt.e, got, tt.want)
			}
		})
	}
}

func TestDayState(t *testing.T) {
	done := Evidence{Processor: nba.UPGC, Committed: true}
	tests := []struct {
		name string
		d    Day
		want State
	}{
		{"no games", Day{}, OffDay},
		{"no games, running", Day{Running: true}, Running},
		{"games, no evidence", Day{HasGames: true}, NeverRun},
		{"both committed", Day{HasGames: true, Processors: []Evidence{done, {Processor: nba.PSZA, Committed: true}}}, Committed},
		{"one never run", Day{HasGames: true, Processors: []Evidence{done, {Processor: nba.PSZA}}}, NeverRun},
		{"one stale", Day{HasGames: true, Processors: []Evidence{{Processor: nba.PSZA, Committed: true, Stale: true}, done}}, Stale},
		{"failed beats stale", Day{HasGames: true, Processors: []Evidence{{Committed: true, Stale: true}, {FailedRun: true}}}, Failed},
		{"running beats failed", Day{HasGames: true, Running: true, Processors: []Evidence{{FailedRun: true}}}, Running},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.State(); got != tt.want {
				t.Errorf("State() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	s := Season{Year: 2017, Days: []Day{
		{Date: civil.Date{Year: 2017, Month: 10, Day: 17}, HasGames: true, Processors: []Evidence{{Committed: true}}},
		{Date: civil.Date{Year: 2017, Month: 10, Day: 18}, HasGames: true},
		{Date: civil.Date{Year: 2017, Month: 10, Day: 19}},
	}}
	got := s.Counts()
	want := map[State]int{Committed: 1, NeverRun: 1, OffDay: 1}
	for _, st := range States {
		if got[st] != want[st] {
			t.Errorf("Counts()[%s] = %d, want %d", st, got[st], want[st])
		}
	}
}
