package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/operator"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// brokenPlans is a warehouse in which the plan inputs of some dates hold a
// malformed row: reading them is refused, which no retry mends, so the
// date's daily run fails. fix mends a date, as an operator fixes the row.
type brokenPlans struct {
	warehouse.Warehouse
	mu     sync.Mutex
	broken map[civil.Date]bool
}

func (w *brokenPlans) PlanInputs(ctx context.Context, date civil.Date) (nba.PlanInputs, error) {
	w.mu.Lock()
	broken := w.broken[date]
	w.mu.Unlock()
	if broken {
		return nba.PlanInputs{}, fmt.Errorf("a malformed row of %s: %w", date, warehouse.ErrRejected)
	}
	return w.Warehouse.PlanInputs(ctx, date)
}

func (w *brokenPlans) fix(date civil.Date) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.broken, date)
}

// TestCLIRetryKeepsTheBackfillsSettings: a backfill of UPGC alone, chunk
// size 5, fails two dates. retry-failed re-runs them with those settings
// and says so: the retry's input has them, and the date it commits has
// context rows and no shot-zone rows. A retry of that retry keeps the
// processors while --chunk-size overrides the chunk size, and says so.
func TestCLIRetryKeepsTheBackfillsSettings(t *testing.T) {
	s := newIdleCLIStack(t)
	first, second := civil.Date{Year: 2025, Month: 1, Day: 14}, civil.Date{Year: 2025, Month: 1, Day: 15}
	wh := &brokenPlans{Warehouse: s.wh, broken: map[civil.Date]bool{first: true, second: true}}
	testenv.StartWorker(t, s.c, s.taskQueue, wh)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const id = "nba-backfill-2025-01-14_2025-01-15"

	res := s.backfillRun(t, ctx, 3, "backfill", "--from", first.String(), "--to", second.String(),
		"--processors", "upgc", "--chunk-size", "5")
	if res.DatesFailed != 2 {
		t.Fatalf("backfill: %+v, want both dates failed", res)
	}

	wh.fix(first)
	cli := s.nbaflowAsync(ctx, "retry-failed", id, "--wait", "--json")
	res = decodeBackfill(t, cli, 3)
	if res.DatesDone != 1 || res.DatesFailed != 1 {
		t.Errorf("retry: %+v, want %s committed and %s failed again", res, first, second)
	}
	checkSummary(t, cli, "re-running 2 failed dates of "+id+" with its settings: processors upgc, chunk size 5\n")
	checkRetryInput(t, s, id+"-retry-1", []string{"upgc"}, 5, first, second)
	checkUPGCOnly(t, s, first)

	wh.fix(second)
	cli = s.nbaflowAsync(ctx, "retry-failed", id+"-retry-1", "--chunk-size", "10", "--wait", "--json")
	if res = decodeBackfill(t, cli, 0); res.DatesDone != 1 {
		t.Errorf("retry of the retry: %+v, want %s committed", res, second)
	}
	checkSummary(t, cli, "re-running 1 failed dates of "+id+"-retry-1 with its settings: processors upgc; "+
		"--chunk-size 10 overrides chunk size 5\n")
	checkRetryInput(t, s, id+"-retry-1-retry-1", []string{"upgc"}, 10, second)
	checkUPGCOnly(t, s, second)
}

// backfillRun runs this CLI, which must exit with code and print a
// backfill's result as JSON.
func (s cliStack) backfillRun(t *testing.T, ctx context.Context, code int, args ...string) workflows.BackfillResult {
	t.Helper()
	return decodeBackfill(t, s.nbaflowAsync(ctx, append(args, "--wait", "--json")...), code)
}

// decodeBackfill waits for the CLI, which must exit with code and print a
// backfill's result as JSON.
func decodeBackfill(t *testing.T, cli *cliRun, code int) workflows.BackfillResult {
	t.Helper()
	got := cli.wait(t)
	var out struct {
		Backfill *workflows.BackfillResult `json:"backfill"`
	}
	if err := json.Unmarshal(cli.stdout.Bytes(), &out); err != nil || out.Backfill == nil || got != code {
		t.Fatalf("exit %d, want %d with a backfill's result: %v\n%s\n%s", got, code, err, cli.stdout.String(), cli.stderr.String())
	}
	return *out.Backfill
}

// checkSummary checks that the CLI said line on stderr.
func checkSummary(t *testing.T, cli *cliRun, line string) {
	t.Helper()
	if stderr := cli.stderr.String(); !strings.Contains(stderr, line) {
		t.Errorf("stderr does not say %q:\n%s", line, stderr)
	}
}

// checkRetryInput checks the input a retry was started with; dates are
// in order.
func checkRetryInput(t *testing.T, s cliStack, id string, processors []string, chunkSize int, dates ...civil.Date) {
	t.Helper()
	in, err := operator.New(s.c, "", s.taskQueue, "").BackfillInput(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range dates {
		want = append(want, d.String())
	}
	// The result lists failed dates in the order they failed.
	slices.Sort(in.Dates)
	if !slices.Equal(in.Processors, processors) || in.ChunkSize != chunkSize || !slices.Equal(in.Dates, want) ||
		in.StartDate != "" || in.Carried != nil {
		t.Errorf("%s started with %+v; want processors %v, chunk size %d, dates %v", id, in, processors, chunkSize, want)
	}
}

// checkUPGCOnly checks that date has context rows and, UPGC having been
// asked for alone, no shot-zone rows.
func checkUPGCOnly(t *testing.T, s cliStack, date civil.Date) {
	t.Helper()
	ctx := context.Background()
	contexts, err1 := s.wh.PlayerContexts(ctx, date)
	zones, err2 := s.wh.ShotZoneProfiles(ctx, date)
	if err1 != nil || err2 != nil || len(contexts) == 0 || len(zones) != 0 {
		t.Errorf("%s holds %d context rows (%v) and %d shot-zone rows (%v); want some and none", date, len(contexts), err1, len(zones), err2)
	}
}
