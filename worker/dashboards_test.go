package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	dto "github.com/prometheus/client_model/go"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"nbaflow/activities"
	"nbaflow/internal/devserver"
	"nbaflow/internal/metrics"
	"nbaflow/internal/nba"
	"nbaflow/internal/nbaworker"
	"nbaflow/internal/operator"
	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/workflows"
)

// The Grafana dashboards (deploy/grafana/dashboards) and the alerts of
// docs/operations.md §8.2 query metrics by name. A name that no process
// exports is a panel that stays empty and an alert that never fires, with
// nothing to say so. TestDashboardsQueryExportedMetrics runs the real worker
// through the runs that make every series appear, scrapes it, and checks
// every name (and every label the queries group or filter by) against the
// scrape; tools/composecheck checks the same expressions parse as PromQL.

// dashboardsDir and operationsDoc are relative to this package.
var (
	dashboardsDir = filepath.Join("..", "deploy", "grafana", "dashboards")
	operationsDoc = filepath.Join("..", "docs", "operations.md")
)

// serverMetrics are the names the queries take from the Temporal server's
// own endpoint (temporal:8000 in the compose stack, job temporal-server),
// not from a worker. The server is not this repository's code, so each is
// listed here on purpose, with where it comes from; the test then finds
// each in the scrape of a real 1.29.1 server (the dev server in bin/temporal
// runs the same server and the same tally exporter), unless emittedOn says
// which event first creates the series.
var serverMetrics = map[string]struct{ why, emittedOn string }{
	"service_requests":    {why: "requests per service and operation (common/metrics/metric_defs.go ServiceRequests)"},
	"service_latency":     {why: "request latency histogram (ServiceLatency); queried as service_latency_bucket"},
	"persistence_latency": {why: "persistence call latency histogram (PersistenceLatency); queried as persistence_latency_bucket"},
	"schedule_action_success": {
		why:       "actions a Schedule took (ScheduleActionSuccess)",
		emittedOn: "a Schedule's first action (the test triggers nba-daily, so it is normally present)",
	},
	"schedule_missed_catchup_window": {
		why:       "actions a Schedule missed past its catch-up window (ScheduleMissedCatchupWindow), the §8.2 'Schedule missed its window' alert",
		emittedOn: "a Schedule missing an action because the server was down longer than its catch-up window, which a test cannot stage in seconds",
	},
}

// prometheusMetrics are series Prometheus itself makes for every target;
// no exporter serves them.
var prometheusMetrics = map[string]string{
	"up": "1 when the last scrape of a target succeeded, 0 when it failed",
}

// targetLabels are the labels Prometheus adds to every series of a target.
var targetLabels = []string{"job", "instance"}

// TestDashboardsQueryExportedMetrics runs the worker (run, as main does)
// with metrics on a free port, against a dev server of its own that serves
// the Temporal server's metrics too, over a seeded warehouse; drives it
// through the runs that create every series the dashboards and alerts
// query; and checks each queried name and label against the two scrapes
// (see serverMetrics and prometheusMetrics for the few names only the
// server or Prometheus itself has). The runs: the worker starting before
// the nba-daily Schedule exists (a failed request), then the Schedule and
// one scheduled run (schedule gauges, Schedule actions); a run of a date
// with a spoiled player (chunks, commits, players failed by category),
// which overtakes a slow run of the same date (a superseded commit); a run
// whose plan fails for good (failed activity and workflow); and a workflow
// type the worker does not register (failed workflow task).
func TestDashboardsQueryExportedMetrics(t *testing.T) {
	queries := append(dashboardQueries(t), alertQueries(t)...)
	if len(queries) < 30 {
		t.Fatalf("found only %d queries in the dashboards and §8.2; did they move?", len(queries))
	}

	srv, serverURL := startDevServerWithMetrics(t)
	date := civil.Date{Year: 2025, Month: time.January, Day: 15}
	path := testenv.SeededPath(t)
	spoilOnePlayer(t, path, date) // a DATA_ERROR: players failed by category
	noOpener := addPlayoffOnlyDate(t, path)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	c := srv.Client()
	queue := testenv.TaskQueue(t)

	addr := testenv.FreeAddr(t)
	stop, exited := make(chan any), make(chan int, 1)
	go func() {
		exited <- run([]string{
			"TEMPORAL_ADDRESS=" + srv.FrontendHostPort(), "TASK_QUEUE=" + queue, "SQLITE_PATH=" + path,
			"METRICS_ADDR=" + addr, "LOG_LEVEL=error", "SCHEDULE_WATCH_EVERY=100ms",
		}, os.Stderr, stop)
	}()
	defer func() { close(stop); <-exited }()
	waitForEndpoint(t, addr, exited)
	workerURL := "http://" + addr + metrics.Path

	// 1. The worker started before the nba-daily Schedule exists: its
	// watcher's describe fails (NotFound), a failed request. Then the
	// Schedule, so that the schedule gauges report, and one scheduled run
	// (today: no games), as the Schedule starts one.
	waitForScrape(ctx, t, workerURL, "a failed request", func(m testenv.Metrics) bool {
		return m.Value("temporal_request_failure_total", "operation", "DescribeSchedule") > 0
	})
	op := operator.New(c, "default", queue, "")
	if _, err := op.CreateSchedule(ctx, operator.DefaultScheduleSettings); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { op.DeleteSchedule(context.Background()) })
	if err := op.TriggerSchedule(ctx); err != nil {
		t.Fatal(err)
	}

	// 2. A slow run of the date (one player per chunk, one chunk at a
	// time), overtaken by a normal run of the same date: the normal run
	// commits first, so the slow one's commit is superseded. The normal run
	// has the spoiled player: chunks, commits and failures by category.
	serial := false
	slow, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "dashboards-slow-" + queue, TaskQueue: queue},
		workflows.DailyWorkflowName, workflows.DailyInput{GameDate: date.String(), Processors: []string{"upgc"}, ChunkSize: 1, Parallel: &serial})
	if err != nil {
		t.Fatal(err)
	}
	waitForScrape(ctx, t, workerURL, "the slow run's first chunk", func(m testenv.Metrics) bool {
		return m.Value(activities.MetricPlayersProcessed, activities.LabelProcessor, string(nba.UPGC)) > 0
	})
	var normal workflows.DailyResult
	if err := executeDaily(ctx, c, "dashboards-normal-"+queue, queue, workflows.DailyInput{GameDate: date.String()}, &normal); err != nil {
		t.Fatalf("normal run: %v", err)
	}
	var overtaken workflows.DailyResult
	if err := slow.Get(ctx, &overtaken); err != nil {
		t.Fatalf("slow run: %v", err)
	}
	t.Logf("normal run %s in %d ms; slow run %s in %d ms", normal.Status, normal.Timings.TotalMS, overtaken.Status, overtaken.Timings.TotalMS)
	if normal.Status != workflows.StatusPartial || overtaken.Status != workflows.StatusSuperseded {
		t.Fatalf("runs ended %s and %s, want %s (the spoiled player) and %s (the slow run overtaken): the slow run finished first?",
			normal.Status, overtaken.Status, workflows.StatusPartial, workflows.StatusSuperseded)
	}

	// 3. A run whose plan fails for good (games, no season opener): a failed
	// activity and a failed workflow.
	err = executeDaily(ctx, c, "dashboards-failing-"+queue, queue, workflows.DailyInput{GameDate: noOpener.String()}, nil)
	if err == nil || !strings.Contains(err.Error(), activities.ErrNoSeasonStart) {
		t.Fatalf("run of %s: %v, want a failure with %s", noOpener, err, activities.ErrNoSeasonStart)
	}

	// 4. A workflow type this worker does not register, as after a deploy
	// that lost one: its workflow task fails, and keeps failing.
	lost, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "dashboards-lost-" + queue, TaskQueue: queue}, "WorkflowThisWorkerLost")
	if err != nil {
		t.Fatal(err)
	}
	waitForScrape(ctx, t, workerURL, "a failed workflow task", func(m testenv.Metrics) bool {
		return m.Value("temporal_workflow_task_execution_failed_total") > 0
	})
	if err := c.TerminateWorkflow(ctx, lost.GetID(), lost.GetRunID(), "test over"); err != nil {
		t.Fatal(err)
	}

	waitForScrape(ctx, t, workerURL, "the schedule gauges", func(m testenv.Metrics) bool {
		return m[nbaworker.MetricMissedNights] != nil
	})
	time.Sleep(2 * metrics.ReportInterval) // counters reach the registry at the next report
	worker := newSeriesIndex(testenv.Scrape(t, workerURL))
	server := newSeriesIndex(testenv.Scrape(t, serverURL))
	t.Logf("scraped %d worker series names and %d server series names", len(worker), len(server))

	problems := checkQueries(queries, worker, server)
	for _, p := range problems {
		t.Error(p)
	}
	logMetricSources(t, queries, worker, server)

	// The check itself must catch a name nobody exports, and a label a
	// metric does not have.
	bad := []promQuery{
		{source: "self-check", expr: `sum(rate(nbaflow_players_procesed_total[5m]))`},
		{source: "self-check", expr: `sum by (processor_name) (rate(nbaflow_players_processed_total[5m]))`},
	}
	if got := checkQueries(bad, worker, server); len(got) != 2 ||
		!strings.Contains(got[0], "nbaflow_players_procesed_total") || !strings.Contains(got[1], "processor_name") {
		t.Errorf("the check missed a misspelled metric or label: %q", got)
	}

	// Every listed server metric is queried somewhere: no stale entries.
	used := map[string]bool{}
	for _, q := range queries {
		names, _, _ := promqlNames(q.expr)
		for _, n := range names {
			used[seriesBaseName(n)] = true
			used[n] = true
		}
	}
	for name := range serverMetrics {
		if !used[name] {
			t.Errorf("serverMetrics lists %s, which no dashboard or alert queries: remove it", name)
		}
	}
}

// promQuery is one PromQL expression and where it was found.
type promQuery struct {
	source string // file and panel or alert
	expr   string
}

// checkQueries returns one problem per metric name no scrape has, and per
// label that none of a query's metrics carries.
func checkQueries(queries []promQuery, worker, server seriesIndex) []string {
	var problems []string
	for _, q := range queries {
		names, labels, err := promqlNames(q.expr)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s: %v", q.source, q.expr, err))
			continue
		}
		if len(names) == 0 {
			problems = append(problems, fmt.Sprintf("%s: %s queries no metric", q.source, q.expr))
		}
		have := map[string]bool{"__name__": true}
		for _, l := range targetLabels {
			have[l] = true
		}
		for _, name := range names {
			switch {
			case worker[name] != nil:
				for l := range worker[name] {
					have[l] = true
				}
			case serverMetrics[seriesBaseName(name)].why != "":
				s := serverMetrics[seriesBaseName(name)]
				switch {
				case server[name] != nil:
					for l := range server[name] {
						have[l] = true
					}
				case s.emittedOn != "":
					// Listed with the event that creates it: its labels
					// cannot be checked here.
					for _, l := range labels {
						have[l] = true
					}
				default:
					problems = append(problems, fmt.Sprintf("%s: %s is listed as a server metric, but the Temporal server's scrape has no %s", q.source, name, name))
				}
			case prometheusMetrics[name] != "":
			default:
				problems = append(problems, fmt.Sprintf("%s: no process exports %s (in %s)", q.source, name, q.expr))
			}
		}
		for _, l := range labels {
			if !have[l] {
				problems = append(problems, fmt.Sprintf("%s: none of %v has a label %s (in %s)", q.source, names, l, q.expr))
			}
		}
	}
	return problems
}

// logMetricSources logs, per metric name queried, which scrape has it.
func logMetricSources(t *testing.T, queries []promQuery, worker, server seriesIndex) {
	t.Helper()
	where := map[string]string{}
	seen := map[string]bool{}
	for _, q := range queries {
		names, _, _ := promqlNames(q.expr)
		for _, n := range names {
			seen[n] = true
			switch {
			case worker[n] != nil:
				where[n] = "worker scrape"
			case server[n] != nil:
				where[n] = "Temporal server scrape (serverMetrics)"
			case serverMetrics[seriesBaseName(n)].emittedOn != "":
				where[n] = "Temporal server, not emitted yet (serverMetrics): " + serverMetrics[seriesBaseName(n)].emittedOn
			case prometheusMetrics[n] != "":
				where[n] = "Prometheus itself: " + prometheusMetrics[n]
			default:
				where[n] = "MISSING"
			}
		}
	}
	for _, n := range sortedNames(seen) {
		t.Logf("%-62s %s", n, where[n])
	}
}

// seriesBaseName is a histogram's or summary's name without its series suffix.
func seriesBaseName(name string) string {
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if s, ok := strings.CutSuffix(name, suffix); ok {
			return s
		}
	}
	return name
}

// seriesIndex maps every series name a scrape holds, as PromQL selects it
// (a histogram's X_bucket, X_sum and X_count, never X), to its label names.
type seriesIndex map[string]map[string]bool

func newSeriesIndex(m testenv.Metrics) seriesIndex {
	idx := seriesIndex{}
	add := func(name string, labels []*dto.LabelPair, extra ...string) {
		if idx[name] == nil {
			idx[name] = map[string]bool{}
		}
		for _, l := range labels {
			idx[name][l.GetName()] = true
		}
		for _, l := range extra {
			idx[name][l] = true
		}
	}
	for name, fam := range m {
		for _, s := range fam.GetMetric() {
			switch fam.GetType() {
			case dto.MetricType_HISTOGRAM, dto.MetricType_GAUGE_HISTOGRAM:
				add(name+"_bucket", s.GetLabel(), "le")
				add(name+"_sum", s.GetLabel())
				add(name+"_count", s.GetLabel())
			case dto.MetricType_SUMMARY:
				add(name, s.GetLabel(), "quantile")
				add(name+"_sum", s.GetLabel())
				add(name+"_count", s.GetLabel())
			default:
				add(name, s.GetLabel())
			}
		}
	}
	return idx
}

// startDevServerWithMetrics starts a dev server of its own (the shared one
// serves no metrics) with the server's Prometheus endpoint on a free port.
func startDevServerWithMetrics(t *testing.T) (*testsuite.DevServer, string) {
	t.Helper()
	devserver.SkipIfShort(t)
	bin, err := devserver.Binary()
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(testenv.FreeAddr(t))
	httpPort, err := devserver.HTTPPortArgs()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), devserver.StartTimeout)
	defer cancel()
	srv, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{
		ExistingPath:     bin,
		ClientOptions:    &client.Options{Namespace: "default", Logger: tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))},
		LogLevel:         "error",
		SearchAttributes: workflows.SearchAttributes(),
		ExtraArgs:        append(httpPort, "--metrics-port", port),
		Stdout:           io.Discard,
		Stderr:           io.Discard,
	})
	if err != nil {
		t.Fatalf("start the Temporal dev server: %v", err)
	}
	t.Cleanup(func() {
		srv.Client().Close()
		srv.Stop()
	})
	return srv, "http://127.0.0.1:" + port + "/metrics"
}

// addPlayoffOnlyDate adds a playoff game in a season the schedule has no
// regular-season opener of, and returns its date: planning it fails for
// good (activities.ErrNoSeasonStart).
func addPlayoffOnlyDate(t *testing.T, path string) civil.Date {
	t.Helper()
	ds := testenv.Dataset(t)
	g := ds.Schedule[0]
	date := civil.Date{Year: 2031, Month: time.May, Day: 1}
	g.GameID = "dashboards-playoff-only"
	g.GameDate = date
	g.StartUTC = time.Date(2031, time.May, 1, 23, 30, 0, 0, time.UTC)
	g.SeasonYear = int64(nba.SeasonYear(date))
	g.IsPlayoffs = true
	g.HomeScore, g.AwayScore = nil, nil
	wh, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	if _, err := wh.LoadDataset(context.Background(), &nba.Dataset{Schedule: []nba.ScheduledGame{g}}); err != nil {
		t.Fatal(err)
	}
	return date
}

// executeDaily runs a daily workflow to its end.
func executeDaily(ctx context.Context, c client.Client, id, queue string, in workflows.DailyInput, res *workflows.DailyResult) error {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: queue}, workflows.DailyWorkflowName, in)
	if err != nil {
		return err
	}
	if res == nil {
		return run.Get(ctx, nil)
	}
	return run.Get(ctx, res)
}

// waitForScrape scrapes url until ok, or fails the test saying what it
// waited for.
func waitForScrape(ctx context.Context, t *testing.T, url, what string, ok func(testenv.Metrics) bool) {
	t.Helper()
	for {
		if ok(testenv.Scrape(t, url)) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("gave up waiting for %s in %s", what, url)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
