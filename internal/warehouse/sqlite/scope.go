package sqlite

import (
	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// stageDeletes are the statements that remove a run's earlier staged rows of
// s.Players for its processor and date, from the three staging tables.
func stageDeletes(d Dialect, s warehouse.StagedRows, runID string, p nba.Processor, date civil.Date) []warehouse.Query {
	run, proc, day, players := warehouse.Named("run_id", runID), warehouse.Named("processor", string(p)), warehouse.Named("date", date), warehouse.Named("players", s.Players)
	byEntity := " WHERE run_id = @run_id AND processor_name = @processor AND analysis_date = @date AND " + d.InList("entity_id", "players")
	return []warehouse.Query{
		{Text: "DELETE FROM " + d.Table(s.Staging) + " WHERE run_id = @run_id AND " + s.Staging.Date + " = @date AND " +
			d.InList("player_lookup", "players"), Args: []warehouse.Arg{run, day, players}},
		{Text: "DELETE FROM " + d.Table(warehouse.StagedFailures) + byEntity, Args: []warehouse.Arg{run, proc, day, players}},
		{Text: "DELETE FROM " + d.Table(warehouse.StagedAttempts) + byEntity, Args: []warehouse.Arg{run, proc, day, players}},
	}
}

// discardQueries delete everything a run staged.
func discardQueries(d Dialect, runID string) []warehouse.Query {
	var qs []warehouse.Query
	for _, t := range warehouse.Tables {
		if t.Role == warehouse.RoleStaging {
			qs = append(qs, warehouse.Query{Text: "DELETE FROM " + d.Table(t) + " WHERE run_id = @run_id", Args: []warehouse.Arg{warehouse.Named("run_id", runID)}})
		}
	}
	return qs
}

// commitScope are the conditions that select the staged rows of one commit:
// OfRun for the output staging table (alias-free), OfRunProcessor for the
// staged failures and attempts, and their parameters.
type commitScope struct {
	OfRun, OfRunProcessor string
	Run, RunProcessor     []warehouse.Arg
}

// newCommitScope returns the scope of req.
func newCommitScope(req warehouse.CommitRequest, staging *warehouse.Table) commitScope {
	run := []warehouse.Arg{warehouse.Named("staging_id", req.StagingRun()), warehouse.Named("date", req.Date)}
	return commitScope{
		OfRun:          "run_id = @staging_id AND " + staging.Date + " = @date",
		OfRunProcessor: "run_id = @staging_id AND processor_name = @processor AND analysis_date = @date",
		Run:            run,
		RunProcessor:   append(run[:2:2], warehouse.Named("processor", string(req.Processor))),
	}
}
