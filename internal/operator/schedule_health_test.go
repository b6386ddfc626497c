package operator

import (
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"
)

// eastern is a moment on a date, America/New_York.
func eastern(t *testing.T, date string, hour, minute int) time.Time {
	t.Helper()
	d, err := civil.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, gameDateZone)
}

func dates(t *testing.T, ds ...string) []civil.Date {
	t.Helper()
	var out []civil.Date
	for _, s := range ds {
		d, err := civil.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestExpectedNights(t *testing.T) {
	tests := []struct {
		name         string
		created, now time.Time
		days         int
		want         []civil.Date
	}{
		{"the last days, tonight past its time", eastern(t, "2025-01-01", 0, 0), eastern(t, "2025-01-15", 11, 0), 3,
			dates(t, "2025-01-13", "2025-01-14", "2025-01-15")},
		{"not tonight before its time", eastern(t, "2025-01-01", 0, 0), eastern(t, "2025-01-15", 9, 59), 3,
			dates(t, "2025-01-13", "2025-01-14")},
		{"tonight at its time", eastern(t, "2025-01-01", 0, 0), eastern(t, "2025-01-15", 10, 0), 1,
			dates(t, "2025-01-15")},
		{"none before the Schedule was created", eastern(t, "2025-01-14", 10, 1), eastern(t, "2025-01-15", 11, 0), 5,
			dates(t, "2025-01-15")},
		{"none for a Schedule created today after its time", eastern(t, "2025-01-15", 10, 30), eastern(t, "2025-01-15", 11, 0), 5,
			nil},
		// New York leaves daylight saving time on 2025-11-02: 10:00 is
		// 14:00 UTC before and 15:00 UTC after.
		{"across a clock change", eastern(t, "2025-10-01", 0, 0), time.Date(2025, 11, 3, 14, 30, 0, 0, time.UTC), 3,
			dates(t, "2025-11-01", "2025-11-02")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := expectedNights(10, 0, tt.created, tt.now, tt.days); !slices.Equal(got, tt.want) {
				t.Errorf("expectedNights = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMissedNights(t *testing.T) {
	nights := dates(t, "2025-01-13", "2025-01-14", "2025-01-15")
	d := func(s string) civil.Date { return dates(t, s)[0] }
	tests := []struct {
		name    string
		actions []time.Time
		ran     map[civil.Date]bool
		want    []civil.Date
	}{
		{"every night acted", []time.Time{eastern(t, "2025-01-13", 10, 0), eastern(t, "2025-01-14", 10, 0), eastern(t, "2025-01-15", 10, 0)},
			nil, nil},
		{"a night neither acted nor run", []time.Time{eastern(t, "2025-01-13", 10, 0), eastern(t, "2025-01-15", 10, 0)},
			nil, dates(t, "2025-01-14")},
		{"a night run by hand after it was missed", []time.Time{eastern(t, "2025-01-15", 10, 0)},
			map[civil.Date]bool{d("2025-01-13"): true, d("2025-01-14"): true}, nil},
		{"an action at 22:30 Eastern is that night's, not the next UTC day's", []time.Time{eastern(t, "2025-01-14", 22, 30)},
			map[civil.Date]bool{d("2025-01-13"): true}, dates(t, "2025-01-15")},
		{"nothing at all", nil, nil, nights},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := missedNights(nights, tt.actions, tt.ran); !slices.Equal(got, tt.want) {
				t.Errorf("missedNights = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDatesRunQuery(t *testing.T) {
	got := datesRunQuery(dates(t, "2025-01-14", "2025-01-15"))
	want := `WorkflowType = 'DailyWorkflow' AND NbaGameDate IN ('2025-01-14', '2025-01-15')`
	if got != want {
		t.Errorf("datesRunQuery =\n%s\nwant\n%s", got, want)
	}
}
