package main

import (
	"context"
	"flag"

	"nbaflow/internal/operator"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/backend"
)

// commonFlags are the flags every warehouse subcommand has: --db chooses
// the sqlite file beyond the environment, --json the output form.
type commonFlags struct {
	db   string
	json bool
}

func (f *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.db, "db", "", "SQLite file of the warehouse (overrides SQLITE_PATH; WAREHOUSE=sqlite only)")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
}

// config returns the warehouse configuration of the environment (e.cfg)
// and flags.
func (f *commonFlags) config(e *env) (warehouse.Config, error) {
	cfg := e.cfg.Config
	if f.db != "" {
		if cfg.Backend != warehouse.BackendSQLite {
			return cfg, usagef("--db applies to WAREHOUSE=sqlite, not %s", cfg.Backend)
		}
		cfg.SQLitePath = f.db
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{err.Error()}
	}
	return cfg, nil
}

// open opens the warehouse the flags and the environment name (open);
// cfg says where it is, for the report.
func (f *commonFlags) open(ctx context.Context, e *env) (w warehouse.Warehouse, cfg warehouse.Config, err error) {
	if cfg, err = f.config(e); err != nil {
		return nil, cfg, err
	}
	w, err = open(ctx, cfg)
	return w, cfg, err
}

// schemaChecker is a warehouse whose tables are created apart from the
// code that writes them (BigQuery: `nbaflow bigquery init`); the sqlite
// backend creates and checks its own on open.
type schemaChecker interface {
	CheckSchema(ctx context.Context) error
}

// open opens the warehouse of cfg and checks its tables. It creates none:
// on BigQuery that is an admin's step, so that the commands and the worker
// run with Data Editor and Job User only.
func open(ctx context.Context, cfg warehouse.Config) (warehouse.Warehouse, error) {
	w, err := backend.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if s, ok := w.(schemaChecker); ok {
		if err := s.CheckSchema(ctx); err != nil {
			w.Close()
			return nil, err // it says to run `nbaflow bigquery init`
		}
	}
	return w, nil
}

// openWithTemporal opens the warehouse and dials Temporal, for the commands
// that read both (doctor, calendar); done closes both.
func openWithTemporal(ctx context.Context, e *env, cf *commonFlags, tf *temporalFlags) (w warehouse.Warehouse, op *operator.Operator, done func(), err error) {
	if w, _, err = cf.open(ctx, e); err != nil {
		return nil, nil, nil, err
	}
	op, hangUp, err := tf.dial(ctx, e)
	if err != nil {
		w.Close()
		return nil, nil, nil, err
	}
	return w, op, func() { hangUp(); w.Close() }, nil
}
