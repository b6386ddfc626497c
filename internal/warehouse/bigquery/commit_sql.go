package bigquery

import (
	"fmt"
	"reflect"
	"strings"

	"nbaflow/internal/warehouse"
)

// The statements of a commit (commit.go). Each is one statement, atomic by
// itself; none runs in a multi-statement transaction, because BigQuery
// cancels a transaction that mutates a table another transaction mutates,
// whatever the partitions. Every statement that mutates a table keeps to
// the date's partition, and the ones that write the run's outcome carry the
// fence check in their source: a run that no longer holds the date changes
// nothing, whatever happened since it looked.

// commitSQL builds the statements of one commit.
type commitSQL struct {
	d      Dialect
	req    warehouse.CommitRequest
	staged stagedTables
}

// fenceArgs are the parameters that place req's run among the date's runs.
func (c commitSQL) fenceArgs() []warehouse.Arg {
	f := warehouse.FenceOf(c.req)
	return []warehouse.Arg{warehouse.Named("processor", string(c.req.Processor)), warehouse.Named("date", c.req.Date),
		warehouse.Named("run_id", c.req.RunID), warehouse.Named("planned_at", f.PlannedAt)}
}

// source is a query of the run's staged tables of one kind, or no rows of
// the same columns when it staged none of that kind.
func (c commitSQL) source(kind string, t *warehouse.Table) string {
	cols := strings.Join(warehouse.ColumnNames(t.Columns()), ", ")
	names := c.staged[kind]
	if len(names) == 0 {
		return "SELECT " + cols + " FROM UNNEST([STRUCT(" + emptyStruct(t) + ")]) WHERE FALSE"
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "SELECT " + cols + " FROM `" + c.d.Dataset(warehouse.DatasetStaging) + "." + n + "`"
	}
	return strings.Join(parts, " UNION ALL ")
}

// emptyStruct is a struct of typed NULLs (empty arrays) with t's columns,
// the element of a typed empty source.
func emptyStruct(t *warehouse.Table) string {
	fields := make([]string, len(t.Columns()))
	for i, col := range t.Columns() {
		v := "CAST(NULL AS " + sqlTypes[col.Kind] + ")"
		if col.Kind == warehouse.KindStringArray {
			v = "ARRAY<STRING>[]"
		}
		fields[i] = v + " AS " + col.Name
	}
	return strings.Join(fields, ", ")
}

// counts reads what the run staged: rows, failures (and by category) and
// attempts.
func (c commitSQL) counts() warehouse.Query {
	_, stg, _ := warehouse.OutputTable(c.req.Processor)
	fails := c.source(kindFailures, warehouse.StagedFailures)
	return warehouse.Query{Text: "SELECT (SELECT COUNT(*) FROM (" + c.source(kindRows, stg) + ")) AS staged_rows, " +
		"(SELECT COUNT(*) FROM (" + fails + ")) AS staged_failures, " +
		"(SELECT COUNT(*) FROM (" + c.source(kindAttempts, warehouse.StagedAttempts) + ")) AS staged_attempts, " +
		"(SELECT CONCAT('{', IFNULL(STRING_AGG(CONCAT(TO_JSON_STRING(failure_category), ':', CAST(n AS STRING)), ',' ORDER BY failure_category), ''), '}') " +
		"FROM (SELECT failure_category, COUNT(*) AS n FROM (" + fails + ") GROUP BY failure_category)) AS by_category"}
}

// claim makes the run the date's committed run unless a newer one is: a
// MERGE of the one row of committed_runs, whose DML statistics say which.
func (c commitSQL) claim() warehouse.Query {
	return warehouse.Query{Text: "MERGE " + c.d.Table(warehouse.CommittedRuns) + " c USING (SELECT @processor AS processor_name, @date AS data_date) s\n" +
		"ON c.data_date = @date AND c.processor_name = s.processor_name AND c.data_date = s.data_date\n" +
		"WHEN MATCHED AND (c.planned_at < @planned_at OR (c.planned_at = @planned_at AND c.run_id <= @run_id)) THEN " +
		"UPDATE SET run_id = @run_id, planned_at = @planned_at, committed_at = @now\n" +
		"WHEN NOT MATCHED THEN INSERT (processor_name, data_date, run_id, planned_at, committed_at) VALUES (@processor, @date, @run_id, @planned_at, @now)",
		Args: append(c.fenceArgs(), warehouse.Named("now", c.req.Now))}
}

// holder reads the run the date's committed_runs row names.
func (c commitSQL) holder() warehouse.Query {
	return warehouse.Query{Text: "SELECT run_id FROM " + c.d.Table(warehouse.CommittedRuns) +
		" WHERE processor_name = @processor AND data_date = @date",
		Args: []warehouse.Arg{warehouse.Named("processor", string(c.req.Processor)), warehouse.Named("date", c.req.Date)}}
}

// holds is the condition, inside a statement, that the run still holds the
// date and (when the request says what it staged) that its staging is whole.
func (c commitSQL) holds() (string, []warehouse.Arg) {
	cond := "(SELECT COUNT(*) FROM " + c.d.Table(warehouse.CommittedRuns) +
		" WHERE processor_name = @processor AND data_date = @date AND run_id = @run_id AND planned_at = @planned_at) = 1"
	args := c.fenceArgs()
	if s := c.req.Staged; s != nil {
		_, stg, _ := warehouse.OutputTable(c.req.Processor)
		cond += " AND (SELECT COUNT(*) FROM (" + c.source(kindRows, stg) + ")) = @expect_rows" +
			" AND (SELECT COUNT(*) FROM (" + c.source(kindFailures, warehouse.StagedFailures) + ")) = @expect_failures"
		args = append(args, warehouse.Named("expect_rows", int64(s.Rows)), warehouse.Named("expect_failures", int64(s.Failures)))
	}
	return "(" + cond + ")", args
}

// replace is the one statement that writes the output table: a MERGE on
// the key restricted to the date's partition that inserts new keys,
// updates rows that changed (warehouse.RowChanged; keeping created_at) and
// deletes the date's rows the run did not produce. When the run no longer holds the
// date its source is the date's stored rows, so it changes nothing.
func (c commitSQL) replace() warehouse.Query {
	out, stg, _ := warehouse.OutputTable(c.req.Processor)
	names := warehouse.ColumnNames(out.Columns())
	cols := strings.Join(names, ", ")
	var set, values []string
	for _, col := range names {
		values = append(values, "s."+col)
		if !contains(out.Key, col) && col != "created_at" {
			set = append(set, col+" = s."+col)
		}
	}
	holds, args := c.holds()
	return warehouse.Query{Text: fmt.Sprintf("MERGE %s t USING (\n"+
		"SELECT %s FROM (%s) WHERE %s\nUNION ALL\nSELECT %s FROM %s WHERE %s = @date AND NOT %s) s\n"+
		"ON t.%s = @date AND t.%s = s.%s AND t.player_lookup = s.player_lookup\n"+
		"WHEN MATCHED AND %s THEN UPDATE SET %s\n"+
		"WHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)\n"+
		"WHEN NOT MATCHED BY SOURCE AND t.%s = @date THEN DELETE",
		c.d.Table(out), cols, c.source(kindRows, stg), holds, cols, c.d.Table(out), out.Date, holds,
		out.Date, out.Date, out.Date, warehouse.RowChanged(out, "t", "s", isDistinct), strings.Join(set, ", "), cols, strings.Join(values, ", "), out.Date), Args: args}
}

// isDistinct compares two values of a column, NULL included. BigQuery
// cannot compare arrays, so lists compare as their JSON text.
func isDistinct(c warehouse.Column, t, s string) string {
	if c.Kind == warehouse.KindStringArray {
		return "TO_JSON_STRING(" + t + ") != TO_JSON_STRING(" + s + ")"
	}
	return t + " IS DISTINCT FROM " + s
}

// replaceFailures makes the run's failures the date's failures of the
// processor, deleting other runs'. A retry matches its own rows and keeps
// them, created_at included.
func (c commitSQL) replaceFailures() warehouse.Query {
	names := warehouse.ColumnNames(warehouse.Failures.Columns())
	cols := strings.Join(names, ", ")
	// A failure records the execution that committed it, as the history does.
	staged := strings.Replace(strings.Replace(cols, "created_at", "@now AS created_at", 1), "run_id", "@run_id AS run_id", 1)
	holds, args := c.holds()
	return warehouse.Query{Text: fmt.Sprintf("MERGE %s t USING (\n"+
		"SELECT %s FROM (%s) WHERE %s\nUNION ALL\nSELECT %s FROM %s WHERE analysis_date = @date AND processor_name = @processor AND NOT %s) s\n"+
		"ON t.analysis_date = @date AND t.processor_name = @processor AND t.analysis_date = s.analysis_date AND t.processor_name = s.processor_name "+
		"AND t.entity_id = s.entity_id AND t.run_id = s.run_id\n"+
		"WHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)\n"+
		"WHEN NOT MATCHED BY SOURCE AND t.analysis_date = @date AND t.processor_name = @processor THEN DELETE",
		c.d.Table(warehouse.Failures), staged, c.source(kindFailures, warehouse.StagedFailures), holds, cols, c.d.Table(warehouse.Failures), holds,
		cols, prefixed("s.", names)), Args: append(args, warehouse.Named("now", c.req.Now))}
}

// appendAttempts adds the run's breaker attempts; a retry adds nothing
// twice, and a MERGE that only inserts conflicts with no other statement.
func (c commitSQL) appendAttempts() warehouse.Query {
	names := warehouse.ColumnNames(warehouse.Attempts.Columns())
	cols := strings.Join(names, ", ")
	holds, args := c.holds()
	return warehouse.Query{Text: fmt.Sprintf("MERGE %s t USING (SELECT %s FROM (%s) WHERE %s) s\n"+
		"ON t.analysis_date = @date AND t.analysis_date = s.analysis_date AND t.processor_name = s.processor_name "+
		"AND t.entity_id = s.entity_id AND t.attempt_number = s.attempt_number\n"+
		"WHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)",
		c.d.Table(warehouse.Attempts), cols, c.source(kindAttempts, warehouse.StagedAttempts), holds, cols, prefixed("s.", names)), Args: args}
}

// record adds the commit's run-history row unless an earlier attempt of the
// same commit recorded one: an insert-only MERGE on the history's key.
func (c commitSQL) record(row warehouse.RunHistoryRow) (warehouse.Query, error) {
	cols := warehouse.RunHistory.Columns()
	names := warehouse.ColumnNames(cols)
	values := make([]string, len(cols))
	args := make([]warehouse.Arg, len(cols))
	rv := reflect.ValueOf(row)
	for i, col := range cols {
		values[i] = "@h_" + col.Name
		args[i] = warehouse.Named("h_"+col.Name, columnParam(col, col.Value(rv, "")))
	}
	q := warehouse.Query{Text: fmt.Sprintf("MERGE %s t USING (SELECT @h_processor_name AS processor_name, @h_data_date AS data_date, @h_run_id AS run_id) s\n"+
		"ON t.data_date = @h_data_date AND t.processor_name = s.processor_name AND t.data_date = s.data_date AND t.run_id = s.run_id\n"+
		"WHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)",
		c.d.Table(warehouse.RunHistory), strings.Join(names, ", "), strings.Join(values, ", ")), Args: args}
	if _, err := parameters(q); err != nil {
		return warehouse.Query{}, fmt.Errorf("run history of %s: %w", c.req.RunID, err)
	}
	return q, nil
}

func prefixed(prefix string, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return strings.Join(out, ", ")
}
