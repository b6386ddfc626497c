package nba_test

import (
	"math"
	"reflect"
	"strconv"
	"testing"

	"nbaflow/internal/nba"
)

// FuzzContextBuilder feeds arbitrary stats, minutes, lines and dates to the
// context builder: it must never panic, and it either fails the player with
// a category or returns a row whose numbers are all finite.
func FuzzContextBuilder(f *testing.F) {
	f.Add(25.0, 35.5, 98.0, 24.5, -5.5, 1, 20.0)
	f.Add(math.NaN(), 35.5, 98.0, 24.5, -5.5, 2, 20.0)
	f.Add(25.0, -3.0, 98.0, 24.5, -5.5, 3, 20.0)
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, 0, 0.0)
	f.Add(1e308, 1e308, math.Inf(1), -1.0, math.Inf(-1), 30, -1.0)
	f.Fuzz(func(t *testing.T, points, minutes, pace, line, spread float64, daysBack int, usage float64) {
		in := g1Inputs(t)
		in.PlayerGames[0].Points = &points
		in.PlayerGames[1].MinutesPlayed = minutes
		in.PlayerGames[2].UsageRate = &usage
		in.PlayerGames[2].GameDate = in.Date.AddDays(-(daysBack%60 + 1))
		in.OddsProps[1].PointsLine = line
		in.GameLines[2].Point = spread
		in.TeamGames = []nba.TeamGame{{GameID: "g", GameDate: in.Date.AddDays(-1), TeamAbbr: "BOS", Pace: pace, Possessions: pace}}
		row, fail := buildOne(t, in, nba.PlannedPlayer{PlayerLookup: "lebronjames", TeamAbbr: "LAL", GameID: "20251120_LAL_BOS"}, nba.RunDaily)
		if fail != nil {
			if fail.Category == "" || fail.Reason == "" {
				t.Fatalf("failure without category or reason: %+v", fail)
			}
			return
		}
		assertFinite(t, row)
	})
}

// FuzzShotZoneBuilder does the same for the shot-zone builder.
func FuzzShotZoneBuilder(f *testing.F) {
	f.Add(8.0, 5.0, 4.0, 2.0, 6.0, 2.0, 30.0)
	f.Add(math.NaN(), 5.0, 4.0, 2.0, 6.0, 2.0, 30.0)
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(1.0, 5.0, -4.0, 2.0, 6.0, 9.0, -1.0)
	f.Fuzz(func(t *testing.T, pa, pm, ma, mm, ta, tm, minutes float64) {
		in := zoneInputs(t, map[string]zoneGame{"p": {pa: 8, pm: 5, ma: 4, mm: 2, ta: 6, tm: 2}}, 12)
		g := &in.PlayerGames[3]
		g.PaintAttempts, g.PaintMakes, g.MidRangeAttempts, g.MidRangeMakes = &pa, &pm, &ma, &mm
		g.ThreePtAttempts, g.ThreePtMakes, g.MinutesPlayed = ta, tm, minutes
		row, fail := buildZone(t, in, "p", nba.RunBackfill)
		if fail != nil {
			if fail.Category == "" || fail.Reason == "" {
				t.Fatalf("failure without category or reason: %+v", fail)
			}
			return
		}
		assertFinite(t, row)
	})
}

// FuzzParseMinutes: any text either parses to a finite non-negative value,
// is empty, or is an error.
func FuzzParseMinutes(f *testing.F) {
	for _, s := range []string{"35:42", "", "invalid", "-1", "1e400", "NaN", "12:60", "0:00", " 7.5 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := nba.ParseMinutes(s)
		if err == nil && m != nil && (math.IsNaN(*m) || math.IsInf(*m, 0) || *m < 0) {
			t.Fatalf("ParseMinutes(%q) = %v", s, *m)
		}
	})
}

// FuzzRound compares Round with rounding the shortest decimal text by hand.
func FuzzRound(f *testing.F) {
	for _, x := range []float64{25.25, 2.675, -1.005, 0.125, 1e-9, 123456.789} {
		f.Add(x, 2)
	}
	f.Fuzz(func(t *testing.T, x float64, places int) {
		places = ((places % 7) + 7) % 7
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e12 {
			return
		}
		got := nba.Round(x, places)
		want := decimalRound(x, places)
		if got != want {
			t.Fatalf("Round(%v, %d) = %v, want %v", x, places, got, want)
		}
	})
}

// decimalRound rounds the shortest decimal text of x half away from zero,
// digit by digit, as a reference for Round.
func decimalRound(x float64, places int) float64 {
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	intPart, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
		}
	}
	for len(frac) <= places {
		frac += "0"
	}
	digits := []byte(intPart + frac[:places])
	if frac[places] >= '5' {
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		} else {
			digits[i]++
		}
	}
	n := len(digits) - places
	v, _ := strconv.ParseFloat(string(digits[:n])+"."+string(digits[n:])+"0", 64)
	return math.Copysign(v, x)
}

// assertFinite fails on any NaN or infinite float in a row.
func assertFinite(t *testing.T, row any) {
	t.Helper()
	v := reflect.ValueOf(row)
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem()
		}
		if f.Kind() == reflect.Float64 && (math.IsNaN(f.Float()) || math.IsInf(f.Float(), 0)) {
			t.Fatalf("%s is %v", v.Type().Field(i).Name, f.Float())
		}
	}
}
