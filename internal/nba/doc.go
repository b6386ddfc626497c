// Package nba is the pure domain core of nbaflow: the two per-player
// processors, upcoming player game context (PlayerContext, "UPGC") and player
// shot zone analysis (ShotZoneProfile, "PSZA"), and the machinery they share
// (season calendar, completeness windows, sample quality, the entity circuit
// breaker, content hashing and rounding).
//
// Every formula of the pipeline lives here and only here, so that it is tested
// once and used by every path: activities, benchmarks and the in-process
// floor computation all call the same functions.
//
// The package must not import Temporal, database/sql, BigQuery or anything
// that does I/O, and it never reads the clock: callers pass "now". Inputs are
// plain row structs; outputs are row structs whose `col` tags name the
// warehouse columns. Bad input is reported as a Failure value with a category
// code, never as a panic and never as a plausible made-up number.
//
// The rules follow docs/domain.md; where Part A (the project's decisions)
// and Part B (the legacy code) disagree, Part A is implemented and the code
// comment cites the decision (for example "A.2.7"). The first citation in a
// file names docs/domain.md; later ones give the number alone.
package nba
