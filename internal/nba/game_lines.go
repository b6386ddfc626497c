package nba

import (
	"slices"
	"strings"
	"time"
)

// GameLines are the spread and total of the player's game before tipoff
// (docs/domain.md A.2.6, A.3). The spread is the player's team's: negative when that team
// is favoured.
type GameLines struct {
	Spread         *float64
	OpeningSpread  *float64
	SpreadMovement *float64
	SpreadSource   *string
	Total          *float64
	OpeningTotal   *float64
	TotalMovement  *float64
	TotalSource    *string
	RowsUsed       int
}

// ComputeGameLines takes the median over the books at the latest pre-tipoff
// snapshot (current) and at the earliest (opening), for the team's spread
// outcome and for the total.
func ComputeGameLines(team string, tipoff time.Time, lines []GameLineSnapshot) GameLines {
	var spreads, totals []GameLineSnapshot
	for _, l := range lines {
		if !l.SnapshotUTC.Before(tipoff) {
			continue
		}
		switch {
		case strings.EqualFold(l.Market, MarketSpreads) && strings.EqualFold(l.Outcome, team):
			spreads = append(spreads, l)
		case strings.EqualFold(l.Market, MarketTotals):
			totals = append(totals, l)
		}
	}
	var gl GameLines
	gl.Spread, gl.OpeningSpread, gl.SpreadMovement, gl.SpreadSource = consensus(spreads)
	gl.Total, gl.OpeningTotal, gl.TotalMovement, gl.TotalSource = consensus(totals)
	gl.RowsUsed = len(spreads) + len(totals)
	return gl
}

// consensus returns the median point at the latest and earliest snapshot,
// the movement between them and the books at the latest snapshot.
func consensus(rows []GameLineSnapshot) (current, opening, movement *float64, source *string) {
	if len(rows) == 0 {
		return nil, nil, nil, nil
	}
	first, last := rows[0].SnapshotUTC, rows[0].SnapshotUTC
	for _, r := range rows {
		first, last = minTime(first, r.SnapshotUTC), maxTime(last, r.SnapshotUTC)
	}
	cur, books := medianAt(rows, last)
	open, _ := medianAt(rows, first)
	cur, open = cur.roundTo(1), open.roundTo(1)
	current, opening, movement = cur.roundedPtr(1), open.roundedPtr(1), cur.sub(open).roundedPtr(1)
	src := strings.Join(books, ",")
	return current, opening, movement, &src
}

// medianAt is PERCENTILE_CONT(0.5) of the points at snapshot time at, exact
// (the mean of the two middle decimals), with the sorted distinct bookmakers
// there.
func medianAt(rows []GameLineSnapshot, at time.Time) (rat, []string) {
	var points []float64
	var books []string
	for _, r := range rows {
		if r.SnapshotUTC.Equal(at) {
			points = append(points, r.Point)
			books = append(books, strings.ToLower(r.Bookmaker))
		}
	}
	slices.Sort(points)
	slices.Sort(books)
	n := len(points)
	median := ratOf(points[n/2])
	if n%2 == 0 {
		median = ratOf(points[n/2-1]).add(median).quoInt(2)
	}
	return median, slices.Compact(books)
}
