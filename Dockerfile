# syntax=docker/dockerfile:1
#
# nbaflow worker image.
#
#   docker build -t nbaflow-worker:local .
#   docker compose up --build            # the whole stack; set the passwords of .env.example first (docs/security.md)
#
# Three stages:
#   build   compiles the worker and the operator CLI. The SQLite driver
#           (modernc.org/sqlite) is pure Go, so CGO_ENABLED=0 gives fully
#           static binaries that need no libc in the runtime image.
#   probe   compiles a small HTTP probe for the container healthcheck,
#           because the runtime image has no shell, curl or wget to do it.
#   runtime distroless "static" as the non-root user 65532: CA certificates
#           (BigQuery speaks TLS), tzdata and /etc/passwd, nothing else.

# The Go image is an ARG so CI can pin a patch release (golang:1.26.8-bookworm)
# or a digest without editing this file; the default follows 1.26 patch fixes.
ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

# ---------------------------------------------------------------------------
FROM ${GO_IMAGE} AS build

# Static, reproducible binaries: no cgo, no local paths, no VCS stamping
# (.git is not in the build context, see .dockerignore).
ENV CGO_ENABLED=0 \
    GOFLAGS=-buildvcs=false

WORKDIR /src

# Dependencies first: this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .

# The worker (ENTRYPOINT) and the operator CLI (`nbaflow daily|backfill|
# schedule|status ...`), so operators can run the CLI from the same image:
#   docker compose run --rm --no-deps --entrypoint /usr/local/bin/nbaflow worker --help
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/worker ./worker && \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/nbaflow ./starter

# An empty directory owned by the runtime user. Copied to /data below, it makes
# a fresh named volume on /data writable by that user (Docker seeds an empty
# named volume with the image's content and ownership); distroless has no
# shell to mkdir/chown it there.
RUN mkdir -p /out/data

# ---------------------------------------------------------------------------
FROM ${GO_IMAGE} AS probe

# The healthcheck probe: GET http://127.0.0.1<METRICS_ADDR port>/metrics and
# exit 0 on HTTP 200. It proves the worker process is alive and serving; the
# Temporal connection itself is watched through the SDK metrics (see
# docs/operations.md). Standard library only, so it builds without a module.
COPY <<"EOF" /probe/main.go
// Command healthcheck exits 0 when the nbaflow worker's metrics endpoint
// answers 200, and 1 otherwise. It reads the port from METRICS_ADDR, which
// the container's healthcheck inherits from the worker's environment.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	path := "/metrics"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if err := probe(os.Getenv("METRICS_ADDR"), path); err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		os.Exit(1)
	}
}

func probe(addr, path string) error {
	if addr == "" {
		return fmt.Errorf("METRICS_ADDR is empty, so the worker serves no endpoint to probe")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("METRICS_ADDR %q: %w", addr, err)
	}
	// ":9090" and "0.0.0.0:9090" listen on every interface; probe loopback.
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return nil
}
EOF

RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/healthcheck /probe/main.go

# ---------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

LABEL org.opencontainers.image.title="nbaflow-worker" \
      org.opencontainers.image.description="Temporal worker for the nbaflow NBA player analytics (UPGC, PSZA)"

COPY --from=build /out/worker /usr/local/bin/nbaflow-worker
COPY --from=build /out/nbaflow /usr/local/bin/nbaflow
COPY --from=probe /out/healthcheck /usr/local/bin/nbaflow-healthcheck
COPY --from=build --chown=65532:65532 /out/data /data

# Container defaults; docker-compose.yml and Kubernetes manifests override them.
# JSON logs for log shippers, metrics on :9090, the SQLite file on the volume.
ENV LOG_FORMAT=json \
    METRICS_ADDR=:9090 \
    SQLITE_PATH=/data/warehouse.db

# The SQLite warehouse (WAREHOUSE=sqlite) lives here; with WAREHOUSE=bigquery
# the volume stays empty. Declared so that even a plain `docker run` keeps the
# database out of the container's writable layer.
VOLUME ["/data"]

EXPOSE 9090

# 65532 is distroless's "nonroot" user. Numeric, so Kubernetes' runAsNonRoot
# can verify it without reading /etc/passwd.
USER 65532:65532

# Exec form: the worker is PID 1 and receives SIGTERM directly, which starts
# its graceful shutdown (stop polling, let running activities finish).
ENTRYPOINT ["/usr/local/bin/nbaflow-worker"]
