package league

import (
	"time"

	"cloud.google.com/go/civil"
)

// calendar is the frame of one regular season: the dates on which games may
// be played, from the opener to the last day.
type calendar struct {
	season int
	opener civil.Date
	end    civil.Date
	// allStar is the All-Star Sunday; no games are played from the Friday
	// before it to the Wednesday after it.
	allStar civil.Date
	// dates are the playable dates in order.
	dates []civil.Date
}

// seasonLengthDays is the distance from the opening Tuesday to the closing
// Sunday, as in 2024-25 (October 22 to April 13).
const seasonLengthDays = 173

// newCalendar lays out the season that starts in the autumn of season:
// opener to closing day, without Thanksgiving, Christmas Eve and the
// All-Star break.
func newCalendar(season int) calendar {
	c := calendar{season: season}
	// The league opens on a Tuesday in the second half of October; on or
	// after the 18th matches the openers of 2021 to 2025.
	c.opener = nextWeekday(civil.Date{Year: season, Month: time.October, Day: 18}, time.Tuesday)
	c.end = c.opener.AddDays(seasonLengthDays)
	c.allStar = nextWeekday(civil.Date{Year: season + 1, Month: time.February, Day: 1}, time.Sunday).AddDays(14)
	thanksgiving := nextWeekday(civil.Date{Year: season, Month: time.November, Day: 1}, time.Thursday).AddDays(21)
	christmasEve := civil.Date{Year: season, Month: time.December, Day: 24}
	for d := c.opener; !d.After(c.end); d = d.AddDays(1) {
		if d == thanksgiving || d == christmasEve || c.inAllStarBreak(d) {
			continue
		}
		c.dates = append(c.dates, d)
	}
	return c
}

// inAllStarBreak reports whether d falls in the All-Star break.
func (c calendar) inAllStarBreak(d civil.Date) bool {
	return !d.Before(c.allStar.AddDays(-2)) && !d.After(c.allStar.AddDays(3))
}

// nextWeekday returns the first date on or after d that falls on wd.
func nextWeekday(d civil.Date, wd time.Weekday) civil.Date {
	for weekday(d) != wd {
		d = d.AddDays(1)
	}
	return d
}

// weekday is the day of the week of a civil date.
func weekday(d civil.Date) time.Weekday {
	return d.In(time.UTC).Weekday()
}
