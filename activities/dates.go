package activities

import (
	"context"
	"fmt"
	"slices"

	"cloud.google.com/go/civil"
)

// MaxRangeDays bounds a backfill range: ten years of dates.
const MaxRangeDays = 3660

// DatesRequest is a backfill's dates: the range [StartDate, EndDate], or an
// explicit list (to re-run failed dates), which wins when given.
type DatesRequest struct {
	StartDate string   `json:"start_date,omitempty"`
	EndDate   string   `json:"end_date,omitempty"`
	Dates     []string `json:"dates,omitempty"`
}

// GameDateList splits the requested dates into game dates and off-days,
// both ascending. Off-days are reported so a backfill can list them as
// skipped (docs/domain.md A.2.14), never drop them silently.
type GameDateList struct {
	GameDates []civil.Date `json:"game_dates"`
	OffDays   []civil.Date `json:"off_days"`
}

// ListGameDates returns which of the requested dates have games.
func (a *Activities) ListGameDates(ctx context.Context, req DatesRequest) (GameDateList, error) {
	res, err := a.listGameDates(ctx, req)
	return res, nonRetryableIfRejected(err)
}

func (a *Activities) listGameDates(ctx context.Context, req DatesRequest) (GameDateList, error) {
	dates, err := requestedDates(req)
	if err != nil {
		return GameDateList{}, err
	}
	if len(dates) == 0 {
		return GameDateList{}, nil
	}
	games, err := a.Warehouse.GameDates(ctx, dates[0], dates[len(dates)-1])
	if err != nil {
		return GameDateList{}, fmt.Errorf("game dates in [%s, %s]: %w", dates[0], dates[len(dates)-1], err)
	}
	var list GameDateList
	for _, d := range dates {
		if _, found := slices.BinarySearchFunc(games, d, civil.Date.Compare); found {
			list.GameDates = append(list.GameDates, d)
		} else {
			list.OffDays = append(list.OffDays, d)
		}
	}
	return list, nil
}

// requestedDates returns the request's dates, ascending and distinct.
func requestedDates(req DatesRequest) ([]civil.Date, error) {
	if len(req.Dates) > 0 {
		dates := make([]civil.Date, 0, len(req.Dates))
		for _, s := range req.Dates {
			d, err := parseDate("dates", s)
			if err != nil {
				return nil, err
			}
			dates = append(dates, d)
		}
		slices.SortFunc(dates, civil.Date.Compare)
		return slices.Compact(dates), nil
	}
	start, err := parseDate("start_date", req.StartDate)
	if err != nil {
		return nil, err
	}
	end, err := parseDate("end_date", req.EndDate)
	if err != nil {
		return nil, err
	}
	if end.Before(start) {
		return nil, invalidRequest("end_date %s is before start_date %s", end, start)
	}
	if n := end.DaysSince(start) + 1; n > MaxRangeDays {
		return nil, invalidRequest("range %s to %s has %d days; at most %d", start, end, n, MaxRangeDays)
	}
	var dates []civil.Date
	for d := start; !d.After(end); d = d.AddDays(1) {
		dates = append(dates, d)
	}
	return dates, nil
}
