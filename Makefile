# nbaflow developer targets. `make demo` runs the daily job on the embedded
# stack; `make test` runs every test, including the integration tests against a
# real Temporal dev server built from Go source into bin/temporal.

GO            ?= go
TEMPORAL_CLI  ?= github.com/temporalio/cli/cmd/temporal@v1.5.1
# WORKFLOWCHECK is the SDK's determinism checker, pinned; `go run pkg@version`
# builds it from the module proxy with its own go.mod, so its dependencies
# stay out of ours.
WORKFLOWCHECK ?= go.temporal.io/sdk/contrib/tools/workflowcheck@v0.6.0
BIN           := $(CURDIR)/bin
TEMPORAL      := $(BIN)/temporal
TEST_TIMEOUT  ?= 20m
FAULTS_TIMEOUT ?= 60m

.PHONY: all tools test test-faults test-unit bench lint demo stop

all: tools test

# tools builds the Temporal CLI (dev server and UI) once; about 4 minutes on 2 cores.
tools: $(TEMPORAL)

$(TEMPORAL):
	@echo ">> building $(TEMPORAL) from $(TEMPORAL_CLI) (takes a few minutes the first time)"
	@mkdir -p $(BIN)
	GOBIN=$(BIN) $(GO) install $(TEMPORAL_CLI)
	@$(TEMPORAL) --version

# test runs vet and every test. Integration tests need bin/temporal and fail,
# never skip, when it is missing.
test: $(TEMPORAL)
	$(GO) vet ./...
	$(GO) vet -tags longfaults ./faults/
	NBAFLOW_TEMPORAL_BIN=$(TEMPORAL) $(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...
	cd tools/composecheck && $(GO) test -count=1 ./...

# test-faults runs every fault test of faults/: workers killed and stopped
# mid-chunk, the Temporal server restarted, the warehouse locked and lost,
# bad input rows, the circuit breaker, and a three-season backfill; about 11
# minutes on 2 cores. The two long ones are built only with the longfaults
# tag, so `make test` runs (and vets) the others without skipping any.
# Verbose, so the figures the tests log (recovery and restart times,
# throughput, peak memory, history sizes) are in the output.
test-faults: $(TEMPORAL)
	NBAFLOW_TEMPORAL_BIN=$(TEMPORAL) $(GO) test -tags longfaults -count=1 -v -timeout $(FAULTS_TIMEOUT) ./faults/

# test-unit runs the fast tests that need no Temporal server.
test-unit:
	$(GO) test -count=1 -short ./...

# bench runs the micro-benchmarks (domain, warehouse, league), the kill
# test (whose recovery time is a row of the table), then the system
# benchmarks on a real dev server, which end with the table of the figures
# docs/design.md sets targets for and where the season's time went.
KILL_RECOVERY := $(BIN)/kill-recovery.txt

bench: $(TEMPORAL)
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./internal/nba
	$(GO) test -run '^$$' -bench . -benchmem ./internal/warehouse/sqlite ./internal/league
	@rm -f $(KILL_RECOVERY)
	NBAFLOW_TEMPORAL_BIN=$(TEMPORAL) NBAFLOW_KILL_RECOVERY_FILE=$(KILL_RECOVERY) $(GO) test -count=1 -run '^TestKill9WorkerMidBackfill$$' -v ./faults
	NBAFLOW_TEMPORAL_BIN=$(TEMPORAL) NBAFLOW_KILL_RECOVERY_FILE=$(KILL_RECOVERY) $(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./bench

# lint fails on a Go file gofmt would change, on go vet's findings (the
# longfaults tests included), and on what workflowcheck finds in code a
# workflow reaches: the clock, map iteration, goroutines, I/O. A
# false positive is waived where it is, with `//workflowcheck:ignore` and
# the reason. It fails, saying so, when workflowcheck cannot be built.
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags longfaults ./faults/
	@$(GO) run $(WORKFLOWCHECK) -V=full >/dev/null || { echo "lint: cannot build $(WORKFLOWCHECK)" >&2; exit 1; }
	$(GO) run $(WORKFLOWCHECK) ./...

# demo starts the embedded stack (dev server, SQLite warehouse, worker, the
# daily schedule) and runs the daily workflow once; the stack stays up.
demo: $(TEMPORAL)
	@scripts/demo.sh

# stop stops what demo started; the state under .data/ is kept.
stop:
	@scripts/stop.sh
