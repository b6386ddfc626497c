package metrics_test

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/metrics"
	"nbaflow/internal/testenv"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func listen(t *testing.T) *metrics.Server {
	t.Helper()
	s, err := metrics.Listen("127.0.0.1:0", quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRecordedValuesReachTheEndpoint records through the handler the SDK
// and the activities use, and finds Prometheus names: counters end in
// _total, timers are histograms in seconds, tags are labels.
func TestRecordedValuesReachTheEndpoint(t *testing.T) {
	s := listen(t)
	h := s.Handler.WithTags(map[string]string{"processor": "upcoming_player_game_context"})
	h.Counter("nbaflow_players_processed_total").Inc(25)
	h.Counter("requests").Inc(2)
	h.Timer("nbaflow_chunk_duration_seconds").Record(1500 * time.Millisecond)
	h.Timer("request_latency").Record(40 * time.Second)

	want := map[string]float64{
		"nbaflow_players_processed_total": 25,
		"requests_total":                  2,
		"nbaflow_chunk_duration_seconds":  1, // one sample
		"request_latency_seconds":         1,
	}
	deadline := time.Now().Add(5 * metrics.ReportInterval)
	for {
		m := testenv.Scrape(t, s.URL())
		missing := ""
		for name, v := range want {
			if got := m.Value(name, "processor", "upcoming_player_game_context"); got != v {
				missing += " " + name
			}
		}
		if missing == "" {
			if m.Value("go_goroutines") == 0 {
				t.Error("no Go runtime metrics")
			}
			hist := m["request_latency_seconds"].GetMetric()[0].GetHistogram()
			// The text format adds the +Inf bucket.
			if hist.GetSampleSum() != 40 || len(hist.GetBucket()) != len(metrics.Buckets)+1 {
				t.Errorf("histogram sum %v with %d buckets, want 40 s in %d buckets and +Inf", hist.GetSampleSum(), len(hist.GetBucket()), len(metrics.Buckets))
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not reported after %v:%s", 5*metrics.ReportInterval, missing)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestConflictingLabelsAreNotFatal: a metric recorded with two label sets
// cannot be registered twice in Prometheus; the worker must carry on.
func TestConflictingLabelsAreNotFatal(t *testing.T) {
	s := listen(t)
	s.Handler.WithTags(map[string]string{"a": "1"}).Counter("clash").Inc(1)
	s.Handler.WithTags(map[string]string{"b": "1"}).Counter("clash").Inc(1)
	time.Sleep(2 * metrics.ReportInterval)
	testenv.Scrape(t, s.URL())
}

func TestBusyPortIsAnError(t *testing.T) {
	s := listen(t)
	_, err := metrics.Listen(s.Addr(), quiet())
	if err == nil || !strings.Contains(err.Error(), s.Addr()) {
		t.Errorf("second listener on %s: %v, want an error naming the address", s.Addr(), err)
	}
}

func TestOnlyTheMetricsPathIsServed(t *testing.T) {
	s := listen(t)
	resp, err := http.Get("http://" + s.Addr() + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /debug/pprof/: %s, want 404", resp.Status)
	}
}

func TestCloseStopsServing(t *testing.T) {
	s, err := metrics.Listen("127.0.0.1:0", quiet())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if c, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after Close", s.Addr())
	}
}
