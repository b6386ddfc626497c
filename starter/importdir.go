package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/csvimport"
)

var importDirCommand = command{
	name:    "import-dir",
	summary: "load every canonical CSV of a folder (TABLE.csv) into its table, each file all or nothing",
	run:     runImportDir,
}

// importDirReport is what import-dir prints (--json: as JSON): each file's
// report, and in Total (table "total") the counts of every file together.
type importDirReport struct {
	Dir     string              `json:"dir"`
	Files   []importReport      `json:"files"`
	Skipped []string            `json:"skipped,omitempty"`
	Total   warehouse.TableLoad `json:"total"`
	Failed  int                 `json:"failed_files"`
}

func runImportDir(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import-dir", "[--db PATH] [--json] DIR",
		"Loads DIR/TABLE.csv for every input table it finds ("+strings.Join(csvimport.Tables(), ", ")+").\n"+
			"The header of a file names its columns. A file with a bad value or a key repeated within it loads\n"+
			"nothing, and every problem is reported with its file and line(s); the other files still load. Other\n"+
			"files are listed as skipped. Reports the rows inserted, replaced and unchanged per file and in total.")
	var cf commonFlags
	cf.register(fs)
	dir, err := positional(fs, args)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	w, cfg, err := cf.open(ctx, e)
	if err != nil {
		return err
	}
	defer w.Close()

	rep := importDirReport{Dir: dir, Total: warehouse.TableLoad{Table: "total"}}
	for _, ent := range entries {
		name := ent.Name()
		table, isCSV := strings.CutSuffix(name, ".csv")
		if ent.IsDir() || !isCSV || !slices.Contains(csvimport.Tables(), table) {
			rep.Skipped = append(rep.Skipped, name)
			continue
		}
		path := filepath.Join(dir, name)
		if !cf.json {
			fmt.Fprintf(e.stderr, "loading %s ...\n", path)
		}
		fr := importFile(ctx, w, table, path)
		rep.Total.Add(fr.TableLoad)
		if len(fr.Problems) > 0 {
			rep.Failed++
		}
		rep.Files = append(rep.Files, fr)
	}
	if cf.json {
		if err := writeJSON(e.stdout, rep); err != nil {
			return err
		}
	} else {
		for _, f := range rep.Files {
			if len(f.Problems) == 0 {
				printLoad(e, f.TableLoad)
				continue
			}
			e.printf("  %-34s   FAILED, nothing loaded:\n", f.Table)
			for _, p := range f.Problems {
				e.printf("    %s:%s\n", f.File, strings.TrimPrefix(p, "line "))
			}
		}
		for _, s := range rep.Skipped {
			e.printf("  skipped %s: not TABLE.csv of an input table\n", s)
		}
		printLoad(e, rep.Total)
		e.printf("%d of %d files loaded into %s\n", len(rep.Files)-rep.Failed, len(rep.Files), cfg)
	}
	if len(rep.Files) == 0 {
		return fmt.Errorf("%s holds no CSV file of an input table", dir)
	}
	if rep.Failed > 0 {
		return fmt.Errorf("%d of %d files had problems and were not loaded", rep.Failed, len(rep.Files))
	}
	return nil
}

// importFile loads one file; a bad value, a repeated key or a read error is
// reported in the file's problems, so that the other files still load.
func importFile(ctx context.Context, w warehouse.Warehouse, table, path string) importReport {
	fr := importReport{TableLoad: warehouse.TableLoad{Table: table}, File: path}
	f, err := os.Open(path)
	if err != nil {
		fr.Problems = []string{err.Error()}
		return fr
	}
	defer f.Close()
	load, err := csvimport.Import(ctx, w, table, f)
	var ierr *csvimport.Error
	switch {
	case errors.As(err, &ierr):
		fr.Problems = problemLines(ierr)
	case err != nil:
		fr.Problems = []string{err.Error()}
	default:
		fr.TableLoad = load.Table(table)
	}
	return fr
}

// problemLines are the problems of a refused file, one "line N..." each.
func problemLines(ierr *csvimport.Error) []string {
	lines := make([]string, len(ierr.Problems))
	for i, p := range ierr.Problems {
		lines[i] = p.String()
	}
	return lines
}

// printLoad writes one table's counts as a row of a table of loads.
func printLoad(e *env, l warehouse.TableLoad) {
	e.printf("  %-34s %8d inserted %8d replaced %8d unchanged\n", l.Table, l.Inserted, l.Replaced, l.Unchanged)
}
