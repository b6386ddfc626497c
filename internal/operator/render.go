package operator

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"nbaflow/workflows"
)

// ProgressLine renders progress as one line with a bar, for a terminal.
func ProgressLine(p Progress) string {
	switch {
	case p.Daily != nil && len(p.Daily.Processors) == 0:
		return fmt.Sprintf("%s %s %s", bar(0, 1), p.Daily.GameDate, p.Daily.Phase)
	case p.Daily != nil:
		d := p.Daily
		planned, done, failed := 0, 0, 0
		var parts []string
		for _, pr := range d.Processors {
			planned += pr.Planned
			done += pr.Done
			failed += pr.Failed
			parts = append(parts, fmt.Sprintf("%s %d/%d", shortName(string(pr.Processor)), pr.Done, pr.Planned))
		}
		return fmt.Sprintf("%s %d/%d players · %s · %d failed · %s", bar(done, planned), done, planned,
			strings.Join(parts, " · "), failed, d.Phase)
	case p.Backfill != nil:
		b := p.Backfill
		finished := b.DatesDone + b.DatesFailed
		eta := "?"
		if b.ETASeconds > 0 {
			eta = (time.Duration(b.ETASeconds) * time.Second).String()
		}
		return fmt.Sprintf("%s %d/%d dates · %d failed · %d in flight · %d players · %.1f dates/min · ETA %s",
			bar(finished, b.DatesTotal), finished, b.DatesTotal, b.DatesFailed, b.DatesInFlight,
			b.PlayersProcessed, b.DatesPerMinute, eta)
	}
	return "(no progress yet)"
}

// bar draws [=====>    ] for done of total.
func bar(done, total int) string {
	const width = 24
	n := 0
	if total > 0 {
		n = min(width, done*width/total)
	}
	head := ""
	if n < width {
		head = ">"
	}
	return "[" + strings.Repeat("=", n) + head + strings.Repeat(" ", max(0, width-n-len(head))) + "]"
}

// shortName is UPGC or PSZA for the processors' table names.
func shortName(p string) string {
	switch p {
	case "upcoming_player_game_context":
		return "UPGC"
	case "player_shot_zone_analysis":
		return "PSZA"
	}
	return p
}

// WriteDailySummary writes a daily run's result for a person: players per
// processor, what the commit changed, failures by category, timings, link.
func WriteDailySummary(w io.Writer, r workflows.DailyResult, link string) {
	fmt.Fprintf(w, "Daily run %s (%s): %s, %d failed players, %.1fs\n", r.GameDate, r.RunKind, r.Status,
		r.FailedPlayers, float64(r.Timings.TotalMS)/1000)
	for _, p := range r.Processors {
		if p.Superseded {
			fmt.Fprintf(w, "  %-4s %4d players planned: superseded by the newer run %s, which had committed first; nothing written\n",
				shortName(string(p.Processor)), p.Planned, p.SupersededBy)
			continue
		}
		fmt.Fprintf(w, "  %-4s %4d players planned: %d inserted, %d updated, %d unchanged, %d deleted, %d failed, %d skipped (too few games)",
			shortName(string(p.Processor)), p.Planned, p.Inserted, p.Updated, p.Unchanged, p.Deleted, p.Failed, p.Skipped)
		if p.SkippedReason != "" {
			fmt.Fprintf(w, " (skipped: %s)", p.SkippedReason)
		}
		fmt.Fprintln(w)
		cats := make([]string, 0, len(p.FailuresByCategory))
		for c := range p.FailuresByCategory {
			cats = append(cats, c)
		}
		slices.Sort(cats)
		for _, c := range cats {
			fmt.Fprintf(w, "         %-24s %d\n", c, p.FailuresByCategory[c])
		}
	}
	fmt.Fprintf(w, "  UI: %s\n", link)
}

// WriteBackfillSummary writes a backfill's result for a person, listing
// every failed date with its error.
func WriteBackfillSummary(w io.Writer, r workflows.BackfillResult, link string) {
	fmt.Fprintf(w, "Backfill: %s, %d of %d game dates committed, %d failed, %d off-days skipped, %d players in %.1fs (%.1f dates/min, %d runs)\n",
		r.Status, r.DatesDone, r.DatesTotal, r.DatesFailed, len(r.SkippedOffDays), r.PlayersProcessed,
		float64(r.ElapsedMS)/1000, r.DatesPerMinute, r.Runs)
	if len(r.UpToDate) > 0 {
		fmt.Fprintf(w, "  %d game dates up to date, left as they were (only stale dates ran)\n", len(r.UpToDate))
	}
	if r.StoppedReason != "" {
		fmt.Fprintf(w, "  %s; %d dates not started\n", r.StoppedReason, r.DatesNotStarted)
	}
	for _, f := range r.Failed {
		fmt.Fprintf(w, "  failed %s: %s\n", f.Date, f.Error)
	}
	if len(r.Failed) > 0 {
		fmt.Fprintln(w, "  re-run them with: nbaflow retry-failed <this backfill's workflow id>")
	}
	fmt.Fprintf(w, "  UI: %s\n", link)
}
