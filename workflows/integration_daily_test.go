package workflows_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"nbaflow/internal/league"
	"nbaflow/internal/nba"
	"nbaflow/workflows"
)

// integrationDate is a mid-season date with a full slate of the seeded league.
const integrationDate = "2025-01-15"

// outcome is what the warehouse holds for one processor on one date.
type outcome struct {
	rows     []string // players with a row
	failures map[string]nba.Category
}

func readOutcomes(t *testing.T, s *stack, date civil.Date) map[nba.Processor]outcome {
	t.Helper()
	ctx := context.Background()
	out := map[nba.Processor]outcome{}
	contexts, err := s.wh.PlayerContexts(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	zones, err := s.wh.ShotZoneProfiles(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	failures, err := s.wh.EntityFailures(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		out[p] = outcome{failures: map[string]nba.Category{}}
	}
	add := func(p nba.Processor, player string) {
		o := out[p]
		o.rows = append(o.rows, player)
		out[p] = o
	}
	for _, r := range contexts {
		add(nba.UPGC, r.PlayerLookup)
	}
	for _, r := range zones {
		add(nba.PSZA, r.PlayerLookup)
	}
	for _, f := range failures {
		out[f.Processor].failures[f.Failure.PlayerLookup] = f.Failure.Category
	}
	return out
}

// TestIntegrationDailyRunWritesOneRowPerPlayer runs a date on a real worker
// and dev server: every planned player has exactly one row or one recorded
// failure per processor; running the date again changes nothing.
func TestIntegrationDailyRunWritesOneRowPerPlayer(t *testing.T) {
	s := newStack(t)
	date := mustDate(t, integrationDate)
	res, run := s.runDaily(t, workflows.DailyWorkflowID(date), workflows.DailyInput{GameDate: integrationDate})
	if res.Status == workflows.StatusNoGames || len(res.Processors) != 2 {
		t.Fatalf("result %+v, want both processors run", res)
	}
	got := readOutcomes(t, s, date)
	for _, pr := range res.Processors {
		o := got[pr.Processor]
		if pr.Planned == 0 {
			t.Errorf("%s planned no players", pr.Processor)
		}
		if n := len(o.rows); n != pr.Inserted || n+len(o.failures) != pr.Planned || len(o.failures) != pr.Failed+pr.Skipped {
			t.Errorf("%s: %d rows and %d failures stored; result %+v", pr.Processor, n, len(o.failures), pr)
		}
		if slices.Sort(o.rows); len(slices.Compact(slices.Clone(o.rows))) != len(o.rows) {
			t.Errorf("%s: a player has more than one row", pr.Processor)
		}
		for _, p := range o.rows {
			if _, failed := o.failures[p]; failed {
				t.Errorf("%s: %s has both a row and a failure", pr.Processor, p)
			}
		}
	}
	t.Logf("first run: %+v", res)

	// The progress query answers after the run, and the search attributes
	// find the run.
	var progress workflows.DailyProgress
	if v, err := s.c.QueryWorkflow(context.Background(), run.GetID(), run.GetRunID(), workflows.ProgressQuery); err != nil || v.Get(&progress) != nil {
		t.Fatalf("progress query: %v", err)
	}
	if progress.Phase != "done" || progress.Processors[0].Done != progress.Processors[0].Planned {
		t.Errorf("progress %+v, want done", progress)
	}
	waitForVisibility(t, s.c, fmt.Sprintf("NbaGameDate = '%s' AND NbaRunKind = 'manual' AND WorkflowId = '%s'", integrationDate, run.GetID()))

	again, _ := s.runDaily(t, workflows.DailyWorkflowID(date)+"-again", workflows.DailyInput{GameDate: integrationDate})
	for i, pr := range again.Processors {
		first := res.Processors[i]
		if pr.Inserted != 0 || pr.Updated != 0 || pr.Unchanged != first.Inserted || pr.Failed != first.Failed {
			t.Errorf("%s again: %+v, want all %d rows unchanged", pr.Processor, pr, first.Inserted)
		}
	}
	if got2 := readOutcomes(t, s, date); len(got2[nba.UPGC].rows) != len(got[nba.UPGC].rows) || len(got2[nba.PSZA].rows) != len(got[nba.PSZA].rows) {
		t.Errorf("rerun changed the row counts")
	}
}

// TestIntegrationSerialRunWritesTheSameRows computes one date one chunk at a
// time and in parallel, on two copies of the warehouse: the rows and the
// failures match.
func TestIntegrationSerialRunWritesTheSameRows(t *testing.T) {
	date := mustDate(t, integrationDate)
	hashes := func(parallel bool) map[string]string {
		s := newStack(t)
		_, run := s.runDaily(t, fmt.Sprintf("nba-daily-%s-parallel-%v", date, parallel), workflows.DailyInput{GameDate: integrationDate, Parallel: &parallel, ChunkSize: 10})
		if !parallel {
			recordHistory(t, s.c, run.GetID(), run.GetRunID(), "daily_serial.json")
		}
		return dateOutcome(t, s.wh, date)
	}
	serial, parallel := hashes(false), hashes(true)
	if len(serial) == 0 || len(serial) != len(parallel) {
		t.Fatalf("serial wrote %d rows, parallel %d", len(serial), len(parallel))
	}
	for k, h := range serial {
		if parallel[k] != h {
			t.Errorf("%s: serial hash %s, parallel %s", k, h, parallel[k])
		}
	}
}

// TestIntegrationBadRowIsACategorizedFailure stores a NaN points value in
// one player's history: that player fails with DATA_ERROR in both
// processors, and the rest of the date commits.
func TestIntegrationBadRowIsACategorizedFailure(t *testing.T) {
	s := newStack(t)
	date := mustDate(t, integrationDate)
	ds, err := league.Generate(league.Config{SeasonYear: seasonYear, Seed: leagueSeed})
	if err != nil {
		t.Fatal(err)
	}
	// A player who plays on the date, and his last game before it.
	var bad nba.PlayerGame
	for _, g := range ds.PlayerGames {
		if g.GameDate == date && g.MinutesPlayed > 0 {
			bad.PlayerLookup = g.PlayerLookup
			break
		}
	}
	for _, g := range ds.PlayerGames {
		if g.PlayerLookup == bad.PlayerLookup && g.GameDate.Before(date) && g.GameDate.After(bad.GameDate) {
			bad = g
		}
	}
	nan := math.NaN()
	bad.Points = &nan
	if _, err := s.wh.LoadDataset(context.Background(), &nba.Dataset{PlayerGames: []nba.PlayerGame{bad}}); err != nil {
		t.Fatal(err)
	}

	res, run := s.runDaily(t, workflows.DailyWorkflowID(date)+"-bad-row", workflows.DailyInput{GameDate: integrationDate})
	got := readOutcomes(t, s, date)
	for _, pr := range res.Processors {
		o := got[pr.Processor]
		if c := o.failures[bad.PlayerLookup]; c != nba.DataError {
			t.Errorf("%s: %s failed with %q, want %s", pr.Processor, bad.PlayerLookup, c, nba.DataError)
		}
		if pr.FailuresByCategory[string(nba.DataError)] < 1 || pr.Inserted == 0 || len(o.rows) != pr.Inserted {
			t.Errorf("%s: %+v, want the DATA_ERROR counted and the other players committed", pr.Processor, pr)
		}
	}
	if res.Status != workflows.StatusPartial || res.FailedPlayers < 2 {
		t.Errorf("result %+v, want partial with the bad player failed twice", res)
	}
	recordHistory(t, s.c, run.GetID(), run.GetRunID(), "daily_failed_player.json")
}

// waitForVisibility polls the visibility store until query finds a run.
func waitForVisibility(t *testing.T, c client.Client, query string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := c.CountWorkflow(context.Background(), &workflowservice.CountWorkflowExecutionsRequest{Query: query})
		if err == nil && resp.GetCount() > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no run found by %q (err %v)", query, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
