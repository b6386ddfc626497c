// Package workflows holds nbaflow's orchestration: DailyWorkflow computes
// both per-player processors for one game date, BackfillWorkflow runs
// DailyWorkflow over a range of dates.
//
// Everything here is deterministic workflow code. It calls activities by
// their registered names (package activities), keeps only orchestration
// state (players, counts, timings; never rows), and reads time through
// workflow.Now. It must not import I/O packages (os, net, database/sql, the
// warehouse backends), start goroutines, read the clock or range over maps
// to decide what to do; the replay tests of testdata/ hold it to that.
package workflows
