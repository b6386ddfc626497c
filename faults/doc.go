// Package faults holds nbaflow's fault tests (its _test.go files): a real
// Temporal dev server, a real SQLite warehouse and workers running as
// separate processes of the worker binary, put through what production
// does to them: kill -9 and SIGTERM of a worker mid-chunk, a restart of the
// Temporal server, a locked or lost warehouse, bad input rows, a player
// tripping the circuit breaker, and a three-season backfill.
//
// Each test asserts on the rows the warehouse holds afterwards (usually
// against an undisturbed reference run) and logs the figures an operator
// wants: time to recover, restart time, throughput and peak memory. The long
// ones (a warehouse lost for good, the three-season backfill) are built only
// with the longfaults tag, which `make test-faults` sets: `make test` runs
// the others and compiles those, so no test is skipped.
package faults
