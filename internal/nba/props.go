package nba

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// PropLines are the player's points lines before tipoff (docs/domain.md §3.6.2 with A.2.5).
type PropLines struct {
	HasPropLine   bool
	Current       *float64
	Opening       *float64
	Movement      *float64
	CurrentSource *string
	OpeningSource *string
	RowsUsed      int
}

// oddsPriority ranks Odds API bookmakers: draftkings, then fanduel, then
// the rest (A.2.5).
func oddsPriority(bookmaker string) int {
	switch strings.ToLower(bookmaker) {
	case "draftkings":
		return 1
	case "fanduel":
		return 2
	default:
		return 99
	}
}

// bettingProsPriority ranks BettingPros books; the consensus comes last.
func bettingProsPriority(bookmaker string) int {
	switch strings.ToLower(bookmaker) {
	case "draftkings":
		return 1
	case "fanduel":
		return 2
	case "bettingpros consensus":
		return 99
	default:
		return 50
	}
}

// ComputePropLines picks the player's lines from snapshots taken before
// tipoff (A.2.5). The current line is the highest-priority bookmaker's line
// at the latest Odds API snapshot, the opening line the same at the earliest;
// with no Odds API line the BettingPros "over" offer of the highest-priority
// book is used. Never the lowest line by accident.
func ComputePropLines(tipoff time.Time, odds []OddsProp, bettingPros []BettingProsProp) PropLines {
	var first, last time.Time
	pre := 0
	for _, p := range odds {
		if !p.SnapshotUTC.Before(tipoff) {
			continue
		}
		if pre == 0 {
			first, last = p.SnapshotUTC, p.SnapshotUTC
		}
		first, last = minTime(first, p.SnapshotUTC), maxTime(last, p.SnapshotUTC)
		pre++
	}
	if pre > 0 {
		cur, open := bestOddsAt(odds, last), bestOddsAt(odds, first)
		pl := PropLines{HasPropLine: true, RowsUsed: pre}
		pl.CurrentSource, pl.OpeningSource = &cur.Bookmaker, &open.Bookmaker
		pl.Current, pl.Opening, pl.Movement = lineAndMovement(cur.PointsLine, &open.PointsLine)
		return pl
	}
	return bettingProsLines(tipoff, bettingPros)
}

// bestOddsAt is the highest-priority bookmaker's row at snapshot time at.
func bestOddsAt(rows []OddsProp, at time.Time) OddsProp {
	var best *OddsProp
	for i := range rows {
		p := &rows[i]
		if !p.SnapshotUTC.Equal(at) {
			continue
		}
		if best == nil || cmp.Or(cmp.Compare(oddsPriority(p.Bookmaker), oddsPriority(best.Bookmaker)),
			cmp.Compare(p.Bookmaker, best.Bookmaker), cmp.Compare(p.PointsLine, best.PointsLine)) < 0 {
			best = p
		}
	}
	return *best
}

func bettingProsLines(tipoff time.Time, rows []BettingProsProp) PropLines {
	var offers []BettingProsProp
	for _, p := range rows {
		if p.IsActive && strings.EqualFold(p.MarketType, "points") && strings.EqualFold(p.BetSide, "over") &&
			p.BookmakerLastUpdate.Before(tipoff) {
			offers = append(offers, p)
		}
	}
	if len(offers) == 0 {
		return PropLines{}
	}
	best := slices.MinFunc(offers, func(a, b BettingProsProp) int {
		return cmp.Or(
			cmp.Compare(bettingProsPriority(a.Bookmaker), bettingProsPriority(b.Bookmaker)),
			-compareBool(a.IsBestLine, b.IsBestLine),
			b.BookmakerLastUpdate.Compare(a.BookmakerLastUpdate),
			cmp.Compare(a.Bookmaker, b.Bookmaker))
	})
	source := "bettingpros_" + best.Bookmaker
	pl := PropLines{HasPropLine: true, RowsUsed: len(offers), CurrentSource: &source}
	pl.Current, pl.Opening, pl.Movement = lineAndMovement(best.PointsLine, best.OpeningLine)
	if best.OpeningLine != nil {
		pl.OpeningSource = &source
	}
	return pl
}

// lineAndMovement rounds the current and opening lines to one decimal and
// takes the movement as the exact difference of the rounded lines (A.2.15);
// without an opening line, opening and movement are nil.
func lineAndMovement(current float64, opening *float64) (cur, open, movement *float64) {
	c := ratOf(current).roundTo(1)
	if opening == nil {
		return c.roundedPtr(1), nil, nil
	}
	o := ratOf(*opening).roundTo(1)
	return c.roundedPtr(1), o.roundedPtr(1), c.sub(o).roundedPtr(1)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
