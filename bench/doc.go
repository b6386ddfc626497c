// Package bench holds the system benchmarks of nbaflow: a full game date
// and a full synthetic season on a real Temporal dev server and a real
// worker over SQLite, and the same season computed in process without
// Temporal (the floor), to measure what orchestration costs. `make bench`
// runs them and prints the table of figures docs/design.md sets targets for.
package bench
