package workflows

import (
	"fmt"
	"math"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/workflow"
)

// BackfillState is a backfill's progress, carried from run to run.
type BackfillState struct {
	// Pending are the game dates not started yet, ascending.
	Pending        []civil.Date `json:"pending,omitempty"`
	DatesTotal     int          `json:"dates_total"`
	Done           int          `json:"done"`
	Failed         []FailedDate `json:"failed,omitempty"`
	SkippedOffDays []civil.Date `json:"skipped_off_days,omitempty"`
	// UpToDate are the game dates an only_stale backfill leaves as they are.
	UpToDate         []civil.Date `json:"up_to_date,omitempty"`
	PlayersProcessed int          `json:"players_processed"`
	FailedPlayers    int          `json:"failed_players"`
	// StartedAt is when the first run started, for the rate.
	StartedAt time.Time `json:"started_at"`
	// Runs counts the runs before this one.
	Runs int `json:"runs"`
	// ConsecutiveFailures dates in a row failed with LastFailureCode;
	// StoppedReason says why the backfill stopped itself, if it did.
	ConsecutiveFailures int    `json:"consecutive_failures,omitempty"`
	LastFailureCode     string `json:"last_failure_code,omitempty"`
	StoppedReason       string `json:"stopped_reason,omitempty"`
}

// FailedDate is a date whose daily run failed, with why; re-run such dates
// with BackfillInput.Dates.
type FailedDate struct {
	Date  civil.Date `json:"date"`
	Error string     `json:"error"`
	Code  string     `json:"code,omitempty"` // errorCode
}

// BackfillProgress is the answer to the "progress" query of a backfill.
type BackfillProgress struct {
	DatesTotal       int     `json:"dates_total"`
	DatesDone        int     `json:"dates_done"`
	DatesFailed      int     `json:"dates_failed"`
	DatesInFlight    int     `json:"dates_in_flight"`
	SkippedOffDays   int     `json:"skipped_off_days"`
	UpToDate         int     `json:"up_to_date"`
	PlayersProcessed int     `json:"players_processed"`
	DatesPerMinute   float64 `json:"dates_per_minute"`
	ETASeconds       int64   `json:"eta_seconds"`
	Run              int     `json:"run"`
}

// backfill is the orchestration state of one backfill run.
type backfill struct {
	input     BackfillInput
	state     BackfillState
	inFlight  int
	stopAfter int // 0: never (stopAfter)
}

// rate is dates finished (done or failed) per minute since the backfill began.
func (b *backfill) rate(ctx workflow.Context) (perMinute float64, elapsed time.Duration) {
	elapsed = workflow.Now(ctx).Sub(b.state.StartedAt)
	finished := b.state.Done + len(b.state.Failed)
	if elapsed <= 0 || finished == 0 {
		return 0, elapsed
	}
	return float64(finished) / elapsed.Minutes(), elapsed
}

func (b *backfill) progress(ctx workflow.Context) BackfillProgress {
	perMinute, _ := b.rate(ctx)
	p := BackfillProgress{
		DatesTotal:       b.state.DatesTotal,
		DatesDone:        b.state.Done,
		DatesFailed:      len(b.state.Failed),
		DatesInFlight:    b.inFlight,
		SkippedOffDays:   len(b.state.SkippedOffDays),
		UpToDate:         len(b.state.UpToDate),
		PlayersProcessed: b.state.PlayersProcessed,
		DatesPerMinute:   round1(perMinute),
		Run:              b.state.Runs + 1,
	}
	if perMinute > 0 {
		left := p.DatesTotal - p.DatesDone - p.DatesFailed
		p.ETASeconds = int64(math.Ceil(float64(left) / perMinute * 60))
	}
	return p
}

// report shows a one-line summary in the UI, e.g.
// "45/165 dates · 2 failed · 4 in flight · 12 off-days skipped · 9.5 dates/min".
func (b *backfill) report(ctx workflow.Context) {
	p := b.progress(ctx)
	details := fmt.Sprintf("%d/%d dates · %d failed · %d in flight · %d off-days skipped · %.1f dates/min",
		p.DatesDone, p.DatesTotal, p.DatesFailed, p.DatesInFlight, p.SkippedOffDays, p.DatesPerMinute)
	if p.UpToDate > 0 {
		details += fmt.Sprintf(" · %d up to date", p.UpToDate)
	}
	workflow.SetCurrentDetails(ctx, details)
}

func (b *backfill) result(ctx workflow.Context) BackfillResult {
	perMinute, elapsed := b.rate(ctx)
	status := StatusSuccess
	switch {
	case b.state.StoppedReason != "":
		status = StatusStopped
	case len(b.state.Failed) > 0:
		status = StatusPartial
	}
	return BackfillResult{
		Status:           status,
		DatesTotal:       b.state.DatesTotal,
		DatesDone:        b.state.Done,
		DatesFailed:      len(b.state.Failed),
		Failed:           b.state.Failed,
		SkippedOffDays:   b.state.SkippedOffDays,
		UpToDate:         b.state.UpToDate,
		PlayersProcessed: b.state.PlayersProcessed,
		FailedPlayers:    b.state.FailedPlayers,
		Runs:             b.state.Runs + 1,
		ElapsedMS:        elapsed.Milliseconds(),
		DatesPerMinute:   round1(perMinute),
		StoppedReason:    b.state.StoppedReason,
		DatesNotStarted:  len(b.state.Pending),
		NotStarted:       b.state.Pending,
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
