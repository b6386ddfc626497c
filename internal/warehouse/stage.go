package warehouse

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

// StagedRows are the rows of a StageBatch as the staging tables hold them.
// Both backends stage these: first delete the run's earlier rows of Players
// (per processor and date), then insert.
type StagedRows struct {
	Output  *Table
	Staging *Table
	// Players are the players whose earlier staged rows are replaced: the
	// batch's players and every player a row of the batch names.
	Players []string
	// Rows is the slice of output rows ([]nba.PlayerContext or []nba.ShotZoneProfile).
	Rows     reflect.Value
	Failures []FailureRow
	Attempts []nba.ReprocessAttempt
}

// PrepareStage checks a batch and returns its rows for staging. Failures are
// stamped with now as their staging time. A batch whose rows disagree with its
// run, processor or date is an error: nothing of it may be written.
func PrepareStage(b StageBatch, now time.Time) (StagedRows, error) {
	fail := func(format string, args ...any) (StagedRows, error) {
		return StagedRows{}, fmt.Errorf("stage run %q %s %s: %s", b.RunID, b.Processor, b.Date, fmt.Sprintf(format, args...))
	}
	if b.RunID == "" {
		return fail("empty run id")
	}
	if !b.Date.IsValid() {
		return fail("invalid date")
	}
	out, staging, err := OutputTable(b.Processor)
	if err != nil {
		return fail("%v", err)
	}
	s := StagedRows{Output: out, Staging: staging, Attempts: b.Attempts}
	players := append([]string(nil), b.Players...)
	switch b.Processor {
	case nba.UPGC:
		if len(b.Zones) > 0 {
			return fail("shot-zone rows in a context batch")
		}
		s.Rows = reflect.ValueOf(b.Contexts)
	case nba.PSZA:
		if len(b.Contexts) > 0 {
			return fail("context rows in a shot-zone batch")
		}
		s.Rows = reflect.ValueOf(b.Zones)
	}
	dateCol, _ := out.Column(out.Date)
	playerCol, _ := out.Column("player_lookup")
	seen := map[string]bool{}
	for i := range s.Rows.Len() {
		row := s.Rows.Index(i)
		p, _ := playerCol.Value(row, "").(string)
		if d := dateCol.Value(row, ""); d != b.Date {
			return fail("row of %q dated %v", p, d)
		}
		if p == "" || seen[p] {
			return fail("row %d: empty or repeated player %q", i, p)
		}
		seen[p] = true
		players = append(players, p)
	}
	for _, f := range b.Failures {
		if f.Processor == "" {
			f.Processor = b.Processor
		}
		if f.Processor != b.Processor || f.PlayerLookup == "" {
			return fail("failure of %q for processor %q", f.PlayerLookup, f.Processor)
		}
		s.Failures = append(s.Failures, NewFailureRow(b.RunID, b.Date, f, now))
		players = append(players, f.PlayerLookup)
	}
	for _, a := range b.Attempts {
		if a.ProcessorName != string(b.Processor) || a.AnalysisDate != b.Date || a.EntityID == "" {
			return fail("attempt of %q for %q on %s", a.EntityID, a.ProcessorName, a.AnalysisDate)
		}
		players = append(players, a.EntityID)
	}
	s.Players = sortedSet(players)
	return s, nil
}

// CheckCommit checks a commit request.
func CheckCommit(req CommitRequest) error {
	var errs []error
	if req.RunID == "" {
		errs = append(errs, errors.New("empty run id"))
	}
	if !req.Date.IsValid() {
		errs = append(errs, errors.New("invalid date"))
	}
	if _, _, err := OutputTable(req.Processor); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("commit run %q %s %s: %w", req.RunID, req.Processor, req.Date, err)
	}
	return nil
}

// StageDeletes are the statements that remove a run's earlier staged rows of
// s.Players for its processor and date, from the three staging tables.
func StageDeletes(d Dialect, s StagedRows, runID string, p nba.Processor, date civil.Date) []Query {
	run, proc, day, players := Named("run_id", runID), Named("processor", string(p)), Named("date", date), Named("players", s.Players)
	byEntity := " WHERE run_id = @run_id AND processor_name = @processor AND analysis_date = @date AND " + d.InList("entity_id", "players")
	return []Query{
		{Text: "DELETE FROM " + d.Table(s.Staging) + " WHERE run_id = @run_id AND " + s.Staging.Date + " = @date AND " +
			d.InList("player_lookup", "players"), Args: []Arg{run, day, players}},
		{Text: "DELETE FROM " + d.Table(StagedFailures) + byEntity, Args: []Arg{run, proc, day, players}},
		{Text: "DELETE FROM " + d.Table(StagedAttempts) + byEntity, Args: []Arg{run, proc, day, players}},
	}
}

// DiscardQueries delete everything a run staged.
func DiscardQueries(d Dialect, runID string) []Query {
	var qs []Query
	for _, t := range Tables {
		if t.Role == RoleStaging {
			qs = append(qs, Query{Text: "DELETE FROM " + d.Table(t) + " WHERE run_id = @run_id", Args: []Arg{Named("run_id", runID)}})
		}
	}
	return qs
}

// CommitScope are the conditions that select the staged rows of one commit:
// OfRun for the output staging table (alias-free), OfRunProcessor for the
// staged failures and attempts, and their parameters.
type CommitScope struct {
	OfRun, OfRunProcessor string
	Run, RunProcessor     []Arg
}

// NewCommitScope returns the scope of req.
func NewCommitScope(req CommitRequest, staging *Table) CommitScope {
	run := []Arg{Named("run_id", req.RunID), Named("date", req.Date)}
	return CommitScope{
		OfRun:          "run_id = @run_id AND " + staging.Date + " = @date",
		OfRunProcessor: "run_id = @run_id AND processor_name = @processor AND analysis_date = @date",
		Run:            run,
		RunProcessor:   append(run[:2:2], Named("processor", string(req.Processor))),
	}
}
