package main

import (
	"testing"

	"cloud.google.com/go/civil"
)

func TestParseDoctorRange(t *testing.T) {
	yesterday := civil.Date{Year: 2025, Month: 1, Day: 20}
	tests := []struct {
		name     string
		from, to string
		season   int
		want     doctorRange
		usage    bool
	}{
		{"explicit", "2025-01-02", "2025-01-10", 0, doctorRange{from: civil.Date{Year: 2025, Month: 1, Day: 2}, to: civil.Date{Year: 2025, Month: 1, Day: 10}}, false},
		{"not past yesterday", "2025-01-02", "2025-02-10", 0, doctorRange{from: civil.Date{Year: 2025, Month: 1, Day: 2}, to: yesterday}, false},
		{"the current season", "", "", 0, doctorRange{to: yesterday, season: 2024}, false},
		{"a past season ends in September", "", "", 2022, doctorRange{to: civil.Date{Year: 2023, Month: 9, Day: 30}, season: 2022}, false},
		{"--from alone", "2025-01-02", "", 0, doctorRange{}, true},
		{"both forms", "2025-01-02", "2025-01-03", 2024, doctorRange{}, true},
		{"out of order", "2025-01-03", "2025-01-02", 0, doctorRange{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDoctorRange(tt.from, tt.to, tt.season, yesterday)
			_, isUsage := err.(usageError)
			if isUsage != tt.usage || (err != nil && !isUsage) || got != tt.want {
				t.Errorf("parseDoctorRange = %+v, %v; want %+v, usage error %v", got, err, tt.want, tt.usage)
			}
		})
	}
}
