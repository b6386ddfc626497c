package activities

import (
	"context"
	"fmt"
	"sync/atomic"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/activity"

	"nbaflow/internal/nba"
)

// StaleDatesRequest asks which game dates a backfill with only_stale must
// run. Dates are text so that a malformed one fails the activity as bad
// data; no processor means every processor.
type StaleDatesRequest struct {
	Dates      []string        `json:"dates"`
	Processors []nba.Processor `json:"processors,omitempty"`
}

// StaleDateList splits game dates into those to run and those up to date,
// both ascending.
type StaleDateList struct {
	// Run are the dates with a requested processor whose committed rows
	// are stale (FindStale) or that never committed.
	Run []civil.Date `json:"run"`
	// UpToDate are the dates every requested processor of which committed
	// rows that the inputs as they are now leave unchanged.
	UpToDate []civil.Date `json:"up_to_date"`
}

// SelectStaleDates returns which of the game dates need a run. It
// heartbeats after each date it has checked: a season recomputes in this
// one activity, a few dates at a time (eachDate).
func (a *Activities) SelectStaleDates(ctx context.Context, req StaleDatesRequest) (StaleDateList, error) {
	res, err := a.selectStaleDates(ctx, req)
	return res, nonRetryableIfRejected(err)
}

func (a *Activities) selectStaleDates(ctx context.Context, req StaleDatesRequest) (StaleDateList, error) {
	procs := req.Processors
	if len(procs) == 0 {
		procs = nba.Processors
	}
	if len(req.Dates) == 0 {
		return StaleDateList{}, nil
	}
	dates, err := requestedDates(DatesRequest{Dates: req.Dates})
	if err != nil {
		return StaleDateList{}, err
	}
	run := make([]bool, len(dates))
	var checked atomic.Int64
	err = eachDate(ctx, dates, func(i int, date civil.Date) (err error) {
		run[i], err = a.needsRun(ctx, date, procs)
		if n := checked.Add(1); err == nil && activity.IsActivity(ctx) {
			activity.RecordHeartbeat(ctx, n)
		}
		return err
	})
	if err != nil {
		return StaleDateList{}, err
	}
	var list StaleDateList
	for i, d := range dates {
		if run[i] {
			list.Run = append(list.Run, d)
		} else {
			list.UpToDate = append(list.UpToDate, d)
		}
	}
	return list, nil
}

// needsRun reports whether a requested processor of date never committed
// or committed rows that are stale now.
func (a *Activities) needsRun(ctx context.Context, date civil.Date, procs []nba.Processor) (bool, error) {
	committed, err := a.committedKinds(ctx, date)
	if err != nil {
		return false, err
	}
	for _, p := range procs {
		if _, ok := committed[p]; !ok {
			return true, nil
		}
	}
	stale, err := a.staleAmong(ctx, date, procs, committed)
	if err != nil {
		return false, fmt.Errorf("staleness of %s: %w", date, err)
	}
	return len(stale) > 0, nil
}
