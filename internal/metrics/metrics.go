// Package metrics serves the worker's Prometheus endpoint: the Temporal
// SDK's metrics and nbaflow's own (emitted by the activities through
// activity.GetMetricsHandler) go through one tally scope into one
// Prometheus registry, served at /metrics. This is the samples-go `metrics`
// sample (go.temporal.io/sdk/contrib/tally with the tally Prometheus
// reporter), with a listener of our own so that a busy port is an error at
// start and the server stops with the worker.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/uber-go/tally/v4"
	tallyprom "github.com/uber-go/tally/v4/prometheus"
	"go.temporal.io/sdk/client"
	sdktally "go.temporal.io/sdk/contrib/tally"
)

// Path is where the endpoint serves; the container healthcheck GETs it.
const Path = "/metrics"

// ReportInterval is how often tally moves recorded values into the
// Prometheus registry, so a scrape lags a recording by at most this much.
const ReportInterval = time.Second

// Buckets are the histogram buckets of every timer, in seconds: the
// reporter's defaults (1 ms to 10 s) plus 30 s, 1 min and 2 min, since a
// chunk that waits on a busy warehouse or BigQuery takes tens of seconds.
var Buckets = append(tallyprom.DefaultHistogramBuckets(), 30, 60, 120)

// Server is a running metrics endpoint and the handler that feeds it.
type Server struct {
	// Handler goes into client.Options.MetricsHandler; workers and
	// activities of that client record through it.
	Handler client.MetricsHandler

	listener net.Listener
	http     *http.Server
	scope    io.Closer
	served   chan error
}

// Listen starts serving Path on addr (host:port; port 0 picks a free one).
// Registration conflicts between metrics are logged, not fatal: a metric
// lost to a bug must not stop the worker.
func Listen(addr string, logger *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	registry := prometheus.NewRegistry()
	registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	reporter := tallyprom.NewReporter(tallyprom.Options{
		Registerer:              registry,
		DefaultTimerType:        tallyprom.HistogramTimerType,
		DefaultHistogramBuckets: Buckets,
		OnRegisterError: func(err error) {
			logger.Warn("metrics: cannot register a metric", "error", err)
		},
	})
	scope, closer := tally.NewRootScope(tally.ScopeOptions{
		CachedReporter:  reporter,
		Separator:       tallyprom.DefaultSeparator,
		SanitizeOptions: &sdktally.PrometheusSanitizeOptions,
	}, ReportInterval)

	mux := http.NewServeMux()
	mux.Handle(Path, promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	s := &Server{
		Handler:  sdktally.NewMetricsHandler(sdktally.NewPrometheusNamingScope(scope)),
		listener: ln,
		http:     &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		scope:    closer,
		served:   make(chan error, 1),
	}
	go func() { s.served <- s.http.Serve(ln) }()
	return s, nil
}

// Addr is the address the endpoint listens on, with the port it got.
func (s *Server) Addr() string { return s.listener.Addr().String() }

// URL is the endpoint's address for an HTTP GET.
func (s *Server) URL() string { return "http://" + s.Addr() + Path }

// Close reports what was recorded last and stops serving, waiting up to
// five seconds for scrapes in progress.
func (s *Server) Close() error {
	scopeErr := s.scope.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if served := <-s.served; !errors.Is(served, http.ErrServerClosed) {
		err = errors.Join(err, served)
	}
	return errors.Join(scopeErr, err)
}
