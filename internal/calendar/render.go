package calendar

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"cloud.google.com/go/civil"
)

// mark is how a state looks: a letter that carries it without colour, and
// the SGR colour (foreground;background) that carries it with.
type mark struct {
	letter byte
	label  string
	sgr    string
}

// marks are the look of each state. Each has its own letter so that the
// grid reads the same piped or under NO_COLOR as in colour.
var marks = map[State]mark{
	OffDay:                {'.', "off-day", "2"},
	Committed:             {'C', "committed", "30;42"},
	CommittedWithFailures: {'P', "committed with failed players", "30;43"},
	NeverRun:              {'N', "never run", "30;47"},
	Stale:                 {'S', "stale", "30;45"},
	Failed:                {'F', "failed", "97;41"},
	Running:               {'R', "running", "97;44"},
}

// Months side by side, and the width of a date cell ("17C" and a space).
const (
	monthsPerRow = 3
	cellWidth    = 4
	monthWidth   = 7 * cellWidth
	monthGap     = "  "
)

// Render writes the season as a grid of months, three to a row, a week to
// a line from Monday, each date as its day of the month and its state's
// letter, followed by the legend and how many dates are in each state.
// With colour each cell also takes its state's colours (ANSI SGR).
func Render(w io.Writer, s Season, colour bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Season %d-%02d: %d dates\n\n", s.Year, (s.Year+1)%100, len(s.Days))
	months := splitMonths(s.Days)
	for i := 0; i < len(months); i += monthsPerRow {
		row := months[i:min(i+monthsPerRow, len(months))]
		writeMonthRow(&b, row, colour)
		b.WriteByte('\n')
	}
	writeLegend(&b, s.Counts(), colour)
	_, err := io.WriteString(w, b.String())
	return err
}

// month is the days of one calendar month of the season.
type month struct {
	first civil.Date // the 1st of the month
	days  map[int]Day
}

// splitMonths groups days, in order, by calendar month.
func splitMonths(days []Day) []month {
	var ms []month
	for _, d := range days {
		first := civil.Date{Year: d.Date.Year, Month: d.Date.Month, Day: 1}
		if len(ms) == 0 || ms[len(ms)-1].first != first {
			ms = append(ms, month{first: first, days: map[int]Day{}})
		}
		ms[len(ms)-1].days[d.Date.Day] = d
	}
	return ms
}

// writeMonthRow writes months side by side: a title line, the weekdays and
// six week lines, padded so that the columns line up.
func writeMonthRow(b *strings.Builder, row []month, colour bool) {
	blocks := make([][]string, len(row))
	for i, m := range row {
		blocks[i] = m.lines(colour)
	}
	for line := range blocks[0] {
		var parts []string
		for _, block := range blocks {
			parts = append(parts, block[line])
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, monthGap), " "))
		b.WriteByte('\n')
	}
}

// lines draws the month as eight lines of monthWidth visible columns.
func (m month) lines(colour bool) []string {
	title := fmt.Sprintf("%s %d", m.first.Month, m.first.Year)
	lines := []string{pad(title, len(title)), "Mo  Tu  We  Th  Fr  Sa  Su  "}
	offset := (int(m.first.In(time.UTC).Weekday()) + 6) % 7 // Monday first
	last := m.first.AddMonths(1).AddDays(-1).Day
	week := strings.Repeat(" ", offset*cellWidth)
	for day := 1; day <= last; day++ {
		week += m.cell(day, colour)
		if (offset+day)%7 == 0 || day == last {
			visible := ((offset+day-1)%7 + 1) * cellWidth
			lines = append(lines, pad(week, visible))
			week = ""
		}
	}
	for len(lines) < 8 {
		lines = append(lines, strings.Repeat(" ", monthWidth))
	}
	return lines
}

// cell draws one date: its day and its state's letter, or blanks for a
// date outside the season's range.
func (m month) cell(day int, colour bool) string {
	d, ok := m.days[day]
	if !ok {
		return fmt.Sprintf("%2d  ", day)
	}
	k := marks[d.State()]
	text := fmt.Sprintf("%2d%c", day, k.letter)
	if colour {
		text = "\x1b[" + k.sgr + "m" + text + "\x1b[0m"
	}
	return text + " "
}

// pad fills s, which shows visible columns, with spaces to monthWidth.
func pad(s string, visible int) string {
	return s + strings.Repeat(" ", max(monthWidth-visible, 0))
}

// writeLegend writes each state's letter and name with its count.
func writeLegend(b *strings.Builder, counts map[State]int, colour bool) {
	for _, s := range States {
		k := marks[s]
		letter := string(k.letter)
		if colour {
			letter = "\x1b[" + k.sgr + "m" + letter + "\x1b[0m"
		}
		fmt.Fprintf(b, "  %s %-30s %4d\n", letter, k.label, counts[s])
	}
}

// dayJSON is a Day as WriteJSON writes it: its state spelt out.
type dayJSON struct {
	Day
	State State `json:"state"`
}

// WriteJSON writes the season as one JSON object: the season year, the
// count of dates per state and every day with its state and evidence.
func WriteJSON(w io.Writer, s Season) error {
	days := make([]dayJSON, len(s.Days))
	for i, d := range s.Days {
		days[i] = dayJSON{Day: d, State: d.State()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Year   int           `json:"season"`
		Counts map[State]int `json:"counts"`
		Days   []dayJSON     `json:"days"`
	}{s.Year, s.Counts(), days})
}
