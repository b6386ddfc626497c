package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
	// Interrupted is set when a signal stopped the import: the files after
	// the one being loaded were not read.
	Interrupted bool `json:"interrupted,omitempty"`
}

func runImportDir(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import-dir", "[--db PATH] [--json] DIR",
		"Loads DIR/TABLE.csv for every input table it finds ("+strings.Join(csvimport.Tables(), ", ")+").\n"+
			"The header of a file names its columns. A file with a bad value or a key repeated within it loads\n"+
			"nothing, and every problem is reported with its file and line(s); the other files still load. Other\n"+
			"files are listed as skipped. Reports the rows inserted, replaced and unchanged per file and in total.\n"+
			"Only regular files are read, and symbolic links that stay inside DIR: a FIFO, a device, a directory or a\n"+
			"link out of DIR named TABLE.csv is refused. SIGINT or SIGTERM stops the import; the file being loaded\n"+
			"loads nothing, the files loaded before it stay loaded.")
	var cf commonFlags
	cf.register(fs)
	dir, err := positional(fs, args)
	if err != nil {
		return err
	}
	// The files are opened through root, which refuses a path or a link
	// that leads out of dir.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	entries, err := readRoot(root)
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
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
		if !isCSV || !slices.Contains(csvimport.Tables(), table) {
			rep.Skipped = append(rep.Skipped, name)
			continue
		}
		path := filepath.Join(dir, name)
		if !cf.json {
			fmt.Fprintf(e.stderr, "loading %s ...\n", path)
		}
		fr := importFile(ctx, w, root, dir, table, name)
		rep.Total.Add(fr.TableLoad)
		if len(fr.Problems) > 0 {
			rep.Failed++
		}
		rep.Files = append(rep.Files, fr)
		if ctx.Err() != nil {
			rep.Interrupted = true
			break
		}
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
				e.printf("    %s\n", fileProblem(f.File, p))
			}
			if f.MoreProblems > 0 {
				e.printf("    %s\n", fileProblem(f.File, (&csvimport.Error{More: f.MoreProblems}).MoreLine()))
			}
		}
		for _, s := range rep.Skipped {
			// Quoted: a name is the folder owner's text, like a header.
			e.printf("  skipped %q: not TABLE.csv of an input table\n", s)
		}
		printLoad(e, rep.Total)
		e.printf("%d of %d files loaded into %s\n", len(rep.Files)-rep.Failed, len(rep.Files), cfg)
	}
	if rep.Interrupted {
		return fmt.Errorf("interrupted at %s (%d of the %d files read loaded; the files after it were not read): %w",
			rep.Files[len(rep.Files)-1].File, len(rep.Files)-rep.Failed, len(rep.Files), context.Cause(ctx))
	}
	if len(rep.Files) == 0 {
		return fmt.Errorf("%s holds no CSV file of an input table", dir)
	}
	if rep.Failed > 0 {
		return fmt.Errorf("%d of %d files had problems and were not loaded", rep.Failed, len(rep.Files))
	}
	return nil
}

// importFile loads the file name of root, the folder dir; a bad value, a
// repeated key, a file that is not regular or a read error is reported in
// the file's problems, so that the other files still load.
func importFile(ctx context.Context, w warehouse.Warehouse, root *os.Root, dir, table, name string) importReport {
	fr := importReport{TableLoad: warehouse.TableLoad{Table: table}, File: filepath.Join(dir, name)}
	f, err := openInDir(root, dir, name)
	if err != nil {
		fr.Problems = []string{err.Error()}
		return fr
	}
	defer f.Close()
	load, err := csvimport.Import(ctx, w, table, f)
	var ierr *csvimport.Error
	switch {
	case errors.As(err, &ierr):
		fr.Problems, fr.MoreProblems = problemLines(ierr), ierr.More
	case err != nil:
		fr.Problems = []string{err.Error()}
	default:
		fr.TableLoad = load.Table(table)
	}
	return fr
}

// readRoot lists the folder of root, sorted by name.
func readRoot(root *os.Root) ([]os.DirEntry, error) {
	d, err := root.Open(".")
	if err != nil {
		return nil, err
	}
	defer d.Close()
	entries, err := d.ReadDir(-1)
	slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// openInDir opens the file name of root, the folder dir, to import when it
// is a regular file or a relative symbolic link to one inside the folder.
// Anything else is refused before it is opened: a FIFO waits for a writer,
// a device may never end (/dev/zero), and a link out of the folder would
// load a file its owner did not put there. root refuses a link out of the
// folder when it opens, so a link changed meanwhile cannot lead out; the
// file opened is checked again, and opened without waiting, so that a FIFO
// put in place of the checked file is refused too.
func openInDir(root *os.Root, dir, name string) (*os.File, error) {
	fi, err := root.Lstat(name)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := root.Readlink(name)
		if err != nil {
			return nil, err
		}
		fi, err = root.Stat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("a symbolic link to %q, which does not exist", target)
		case err != nil && filepath.IsAbs(target):
			return nil, fmt.Errorf("refused: a symbolic link to an absolute path, %q; only relative links inside %s are followed", target, dir)
		case err != nil:
			return nil, fmt.Errorf("refused: a symbolic link out of %s, to %q", dir, target)
		}
	}
	if err := checkRegular(fi); err != nil {
		return nil, fmt.Errorf("refused: %w", err)
	}
	f, err := root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, err
	}
	if err := checkOpened(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("refused: %w", err)
	}
	return f, nil
}

// problemLines are the problems listed of a refused file, one "line N..."
// each.
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
