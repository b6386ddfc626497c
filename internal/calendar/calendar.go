// Package calendar is a season at a glance: the state of every date of a
// season, drawn as a month-by-month grid for a terminal or written as JSON
// (nbaflow calendar, docs/operations.md §5).
//
// It only classifies and draws. The CLI gathers what it classifies (the
// schedule, the committed runs and their failed players, the stale dates, the
// runs Temporal holds), so this package imports neither the warehouse nor the
// Temporal client.
package calendar

import (
	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// State is what a date, or one processor of it, holds.
type State string

// The states of a date, from the one that asks least of an operator to the
// one that asks most: a date shows the last of its processors' states in
// this order (Day.State).
const (
	// OffDay: no game is scheduled on the date.
	OffDay State = "off_day"
	// Committed: the newest run committed every player it planned.
	Committed State = "committed"
	// CommittedWithFailures: the newest run committed, with failed players.
	CommittedWithFailures State = "committed_with_failed_players"
	// NeverRun: no run of the date has committed or failed.
	NeverRun State = "never_run"
	// Stale: the committed rows were computed from inputs that have changed
	// since (nbaflow stale).
	Stale State = "stale"
	// Failed: the newest run of the date failed after the last commit.
	Failed State = "failed"
	// Running: a run of the date is in flight.
	Running State = "running"
)

// States lists every state in the order of the legend.
var States = []State{OffDay, Committed, CommittedWithFailures, NeverRun, Stale, Failed, Running}

// rank orders the states by how much they ask of an operator.
func (s State) rank() int {
	for i, t := range States {
		if t == s {
			return i
		}
	}
	return -1
}

// Evidence is what is known of one processor on one game date.
type Evidence struct {
	Processor nba.Processor `json:"processor"`
	// Committed: a run of the date committed this processor.
	Committed bool `json:"committed"`
	// FailedPlayers counts the players the committed run failed.
	FailedPlayers int `json:"failed_players"`
	// FailedRun: a run of the date failed after the last commit, or with
	// none before it.
	FailedRun bool `json:"failed_run"`
	// Stale: the committed rows would change with the inputs as they are now.
	Stale bool `json:"stale"`
}

// State classifies the evidence of one processor: a failed run wins over
// what an earlier run committed (the date needs a run), and staleness over
// the failed players (a rerun may change both).
func (e Evidence) State() State {
	switch {
	case e.FailedRun:
		return Failed
	case !e.Committed:
		return NeverRun
	case e.Stale:
		return Stale
	case e.FailedPlayers > 0:
		return CommittedWithFailures
	}
	return Committed
}

// Day is one date of a season.
type Day struct {
	Date civil.Date `json:"date"`
	// HasGames: the schedule holds a game on the date.
	HasGames bool `json:"has_games"`
	// Running: a run of the date is in flight.
	Running bool `json:"running"`
	// Processors holds each processor's evidence, on a game date.
	Processors []Evidence `json:"processors,omitempty"`
}

// State is the date's state: off-day without games, running while a run is
// in flight, otherwise the state of the processor that asks most.
func (d Day) State() State {
	switch {
	case d.Running:
		return Running
	case !d.HasGames:
		return OffDay
	}
	s := Committed
	if len(d.Processors) == 0 {
		return NeverRun
	}
	for _, e := range d.Processors {
		if t := e.State(); t.rank() > s.rank() {
			s = t
		}
	}
	return s
}

// Season is the days of one season, from its first to its last date, in
// order.
type Season struct {
	// Year is the year the season starts in (2017 for 2017-18).
	Year int   `json:"season"`
	Days []Day `json:"days"`
}

// Counts returns how many days of the season are in each state.
func (s Season) Counts() map[State]int {
	n := make(map[State]int, len(States))
	for _, d := range s.Days {
		n[d.State()]++
	}
	return n
}
