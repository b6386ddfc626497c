package warehouse

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"nbaflow/internal/nba"
)

// StagedRows are the rows of a StageBatch as the staging tables hold them.
// Each backend replaces the run's earlier staged rows of Players (per
// processor and date) with them.
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
