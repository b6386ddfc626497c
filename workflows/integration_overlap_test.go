package workflows_test

import (
	"context"
	"fmt"
	"maps"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/league"
	"nbaflow/internal/nba"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// commitGate is the warehouse of a worker whose commits of chosen workflows
// wait until the test releases them, so that a test can order the commits
// of two runs that overlap.
type commitGate struct {
	warehouse.Warehouse
	mu      sync.Mutex
	held    map[string]chan struct{} // workflow ID -> closed on release
	arrived map[string]chan nba.Processor
}

func newCommitGate(wh warehouse.Warehouse) *commitGate {
	return &commitGate{Warehouse: wh, held: map[string]chan struct{}{}, arrived: map[string]chan nba.Processor{}}
}

// hold makes the commits of workflow id wait for release.
func (g *commitGate) hold(id string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.held[id], g.arrived[id] = make(chan struct{}), make(chan nba.Processor, 2)
}

func (g *commitGate) release(id string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.held[id])
}

// waitArrived waits until the first commit of workflow id is at the gate
// (a run commits one processor at a time: the other waits behind it).
func (g *commitGate) waitArrived(t *testing.T, id string) {
	t.Helper()
	g.mu.Lock()
	arrived := g.arrived[id]
	g.mu.Unlock()
	select {
	case <-arrived:
	case <-time.After(time.Minute):
		t.Fatalf("no commit of %s arrived", id)
	}
}

func (g *commitGate) Commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	id, _, _ := strings.Cut(req.RunID, "/")
	g.mu.Lock()
	release, arrived := g.held[id], g.arrived[id]
	g.mu.Unlock()
	if release != nil {
		arrived <- req.Processor
		select {
		case <-release:
		case <-ctx.Done():
			return warehouse.CommitResult{}, ctx.Err()
		}
	}
	return g.Warehouse.Commit(ctx, req)
}

// corrections are input corrections that arrive while a run of the date is
// in flight: one player's last box score gains 50 points (his row changes),
// another is recorded DNP on the date (he leaves the plan), and a third's
// last box score loses its points (he fails with DATA_ERROR).
type corrections struct {
	changed, dropped, failing string
	ds                        nba.Dataset
}

func newCorrections(t *testing.T, date civil.Date) corrections {
	t.Helper()
	full, err := league.Generate(league.Config{SeasonYear: seasonYear, Seed: leagueSeed})
	if err != nil {
		t.Fatal(err)
	}
	var c corrections
	var players []string
	for _, e := range full.Gamebook {
		if e.GameDate == date && e.MinutesPlayed != nil && *e.MinutesPlayed > 20 && len(players) < 3 {
			players = append(players, e.PlayerLookup)
			if len(players) == 2 {
				e.PlayerStatus = "DNP"
				c.ds.Gamebook = append(c.ds.Gamebook, e)
			}
		}
	}
	c.changed, c.dropped, c.failing = players[0], players[1], players[2]
	last := map[string]nba.PlayerGame{}
	for _, g := range full.PlayerGames {
		if g.GameDate.Before(date) && g.GameDate.After(last[g.PlayerLookup].GameDate) {
			last[g.PlayerLookup] = g
		}
	}
	changed, failing := last[c.changed], last[c.failing]
	points, nan := *changed.Points+50, math.NaN()
	changed.Points, failing.Points = &points, &nan
	c.ds.PlayerGames = []nba.PlayerGame{changed, failing}
	return c
}

func (c corrections) apply(t *testing.T, wh warehouse.Warehouse) {
	t.Helper()
	if _, err := wh.LoadDataset(context.Background(), &c.ds); err != nil {
		t.Fatal(err)
	}
}

// dateOutcome is what a date holds, player by player: each processor's
// rows by data hash and failures by category.
func dateOutcome(t *testing.T, wh warehouse.Warehouse, date civil.Date) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	contexts, err := wh.PlayerContexts(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	zones, err := wh.ShotZoneProfiles(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	failures, err := wh.EntityFailures(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range contexts {
		out["upgc row "+r.PlayerLookup] = r.DataHash
	}
	for _, r := range zones {
		out["psza row "+r.PlayerLookup] = r.DataHash
	}
	for _, f := range failures {
		out[fmt.Sprintf("%s failure %s", shortProcessor(f.Processor), f.Failure.PlayerLookup)] = string(f.Failure.Category)
	}
	return out
}

func shortProcessor(p nba.Processor) string {
	if p == nba.UPGC {
		return "upgc"
	}
	return "psza"
}

// TestIntegrationOverlappingRunsKeepTheNewestPlan runs two DailyWorkflows
// of one date that overlap: the older planned before input corrections, the
// newer after them. Whichever commits first, the date ends with exactly the
// rows and failures one clean run of the corrected inputs leaves, player
// for player, and when the older commits last it reports superseded.
func TestIntegrationOverlappingRunsKeepTheNewestPlan(t *testing.T) {
	date := mustDate(t, integrationDate)
	fix := newCorrections(t, date)

	clean := newStack(t)
	fix.apply(t, clean.wh)
	clean.runDaily(t, "clean-"+integrationDate, workflows.DailyInput{GameDate: integrationDate})
	want := dateOutcome(t, clean.wh, date)
	for _, key := range []string{"upgc row " + fix.changed, "upgc failure " + fix.failing, "psza failure " + fix.failing} {
		if want[key] == "" {
			t.Fatalf("the clean run has no %q: the corrections did not take", key)
		}
	}
	if want["upgc row "+fix.dropped] != "" {
		t.Fatalf("the clean run has a row of %s, whom the corrections drop", fix.dropped)
	}

	for _, newerFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("newer commits first: %v", newerFirst), func(t *testing.T) {
			s, gate := newGatedStack(t)
			older, newer := fmt.Sprintf("older-%v-%s", newerFirst, integrationDate), fmt.Sprintf("newer-%v-%s", newerFirst, integrationDate)
			gate.hold(older)
			olderRun := s.start(t, older)
			gate.waitArrived(t, older)
			fix.apply(t, s.wh)
			if !newerFirst {
				gate.hold(newer)
			}
			newerRun := s.start(t, newer)
			if !newerFirst {
				gate.waitArrived(t, newer)
				gate.release(older)
				result(t, olderRun)
				gate.release(newer)
			}
			newerRes := result(t, newerRun)
			if newerFirst {
				gate.release(older)
			}
			olderRes := result(t, olderRun)

			if got := dateOutcome(t, s.wh, date); !maps.Equal(got, want) {
				t.Errorf("the date holds %d entries, the clean run %d; they differ at %v", len(got), len(want), differences(got, want))
			}
			if newerFirst && olderRes.Status != workflows.StatusSuperseded {
				t.Errorf("the older run committing last: %+v, want superseded", olderRes)
			}
			if !newerFirst && (newerRes.Processors[0].Deleted != 2 || newerRes.Processors[1].Deleted != 1) {
				t.Errorf("the newer run committing last deleted %d UPGC and %d PSZA rows, want 2 (dropped, failing) and 1 (failing)",
					newerRes.Processors[0].Deleted, newerRes.Processors[1].Deleted)
			}
			t.Logf("older: %s %+v\nnewer: %s %+v", olderRes.Status, olderRes.Processors, newerRes.Status, newerRes.Processors)
		})
	}
}

// newGatedStack is newStack with a worker whose commits go through a gate.
func newGatedStack(t *testing.T) (*stack, *commitGate) {
	t.Helper()
	s := &stack{c: server.Client(t), wh: testenv.Seeded(t), taskQueue: testenv.TaskQueue(t)}
	gate := newCommitGate(s.wh)
	testenv.StartWorker(t, s.c, s.taskQueue, gate)
	return s, gate
}

// start starts a daily run of the integration date under id.
func (s *stack) start(t *testing.T, id string) client.WorkflowRun {
	t.Helper()
	run, err := s.c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: integrationDate})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func result(t *testing.T, run client.WorkflowRun) workflows.DailyResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var res workflows.DailyResult
	if err := run.Get(ctx, &res); err != nil {
		t.Fatalf("run %s: %v", run.GetID(), err)
	}
	return res
}

// differences lists up to five keys whose values differ.
func differences(got, want map[string]string) []string {
	var out []string
	for _, m := range []map[string]string{got, want} {
		for k := range m {
			if got[k] != want[k] && len(out) < 5 {
				out = append(out, fmt.Sprintf("%s: %q, want %q", k, got[k], want[k]))
			}
		}
	}
	return out
}
