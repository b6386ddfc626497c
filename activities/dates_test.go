package activities

import (
	"slices"
	"testing"

	"cloud.google.com/go/civil"
)

func dates(t *testing.T, ss ...string) []civil.Date {
	t.Helper()
	var out []civil.Date
	for _, s := range ss {
		d, err := civil.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestListGameDates(t *testing.T) {
	games := []string{"2025-02-12", "2025-02-13", "2025-02-19", "2025-02-20"}
	tests := []struct {
		name        string
		req         DatesRequest
		wantGames   []string
		wantOffDays []string
		wantErr     bool
	}{
		{
			name:        "range across the All-Star break",
			req:         DatesRequest{StartDate: "2025-02-12", EndDate: "2025-02-19"},
			wantGames:   []string{"2025-02-12", "2025-02-13", "2025-02-19"},
			wantOffDays: []string{"2025-02-14", "2025-02-15", "2025-02-16", "2025-02-17", "2025-02-18"},
		},
		{
			name:        "explicit dates, unsorted and repeated",
			req:         DatesRequest{Dates: []string{"2025-02-20", "2025-02-16", "2025-02-20", "2025-02-12"}},
			wantGames:   []string{"2025-02-12", "2025-02-20"},
			wantOffDays: []string{"2025-02-16"},
		},
		{name: "one day", req: DatesRequest{StartDate: "2025-02-13", EndDate: "2025-02-13"}, wantGames: []string{"2025-02-13"}},
		{name: "end before start", req: DatesRequest{StartDate: "2025-02-13", EndDate: "2025-02-12"}, wantErr: true},
		{name: "malformed", req: DatesRequest{StartDate: "02/13/2025", EndDate: "2025-02-14"}, wantErr: true},
		{name: "malformed explicit date", req: DatesRequest{Dates: []string{"2025-02-30"}}, wantErr: true},
		{name: "too long", req: DatesRequest{StartDate: "2000-01-01", EndDate: "2025-01-01"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wh := newFakeWarehouse()
			wh.gameDates = dates(t, games...)
			env := newActivityEnv(t, wh, 1, nil)
			val, err := env.ExecuteActivity(ListGameDatesName, tt.req)
			if tt.wantErr {
				assertNonRetryable(t, err, true, ErrInvalidRequest)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got GameDateList
			if err := val.Get(&got); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.GameDates, dates(t, tt.wantGames...)) || !slices.Equal(got.OffDays, dates(t, tt.wantOffDays...)) {
				t.Errorf("got games %v off-days %v, want %v and %v", got.GameDates, got.OffDays, tt.wantGames, tt.wantOffDays)
			}
		})
	}
}
