package activities

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"

	"nbaflow/internal/nba"
)

// metricsRecorder is a client.MetricsHandler that keeps every value by
// metric name and the labels nbaflow sets.
type metricsRecorder struct {
	mu     *sync.Mutex
	tags   map[string]string
	counts map[string]int64
	timers map[string][]time.Duration
}

func newMetricsRecorder() *metricsRecorder {
	return &metricsRecorder{mu: &sync.Mutex{}, tags: map[string]string{}, counts: map[string]int64{}, timers: map[string][]time.Duration{}}
}

// key is name{processor,category} with the labels that are set.
func (r *metricsRecorder) key(name string) string {
	var labels []string
	for _, l := range []string{LabelProcessor, LabelCategory} {
		if v, ok := r.tags[l]; ok {
			labels = append(labels, l+"="+v)
		}
	}
	return name + "{" + strings.Join(labels, ",") + "}"
}

func (r *metricsRecorder) WithTags(tags map[string]string) client.MetricsHandler {
	c := *r
	c.tags = maps.Clone(r.tags)
	maps.Copy(c.tags, tags)
	return &c
}

func (r *metricsRecorder) Counter(name string) client.MetricsCounter {
	return counterFunc(func(n int64) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.counts[r.key(name)] += n
	})
}

func (r *metricsRecorder) Gauge(string) client.MetricsGauge {
	return gaugeFunc(func(float64) {})
}

func (r *metricsRecorder) Timer(name string) client.MetricsTimer {
	return timerFunc(func(d time.Duration) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.timers[r.key(name)] = append(r.timers[r.key(name)], d)
	})
}

type (
	counterFunc func(int64)
	gaugeFunc   func(float64)
	timerFunc   func(time.Duration)
)

func (f counterFunc) Inc(n int64)          { f(n) }
func (f gaugeFunc) Update(v float64)       { f(v) }
func (f timerFunc) Record(d time.Duration) { f(d) }

// TestActivitiesRecordMetrics runs a chunk and a commit of each processor
// and finds nbaflow's metrics recorded through the activity's handler.
func TestActivitiesRecordMetrics(t *testing.T) {
	for _, kind := range chunkKinds {
		t.Run(string(kind.processor), func(t *testing.T) {
			rec := newMetricsRecorder()
			var suite testsuite.WorkflowTestSuite
			suite.SetLogger(quietLogger())
			suite.SetMetricsHandler(rec)
			env := suite.NewTestActivityEnvironment()
			Register(env, &Activities{Warehouse: newFakeWarehouse(), Config: nba.DefaultConfig, StageEvery: 2})

			// The fake warehouse loads empty inputs, so every player fails.
			res := executeChunk(t, env, kind.activity, plannedPlayers(5))
			if _, err := env.ExecuteActivity(CommitDateName, CommitDateRequest{RunID: testRun, Processor: kind.processor, GameDate: testDate}); err != nil {
				t.Fatal(err)
			}

			proc := "{" + LabelProcessor + "=" + string(kind.processor)
			if got := rec.counts[MetricPlayersProcessed+proc+"}"]; got != 5 {
				t.Errorf("%s = %d, want 5; recorded %v", MetricPlayersProcessed, got, rec.counts)
			}
			var failed int64
			for k, n := range rec.counts {
				if strings.HasPrefix(k, MetricPlayersFailed+proc+","+LabelCategory+"=") {
					failed += n
				}
			}
			if res.Failed == 0 || failed != int64(res.Failed) {
				t.Errorf("%s sums to %d by category, want the chunk's %d failures; recorded %v", MetricPlayersFailed, failed, res.Failed, rec.counts)
			}
			for _, name := range []string{MetricChunkDuration, MetricCommitDuration} {
				if got := rec.timers[name+proc+"}"]; len(got) != 1 || got[0] <= 0 {
					t.Errorf("%s = %v, want one positive duration; timers %v", name, got, slices.Collect(maps.Keys(rec.timers)))
				}
			}
		})
	}
}
