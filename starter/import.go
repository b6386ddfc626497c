package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/csvimport"
)

var importCommand = command{
	name:    "import",
	summary: "load a CSV file of an input table into the warehouse, all or nothing",
	run:     runImport,
}

// importReport is what import prints (--json: as JSON) of one file: what
// the warehouse did with its rows (all zero when it was refused), or why it
// was refused.
type importReport struct {
	warehouse.TableLoad
	File     string   `json:"file"`
	Problems []string `json:"problems,omitempty"`
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "--table NAME [--db PATH] [--json] FILE.csv",
		"Loads FILE.csv into table NAME ("+strings.Join(csvimport.Tables(), ", ")+").\n"+
			"The header names the columns. Every bad value is reported with its line and column, every key repeated\n"+
			"within the file with both its lines, and then nothing is loaded. Reports the rows inserted (new key),\n"+
			"replaced (a stored row that differed) and unchanged (identical to the stored row).")
	table := fs.String("table", "", "input table to load; required")
	var cf commonFlags
	cf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *table == "":
		return usagef("--table is required")
	case fs.NArg() != 1:
		return usagef("want one CSV file, got %d arguments", fs.NArg())
	}
	cfg, err := cf.config(e)
	if err != nil {
		return err
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.Close()
	rep := importReport{TableLoad: warehouse.TableLoad{Table: *table}, File: path}
	load, err := csvimport.Import(ctx, w, *table, f)
	var ierr *csvimport.Error
	if errors.As(err, &ierr) {
		rep.Problems = problemLines(ierr)
		if cf.json {
			writeJSON(e.stdout, rep) //nolint:errcheck // the import error is what to report
		} else {
			for _, p := range rep.Problems {
				fmt.Fprintf(e.stderr, "%s:%s\n", path, strings.TrimPrefix(p, "line "))
			}
		}
		return fmt.Errorf("%s: %s, nothing loaded", path, ierr.Count())
	}
	if err != nil {
		return err
	}
	rep.TableLoad = load.Table(*table)
	if cf.json {
		return writeJSON(e.stdout, rep)
	}
	fmt.Fprintf(e.stdout, "imported %s into %s: %v (%s)\n", path, rep.Table, rep.TableLoad, cfg)
	return nil
}
