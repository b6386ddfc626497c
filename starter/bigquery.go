package main

import (
	"context"
	"fmt"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/backend"
)

var bigqueryCommand = command{
	name:    "bigquery",
	summary: "the BigQuery warehouse's admin steps: init (create the datasets and tables) | check",
	run:     runBigQuery,
}

// schemaAdmin is a warehouse whose datasets and tables are created apart
// from the code that writes them (BigQuery).
type schemaAdmin interface {
	EnsureSchema(ctx context.Context) error
	CheckSchema(ctx context.Context) error
}

func runBigQuery(ctx context.Context, e *env, args []string) error {
	const help = "usage: nbaflow bigquery init|check [--json]\n\n" +
		"init creates the datasets (nba_staging with its 24-hour default table expiration) and the tables of\n" +
		"schemas/bigquery that do not exist yet, then checks them. It is the one step that needs BigQuery Data\n" +
		"Owner (or Admin) on the project: the worker and the other commands need only BigQuery Data Editor on\n" +
		"the datasets and BigQuery Job User on the project. check compares the tables with this build's schema,\n" +
		"as a worker does when it starts, and exits 1 listing every difference.\n" +
		"WAREHOUSE=bigquery with BIGQUERY_PROJECT (and BIGQUERY_LOCATION, default " + warehouse.DefaultBigQueryLocation + ") name the project."
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		e.printf("%s\n", help)
		if len(args) == 0 {
			return usagef("want init or check")
		}
		return nil
	}
	action := args[0]
	if action != "init" && action != "check" {
		return usagef("unknown action %q: want init or check", action)
	}
	fs := newFlags(e, "bigquery "+action, "[--json]", help)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlagsOnly(fs, args[1:]); err != nil {
		return err
	}
	cfg := e.cfg.Config
	if cfg.Backend != warehouse.BackendBigQuery {
		return usagef("bigquery %s needs WAREHOUSE=bigquery (now %q)", action, cfg.Backend)
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	w, err := backend.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.Close()
	admin, ok := w.(schemaAdmin)
	if !ok {
		return fmt.Errorf("the %s warehouse has no schema to administer", cfg.Backend)
	}
	step := admin.CheckSchema
	if action == "init" {
		step = admin.EnsureSchema
	}
	if err := step(ctx); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]string{"warehouse": cfg.String(), action: "ok"})
	}
	e.printf("%s: every dataset and table matches this build's schema\n", cfg)
	return nil
}
