package bigquery_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/bigquery"
	"nbaflow/internal/warehouse/bigquery/bqtest"
	"nbaflow/internal/warehouse/warehousetest"
)

// These tests run the backend with the real client against bqtest, a
// server that speaks BigQuery's REST API and enforces its rules for
// concurrent writers, but executes no SQL: it answers the backend's reads
// with what the test staged (wireStack.answer). They prove the
// orchestration (which jobs, on which tables and partitions, at what
// concurrency, with which parameters), not SQL semantics.

// wireStack is the backend on a fake BigQuery.
type wireStack struct {
	srv *bqtest.Server
	w   *bigquery.Warehouse

	mu      sync.Mutex
	holders map[string]string // by processor and date: the run that claimed it
}

func newWireStack(t *testing.T, opts bqtest.Options) *wireStack {
	t.Helper()
	s := &wireStack{holders: map[string]string{}}
	opts.Answer = s.answer
	s.srv = bqtest.NewServer(t, opts)
	w, err := bigquery.Open(context.Background(), s.srv.Project(), "US", s.srv.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	s.w = w
	return s
}

// ensureSchema creates the datasets and tables on the wire, and checks them.
func (s *wireStack) ensureSchema(t *testing.T) {
	t.Helper()
	if err := s.w.EnsureSchema(context.Background()); err != nil {
		t.Fatalf("EnsureSchema: %v", err)
	}
}

var stagedKind = regexp.MustCompile("_[0-9a-f]{12}_(upgc|psza)_(rows|failures|attempts)_")

// Staging kinds, as the tables' names say them.
const (
	kindRows     = "rows"
	kindFailures = "failures"
	kindAttempts = "attempts"
)

// loadedRows counts the rows the fake holds in the staging tables among
// tables, by kind: what a count of the run's staging reads.
func (s *wireStack) loadedRows(tables []string) map[string]int64 {
	n := map[string]int64{}
	for _, tb := range s.srv.Tables() {
		if m := stagedKind.FindStringSubmatch(tb.Name); m != nil && slices.Contains(tables, tb.Name) {
			n[m[2]] += tb.Rows
		}
	}
	return n
}

// answer scripts BigQuery's answers to the backend's reads and the
// statistics of its statements, from what the test staged and claimed.
func (s *wireStack) answer(q bqtest.QueryJob) bqtest.Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	param := func(name string) string {
		for _, p := range q.Params {
			if p.Name == name {
				return p.Value
			}
		}
		return ""
	}
	target := ""
	if len(q.Statements) == 1 {
		target = q.Statements[0].Target
	}
	switch {
	case strings.Contains(q.SQL, "AS staged_rows"):
		n := s.loadedRows(q.Statements[0].Reads)
		return bqtest.Answer{Schema: []bqtest.Field{{Name: "staged_rows", Type: "INTEGER"}, {Name: "staged_failures", Type: "INTEGER"},
			{Name: "staged_attempts", Type: "INTEGER"}, {Name: "by_category", Type: "STRING"}},
			Rows: [][]any{{n[kindRows], n[kindFailures], n[kindAttempts], fmt.Sprintf(`{"DATA_ERROR":%d}`, n[kindFailures])}}}
	case target == "nba_orchestration.committed_runs":
		s.holders[param("processor")+"/"+param("date")] = param("run_id")
		return bqtest.Answer{DML: bqtest.DMLStats{Updated: 1}}
	case strings.HasPrefix(q.SQL, "SELECT run_id FROM `nba_orchestration.committed_runs`"):
		return bqtest.Answer{Schema: []bqtest.Field{{Name: "run_id", Type: "STRING"}},
			Rows: [][]any{{s.holders[param("processor")+"/"+param("date")]}}}
	case target == "nba_analytics.upcoming_player_game_context" || target == "nba_precompute.player_shot_zone_analysis":
		return bqtest.Answer{DML: bqtest.DMLStats{Inserted: s.loadedRows(q.Statements[0].Reads)[kindRows]}}
	case target == "nba_orchestration.processor_run_history":
		return bqtest.Answer{DML: bqtest.DMLStats{Inserted: 1}}
	}
	return bqtest.Answer{}
}

// chunkOf is one chunk's batch: 24 rows and one failure with its attempt.
func chunkOf(runID string, p nba.Processor, d civil.Date, chunk int) warehouse.StageBatch {
	at := time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, time.UTC)
	b := warehouse.StageBatch{RunID: runID, Processor: p, Date: d}
	for i := range 25 {
		player := fmt.Sprintf("player%02d%02d", chunk, i)
		b.Players = append(b.Players, player)
		switch {
		case i == 24:
			b.Failures = append(b.Failures, warehousetest.Failure(p, player, nba.DataError))
			b.Attempts = append(b.Attempts, warehousetest.Attempt(p, player, d, 1))
		case p == nba.UPGC:
			b.Contexts = append(b.Contexts, warehousetest.Context(player, d, float64(i), at))
		default:
			b.Zones = append(b.Zones, warehousetest.Zone(player, d, float64(i), at))
		}
	}
	return b
}

// Chunks of a date at the workflow's defaults: 25 players a chunk, a date of
// 216 context and 450 shot-zone players, 8 chunks in flight per processor.
const (
	upgcChunks     = 9
	pszaChunks     = 18
	chunksInFlight = 8
	datesInFlight  = 8
)

func wireRunID(d civil.Date) string {
	return "nba-backfill-2024-10-22_2025-04-13-" + d.String() + "/run'1"
}

// runDate stages a date's chunks as a daily run does (both processors side
// by side, a window of chunks each), then commits one processor after the
// other.
func (s *wireStack) runDate(ctx context.Context, d civil.Date) error {
	runID := wireRunID(d)
	var wg sync.WaitGroup
	errs := make(chan error, upgcChunks+pszaChunks)
	for _, pc := range []struct {
		p      nba.Processor
		chunks int
	}{{nba.UPGC, upgcChunks}, {nba.PSZA, pszaChunks}} {
		window := make(chan struct{}, chunksInFlight)
		for c := range pc.chunks {
			wg.Add(1)
			window <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-window }()
				b := chunkOf(runID, pc.p, d, c)
				if err := s.w.Stage(ctx, b); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	for _, p := range []nba.Processor{nba.UPGC, nba.PSZA} {
		chunks := map[nba.Processor]int{nba.UPGC: upgcChunks, nba.PSZA: pszaChunks}[p]
		staged := warehouse.StagedCount{Rows: 24 * chunks, Failures: chunks}
		req := warehouse.CommitRequest{RunID: runID, Processor: p, Date: d, RunKind: "backfill", StartedAt: time.Now(),
			PlannedAt: time.Now(), Now: time.Now(), Staged: &staged}
		res, err := s.w.Commit(ctx, req)
		if err != nil {
			return err
		}
		if res.Superseded || res.Inserted != staged.Rows || res.Failed != staged.Failures {
			return fmt.Errorf("commit %s %s: %+v, want %d inserted and %d failed", p, d, res, staged.Rows, staged.Failures)
		}
	}
	return nil
}

// TestWireSeasonAtDefaultConcurrency runs 16 dates, 8 at a time, each with
// its chunks staged 8 at a time per processor and its processors committed
// one after the other, as the workflows do by default, and checks the jobs
// against BigQuery's rules.
func TestWireSeasonAtDefaultConcurrency(t *testing.T) {
	s := newWireStack(t, bqtest.Options{QueryLatency: 2 * time.Millisecond, DMLLatency: 15 * time.Millisecond})
	s.ensureSchema(t)
	ctx := context.Background()
	first := civil.Date{Year: 2025, Month: time.January, Day: 1}
	var dates []civil.Date
	for i := range 16 {
		dates = append(dates, first.AddDays(i))
	}
	schemaJobs := len(s.srv.Jobs())

	var wg sync.WaitGroup
	window := make(chan struct{}, datesInFlight)
	errs := make(chan error, len(dates))
	for _, d := range dates {
		wg.Add(1)
		window <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-window }()
			if err := s.runDate(ctx, d); err != nil {
				errs <- fmt.Errorf("%s: %w", d, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	jobs := s.srv.Jobs()[schemaJobs:]
	assertNoFailedJob(t, jobs)
	assertStagingOnlyLoaded(t, jobs)
	assertOneWritePerOutput(t, jobs, dates)
	assertValuesAreParameters(t, jobs, dates)
	assertStagingGone(t, s.srv)
	t.Logf("the jobs of one date (%s), by kind and table:\n%s", dates[0], jobsOfDate(jobs, dates[0]))
}

func assertNoFailedJob(t *testing.T, jobs []bqtest.Job) {
	t.Helper()
	queued := 0
	for _, j := range jobs {
		if j.Err != nil {
			t.Errorf("job %s failed: %s: %s\n%.300s", j.ID, j.Err.Reason, j.Err.Message, j.SQL)
		}
		if j.InTransaction {
			t.Errorf("job %s runs a multi-statement transaction:\n%.300s", j.ID, j.SQL)
		}
		if j.Queued {
			queued++
		}
	}
	t.Logf("%d jobs, none failed; %d waited behind other DML on their table", len(jobs), queued)
}

// assertStagingOnlyLoaded: nothing but load jobs writes the staging
// dataset, each into a table no other load writes.
func assertStagingOnlyLoaded(t *testing.T, jobs []bqtest.Job) {
	t.Helper()
	writers := map[string]map[string]bool{} // staging table -> the batches (job ID prefixes) that wrote it
	loads := 0
	for _, j := range jobs {
		for _, st := range j.Statements {
			if strings.HasPrefix(st.Target, warehouse.DatasetStaging+".") {
				t.Errorf("job %s writes %s with %s, not a load:\n%.200s", j.ID, st.Target, st.Kind, st.Text)
			}
		}
		if j.Kind == bqtest.KindLoad {
			loads++
			if !strings.HasPrefix(j.Destination, warehouse.DatasetStaging+".run_") || j.WriteDisposition != "WRITE_TRUNCATE" {
				t.Errorf("load %s into %s (%s)", j.ID, j.Destination, j.WriteDisposition)
			}
			if writers[j.Destination] == nil {
				writers[j.Destination] = map[string]bool{}
			}
			writers[j.Destination][j.Labels["step"]] = true
		}
	}
	if loads == 0 {
		t.Error("no load job staged anything")
	}
}

// assertOneWritePerOutput: each output table gets exactly one statement per
// date, a MERGE restricted to the date's partition.
func assertOneWritePerOutput(t *testing.T, jobs []bqtest.Job, dates []civil.Date) {
	t.Helper()
	writes := map[string]int{}
	for _, j := range jobs {
		for _, st := range j.Statements {
			if st.Target == "nba_analytics.upcoming_player_game_context" || st.Target == "nba_precompute.player_shot_zone_analysis" {
				writes[fmt.Sprintf("%s %v %s", st.Target, j.Partitions, st.Kind)]++
			}
		}
	}
	for _, d := range dates {
		for _, table := range []string{"nba_analytics.upcoming_player_game_context", "nba_precompute.player_shot_zone_analysis"} {
			if n := writes[fmt.Sprintf("%s [%s] %s", table, d, bqtest.MergeStmt)]; n != 1 {
				t.Errorf("%s was written %d times on %s, want one MERGE of its partition", table, n, d)
			}
		}
	}
	if len(writes) != 2*len(dates) {
		t.Errorf("%d kinds of output writes, want 2 per date: %v", len(writes), writes)
	}
}

// assertValuesAreParameters: no run id, player or date reaches a text.
func assertValuesAreParameters(t *testing.T, jobs []bqtest.Job, dates []civil.Date) {
	t.Helper()
	values := []string{"player0000", "run'1", "nba-backfill", "DATA_ERROR"}
	for _, d := range dates {
		values = append(values, d.String())
	}
	for _, j := range jobs {
		for _, v := range values {
			if strings.Contains(j.SQL, v) {
				t.Errorf("job %s has %q in its text:\n%.300s", j.ID, v, j.SQL)
			}
		}
	}
}

// assertStagingGone: every staging table was created expiring, and is gone.
func assertStagingGone(t *testing.T, srv *bqtest.Server) {
	t.Helper()
	for _, tb := range srv.Tables() {
		if strings.HasPrefix(tb.Name, warehouse.DatasetStaging+".") {
			t.Errorf("staging table %s is left after every date committed", tb.Name)
		}
	}
	dropped := 0
	for _, tb := range srv.Dropped() {
		if !strings.HasPrefix(tb.Name, warehouse.DatasetStaging+".") {
			continue
		}
		dropped++
		if tb.By != "tables.delete" || tb.Expiration.IsZero() || tb.Expiration.Sub(tb.Created) > warehouse.StagingExpiration {
			t.Errorf("staging table %s, created %v expiring %v, went by %s", tb.Name, tb.Created, tb.Expiration, tb.By)
		}
	}
	if dropped == 0 {
		t.Error("no staging table was dropped")
	}
}

// jobsOfDate counts the jobs of one date by kind and table.
func jobsOfDate(jobs []bqtest.Job, d civil.Date) string {
	counts := map[string]int{}
	date := strings.NewReplacer("-", "_").Replace(d.String())
	for _, j := range jobs {
		mine := slices.Contains(j.Partitions, d.String()) || strings.Contains(j.Destination, date) || strings.Contains(j.SQL, date)
		for _, p := range j.Params {
			mine = mine || p.Value == d.String()
		}
		if !mine {
			continue
		}
		kind := string(j.Kind)
		if j.Kind == bqtest.KindQuery {
			kind = j.StatementType
		}
		table := strings.Join(j.Mutates, ",")
		if m := stagedKind.FindStringSubmatch(j.Destination); m != nil {
			table = "nba_staging.run_…_" + m[1] + "_" + m[2] + "_…"
		}
		if table == "" {
			table = strings.Join(j.Reads, ",")
			if m := stagedKind.FindStringSubmatch(table); m != nil {
				table = fmt.Sprintf("nba_staging.run_…_%s_* (%d tables)", m[1], len(j.Reads))
			}
		}
		counts[fmt.Sprintf("%-16s %s", kind, table)]++
	}
	var lines []string
	for k, n := range counts {
		lines = append(lines, fmt.Sprintf("  %4d %s", n, k))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
