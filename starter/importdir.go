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

// importDirReport is what import-dir prints (--json: as JSON).
type importDirReport struct {
	Dir     string         `json:"dir"`
	Files   []importReport `json:"files"`
	Skipped []string       `json:"skipped,omitempty"`
	Rows    int            `json:"rows"`
	Failed  int            `json:"failed_files"`
}

func runImportDir(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import-dir", "[--db PATH] [--json] DIR",
		"Loads DIR/TABLE.csv for every input table it finds ("+strings.Join(csvimport.Tables(), ", ")+").\n"+
			"The header of a file names its columns. A file with a bad value loads nothing, and every bad value is\n"+
			"reported with its file, line and column; the other files still load. Other files are listed as skipped.")
	var cf commonFlags
	cf.register(fs)
	dir, err := positional(fs, args)
	if err != nil {
		return err
	}
	cfg, err := cf.config(e)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	w, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.Close()

	rep := importDirReport{Dir: dir}
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
		rep.Rows += fr.Rows
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
				e.printf("  %-34s %8d rows\n", f.Table, f.Rows)
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
		e.printf("%d rows from %d files into %s\n", rep.Rows, len(rep.Files)-rep.Failed, cfg)
	}
	if len(rep.Files) == 0 {
		return fmt.Errorf("%s holds no CSV file of an input table", dir)
	}
	if rep.Failed > 0 {
		return fmt.Errorf("%d of %d files had bad values and were not loaded", rep.Failed, len(rep.Files))
	}
	return nil
}

// importFile loads one file; a bad value or a read error is reported in the
// file's problems, so that the other files still load.
func importFile(ctx context.Context, w warehouse.Warehouse, table, path string) importReport {
	fr := importReport{Table: table, File: path}
	f, err := os.Open(path)
	if err != nil {
		fr.Problems = []string{err.Error()}
		return fr
	}
	defer f.Close()
	fr.Rows, err = csvimport.Import(ctx, w, table, f)
	var ierr *csvimport.Error
	switch {
	case errors.As(err, &ierr):
		fr.Rows = 0
		for _, p := range ierr.Problems {
			fr.Problems = append(fr.Problems, p.String())
		}
	case err != nil:
		fr.Rows = 0
		fr.Problems = []string{err.Error()}
	}
	return fr
}
