package bench

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/devserver"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// benchDate is a full slate of the seeded season (15 games).
const benchDate = "2025-02-26"

// The season backfilled: every game date of the seeded 2024-25 season.
const seasonFrom, seasonTo = "2024-10-01", "2025-04-30"

var server devserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	server.Stop()
	testenv.Cleanup()
	printTable(os.Stdout)
	os.Exit(code)
}

// figure is one line of the table make bench prints.
type figure struct {
	name, target string
	seconds      float64
	players      int
}

var (
	figuresMu sync.Mutex
	figures   = map[string]figure{}
)

func record(f figure) {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	figures[f.name] = f
}

// printTable prints the figures measured by this run, with the ratio of the
// orchestrated season to the in-process floor when both ran.
func printTable(w *os.File) {
	if len(figures) == 0 {
		return
	}
	names := make([]string, 0, len(figures))
	for n := range figures {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\n| measure | wall time | players | players/s | target |\n|---|---|---|---|---|\n")
	for _, n := range names {
		f := figures[n]
		fmt.Fprintf(w, "| %s | %.2f s | %d | %.0f | %s |\n", f.name, f.seconds, f.players, float64(f.players)/f.seconds, f.target)
	}
	orchestrated, ok1 := figures[seasonOrchestrated]
	floor, ok2 := figures[seasonInProcess]
	if ok1 && ok2 {
		fmt.Fprintf(w, "| orchestrated / in-process season | %.2fx | | | at most 3x |\n", orchestrated.seconds/floor.seconds)
	}
}

const (
	dateDefault        = "1. one date, default chunking (25 players a chunk)"
	datePerPlayer      = "2. one date, one activity per player"
	seasonOrchestrated = "3. full season backfill on Temporal"
	seasonInProcess    = "4. full season in process, no Temporal (floor)"
)

// stack is a worker on the shared dev server over a fresh seeded warehouse.
type stack struct {
	c         client.Client
	wh        *sqlite.Warehouse
	taskQueue string
}

func newStack(b *testing.B, chunkSize, window int) stack {
	b.Helper()
	s := stack{c: server.Client(b), wh: testenv.Seeded(b), taskQueue: testenv.TaskQueue(b)}
	cfg := testenv.WorkerConfig(b, s.taskQueue)
	if chunkSize > 0 {
		cfg.PlayerChunkSize, cfg.MaxParallelChunks = chunkSize, window
	}
	testenv.StartWorkerWith(b, s.c, cfg, s.wh)
	return s
}

// BenchmarkDate runs one full date, both processors, in default chunking and
// with one activity per player; docs/design.md sets the targets.
func BenchmarkDate(b *testing.B) {
	for _, bc := range []struct {
		run, name, target string
		chunk, window     int
	}{
		{"default_chunking", dateDefault, "under 0.5 s", 0, 0},
		// One activity per player: each completion costs a workflow task
		// before the next player starts, so a wider window keeps the
		// worker's slots busy.
		{"per_player", datePerPlayer, "at least 120 players/s", 1, 16},
	} {
		b.Run(bc.run, func(b *testing.B) {
			s := newStack(b, bc.chunk, bc.window)
			runDaily(b, s, "bench-daily-warm-up") // a cold worker and server are not what runs daily
			players := 0
			start := time.Now()
			for i := range b.N {
				id := fmt.Sprintf("bench-daily-%s-%d", benchDate, i)
				res := runDaily(b, s, id)
				for _, p := range res.Processors {
					players += p.Planned
				}
			}
			elapsed := time.Since(start)
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/date")
			b.ReportMetric(float64(players)/elapsed.Seconds(), "players/s")
			record(figure{name: bc.name, target: bc.target, seconds: elapsed.Seconds() / float64(b.N), players: players / b.N})
		})
	}
}

func runDaily(b *testing.B, s stack, id string) workflows.DailyResult {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: benchDate})
	if err != nil {
		b.Fatal(err)
	}
	var res workflows.DailyResult
	if err := run.Get(ctx, &res); err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkSeason backfills every game date of the seeded season on
// Temporal, and computes the same season in process; docs/design.md sets
// the targets, the orchestrated season at most 3x the in-process one among them.
func BenchmarkSeason(b *testing.B) {
	b.Run("backfill", func(b *testing.B) {
		s := newStack(b, 0, 0)
		for i := range b.N {
			start := time.Now()
			res := backfill(b, s, fmt.Sprintf("bench-backfill-%d", i))
			elapsed := time.Since(start)
			if res.DatesFailed != 0 {
				b.Errorf("failed dates: %+v", res.Failed)
			}
			b.ReportMetric(elapsed.Seconds(), "s/season")
			b.ReportMetric(float64(res.PlayersProcessed)/elapsed.Seconds(), "players/s")
			record(figure{name: seasonOrchestrated, target: "under 40 s", seconds: elapsed.Seconds(), players: res.PlayersProcessed})
		}
	})
	b.Run("in_process", func(b *testing.B) {
		for range b.N {
			wh := testenv.Seeded(b)
			start := time.Now()
			players := inProcessSeason(b, wh)
			elapsed := time.Since(start)
			b.ReportMetric(elapsed.Seconds(), "s/season")
			b.ReportMetric(float64(players)/elapsed.Seconds(), "players/s")
			record(figure{name: seasonInProcess, target: "under 15 s (the floor)", seconds: elapsed.Seconds(), players: players})
		}
	})
}

func backfill(b *testing.B, s stack, id string) workflows.BackfillResult {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	run, err := s.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue},
		workflows.BackfillWorkflowName, workflows.BackfillInput{StartDate: seasonFrom, EndDate: seasonTo})
	if err != nil {
		b.Fatal(err)
	}
	var res workflows.BackfillResult
	if err := run.Get(ctx, &res); err != nil {
		b.Fatal(err)
	}
	return res
}

var _ warehouse.Warehouse = (*sqlite.Warehouse)(nil)
