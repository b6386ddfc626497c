package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"nbaflow/workflows"
)

// tonightBackfillTo ends the backfill that runs beside tonight's date a week
// before it, so that the two never compute the same date.
const tonightBackfillTo = "2025-02-19"

// BenchmarkTonightFirst runs tonight's date (benchDate, a full slate) alone,
// then again while a backfill of the season up to a week before it has its
// dates in flight on the same worker and server: the backfill's daily runs
// carry the low task-queue priority (workflows.BackfillPriorityKey), the
// nightly run the default. Each is the median of dateSamples runs, since
// one run of a date moves by half on a shared 2-core machine.
// docs/design.md: tonight's run finishes within 2x its time alone.
func BenchmarkTonightFirst(b *testing.B) {
	s := newStack(b, 0, 0)
	runDaily(b, s, "bench-tonight-warm-up")
	for i := range b.N {
		alone, players := medianDaily(b, s, fmt.Sprintf("bench-tonight-alone-%d", i), settle)
		stop := startBackfillBeside(b, s, fmt.Sprintf("bench-tonight-backfill-%d", i))
		busy, _ := medianDaily(b, s, fmt.Sprintf("bench-tonight-busy-%d", i), settle)
		stop()
		b.ReportMetric(alone.Seconds(), "s/date-alone")
		b.ReportMetric(busy.Seconds(), "s/date-beside-backfill")
		record(tonightAlone, alone, players)
		record(tonightBusy, busy, players)
	}
}

// startBackfillBeside starts a season backfill and returns once its window
// of dates is in flight; stop checks that it was still running (else the
// measurement beside it means nothing), cancels it and waits for it to end.
func startBackfillBeside(b *testing.B, s stack, id string) (stop func()) {
	b.Helper()
	ctx := context.Background()
	in := workflows.BackfillInput{StartDate: seasonFrom, EndDate: tonightBackfillTo, ChunkSize: backfillChunkSize}
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue}, workflows.BackfillWorkflowName, in)
	if err != nil {
		b.Fatal(err)
	}
	waitInFlight(b, s.c, id, workflows.DefaultMaxParallelDates)
	return func() {
		desc, err := s.c.DescribeWorkflow(ctx, id, "")
		if err != nil {
			b.Fatal(err)
		}
		if st := desc.Status; st != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			b.Errorf("the backfill beside tonight's date ended (%s) before the date did", st)
		}
		if err := s.c.CancelWorkflow(ctx, id, ""); err != nil {
			b.Fatal(err)
		}
		_ = run.Get(ctx, nil) // cancelled: its error says so
	}
}

// waitInFlight waits until the backfill has n dates in flight.
func waitInFlight(b *testing.B, c client.Client, id string, n int) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		v, err := c.QueryWorkflow(context.Background(), id, "", workflows.ProgressQuery)
		if err == nil {
			var p workflows.BackfillProgress
			if err := v.Get(&p); err == nil && p.DatesInFlight >= n {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.Fatalf("backfill %s did not reach %d dates in flight within a minute", id, n)
}
