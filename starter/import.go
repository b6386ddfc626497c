package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

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
	// MoreProblems counts the problems beyond those listed.
	MoreProblems int `json:"more_problems,omitempty"`
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "--table NAME [--db PATH] [--json] FILE.csv|-",
		"Loads FILE.csv (a regular file; - reads standard input) into table NAME ("+strings.Join(csvimport.Tables(), ", ")+").\n"+
			"The header names the columns. Every bad value is reported with its line and column, every key repeated\n"+
			"within the file with both its lines, and then nothing is loaded.\n"+
			"Limits: "+csvimport.Limits{}.String()+".\n"+
			"Reports the rows inserted (new key), replaced (a stored row that differed) and unchanged (identical to the\n"+
			"stored row). SIGINT or SIGTERM stops an import at once, and nothing of the file is loaded.")
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
	path, name := fs.Arg(0), fs.Arg(0)
	var src io.Reader = os.Stdin
	if path == "-" {
		name = "standard input"
	} else {
		f, err := openRegular(path)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	w, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.Close()
	rep := importReport{TableLoad: warehouse.TableLoad{Table: *table}, File: path}
	load, err := csvimport.Import(ctx, w, *table, src)
	var ierr *csvimport.Error
	if errors.As(err, &ierr) {
		rep.Problems, rep.MoreProblems = problemLines(ierr), ierr.More
		if cf.json {
			writeJSON(e.stdout, rep) //nolint:errcheck // the import error is what to report
		} else {
			for _, p := range rep.Problems {
				fmt.Fprintln(e.stderr, fileProblem(name, p))
			}
			if ierr.More > 0 {
				fmt.Fprintln(e.stderr, fileProblem(name, ierr.MoreLine()))
			}
		}
		return fmt.Errorf("%s: %s, nothing loaded", name, ierr.Count())
	}
	if err != nil {
		return err
	}
	rep.TableLoad = load.Table(*table)
	if cf.json {
		return writeJSON(e.stdout, rep)
	}
	fmt.Fprintf(e.stdout, "imported %s into %s: %v (%s)\n", name, rep.Table, rep.TableLoad, cfg)
	return nil
}

// openFlags open a file to import without waiting: a FIFO put in place of
// the regular file checked would otherwise hold the open until a writer
// came, before the file opened could be checked.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY

// openRegular opens path to import when it is a regular file, or a symbolic
// link to one. Anything else is refused before it is opened: a FIFO waits
// for a writer, a device may never end (/dev/zero), and neither ends with
// a signal once read. The file opened is checked again, so that one put in
// place of the checked file meanwhile is refused too.
func openRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(fi); err != nil {
		return nil, fmt.Errorf("refusing %s: %w (- reads standard input)", path, err)
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, err
	}
	if err := checkOpened(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("refusing %s: %w", path, err)
	}
	return f, nil
}

// checkOpened checks that f, once open, is a regular file.
func checkOpened(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return checkRegular(fi)
}

// checkRegular says what fi is when it is not a regular file.
func checkRegular(fi fs.FileInfo) error {
	m := fi.Mode()
	var kind string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		kind = "a directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a block device"
	case m&fs.ModeSymlink != 0:
		kind = "a symbolic link"
	default:
		kind = "of mode " + m.String()
	}
	return errors.New(kind + ", not a regular file")
}

// fileProblem is a problem of a file as a line of output: "FILE:LINE..."
// for a problem of a line ("line 4: ..."), "FILE: PROBLEM" otherwise.
func fileProblem(file, problem string) string {
	if rest, ok := strings.CutPrefix(problem, "line "); ok {
		return file + ":" + rest
	}
	return file + ": " + problem
}
