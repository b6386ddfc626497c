// Package activities is the glue between the warehouse and the domain core:
// each activity loads inputs through warehouse.Warehouse, calls internal/nba
// to compute rows, and writes them back, heartbeating as it goes.
//
// Activities are methods of Activities, which holds their dependencies (the
// warehouse, a clock, the domain configuration and the worker's chunking
// defaults), so that tests can hand them fakes. Register registers them under
// the stable names the workflows call them by.
//
// Errors follow one rule. Bad data that makes a whole activity impossible (a
// malformed date, no season opener in the schedule) is a non-retryable
// application error whose type names the category. Warehouse and network
// errors are returned as they are, so Temporal retries them. Bad data of one
// player is never an activity error: it is an nba.Failure, staged like a row.
//
// The package must not import the warehouse backends (sqlite, bigquery):
// the worker chooses one and hands it over as a warehouse.Warehouse. It holds
// no formulas: those live in internal/nba.
package activities
