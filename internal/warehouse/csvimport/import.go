// Package csvimport loads CSV files of the input tables into a warehouse.
// The header names the columns: the canonical column names, which are the
// `col` tags of the row types and the headers of the real data files. A file
// loads all or nothing: every bad value is reported with its line and column,
// every key repeated within the file with both its lines, and nothing is
// written if there is any.
//
// An import is bounded (see Limits): a line, a record, a field, the rows and
// the bytes of a file have limits, and a refused file keeps its first
// problems and counts the rest. It is interruptible: when its context ends,
// even while a read of the file blocks, it returns at once and loads nothing
// of the file.
package csvimport

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// Import reads a CSV file of table from r within the default limits and
// loads its rows into w in one LoadDataset; see Limits.Import.
func Import(ctx context.Context, w warehouse.Warehouse, table string, r io.Reader) (warehouse.LoadReport, error) {
	return Limits{}.Import(ctx, w, table, r)
}

// Import reads a CSV file of table from r and loads its rows into w in one
// LoadDataset, and returns what the warehouse did with them. A bad file is an
// *Error listing its problems, and nothing is loaded; nothing is loaded
// either when ctx ends before the file does (see Parse).
func (l Limits) Import(ctx context.Context, w warehouse.Warehouse, table string, r io.Reader) (warehouse.LoadReport, error) {
	ds, _, err := l.Parse(ctx, table, r)
	if err != nil {
		return warehouse.LoadReport{}, err
	}
	rep, err := w.LoadDataset(ctx, ds)
	if err != nil {
		return warehouse.LoadReport{}, fmt.Errorf("import %s: %w", table, err)
	}
	return rep, nil
}

// Parse reads a CSV file of table from r within the default limits; see
// Limits.Parse.
func Parse(ctx context.Context, table string, r io.Reader) (*nba.Dataset, int, error) {
	return Limits{}.Parse(ctx, table, r)
}

// Parse reads a CSV file of table into a dataset holding only that table's
// rows, and returns the number of rows. A key repeated within the file is a
// problem of the later line: a load would let one row silently replace the
// other. A limit passed is a problem that stops the reading.
//
// When ctx ends, Parse returns at once, even while a read of r blocks, with
// an error saying where the file was interrupted. A read of r still blocked
// when Parse returns is left to finish on its own, and what it reads is
// dropped; a reader with SetReadDeadline (a pipe of os.Pipe, a network
// connection) is given a deadline in the past to end it.
func (l Limits) Parse(ctx context.Context, table string, r io.Reader) (*nba.Dataset, int, error) {
	l = l.withDefaults()
	t, err := inputTable(table)
	if err != nil {
		return nil, 0, err
	}
	in := newInput(ctx, r, l)
	defer in.stop()
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1 // checked here, so that every bad record is reported
	cr.ReuseRecord = true
	p := &parser{table: t, lim: l, keys: warehouse.NewKeySet(t, 1024)}

	header, err := cr.Read()
	if stop, err := p.readFailed(ctx, in); stop || err != nil {
		return p.result(err)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("import %s: read header: %w", table, err)
	}
	in.endRecord()
	if len(header) > maxColumns {
		p.stop(Problem{Line: 1, Reason: fmt.Sprintf("%d columns, more than %d; the file was read no further", len(header), maxColumns)})
		return p.result(nil)
	}
	cols := p.header(header)
	rows := reflect.MakeSlice(reflect.SliceOf(t.Row), 0, 1024)
	n := 0
	for {
		if ctx.Err() != nil {
			return p.result(p.interrupted(ctx, in.line))
		}
		rec, err := cr.Read()
		if stop, err := p.readFailed(ctx, in); stop || err != nil {
			return p.result(err)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		in.endRecord()
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			p.add(Problem{Line: perr.Line, Reason: perr.Err.Error()})
			continue
		}
		if err != nil {
			return nil, 0, fmt.Errorf("import %s: %w", table, err)
		}
		line, _ := cr.FieldPos(0)
		if n++; n > l.MaxRows {
			p.stop(Problem{Line: line, Reason: fmt.Sprintf("more than %d rows, the limit of a file; the file was read no further", l.MaxRows)})
			return p.result(nil)
		}
		row, ok := p.record(line, cols, rec)
		if ok && p.newKey(row, line) && !p.failed() {
			rows = reflect.Append(rows, row)
		}
		if p.failed() && rows.Cap() > 0 {
			rows = reflect.Zero(rows.Type()) // the file is refused: its rows are not needed
		}
	}
	if p.failed() {
		return p.result(nil)
	}
	ds := &nba.Dataset{}
	warehouse.DatasetRows(ds, t).Set(rows)
	return ds, rows.Len(), nil
}

// maxColumns bounds the header: no table has near as many columns, and
// every record is checked against each.
const maxColumns = 1024

// Tables returns the names of the tables a CSV file can be imported into.
func Tables() []string {
	names := make([]string, len(warehouse.InputTables))
	for i, t := range warehouse.InputTables {
		names[i] = t.Name
	}
	return names
}

func inputTable(name string) (*warehouse.Table, error) {
	t, ok := warehouse.TableNamed(name)
	if !ok || t.Role != warehouse.RoleInput {
		return nil, fmt.Errorf("import: %q is not an input table (one of %s)", name, strings.Join(Tables(), ", "))
	}
	return t, nil
}

// parser collects the problems of one file: the first lim.MaxProblems,
// and the count of the rest.
type parser struct {
	table    *warehouse.Table
	lim      Limits
	width    int
	keys     *warehouse.KeySet // the keys of the good rows so far, by line
	problems []Problem
	more     int
}

// add records a problem: kept among the first, counted after them.
func (p *parser) add(pr Problem) {
	if len(p.problems) >= p.lim.MaxProblems {
		p.more++
		return
	}
	p.keep(pr)
}

// stop records the problem that stops the reading (a limit passed): it is
// kept, last, however many problems came before, to say why the file was
// read no further.
func (p *parser) stop(pr Problem) { p.keep(pr) }

// keep keeps pr with copies of the file's text, cut short: a value read is
// a slice of the whole record, which it would otherwise hold in memory.
func (p *parser) keep(pr Problem) {
	pr.Column = strings.Clone(cut(pr.Column, keptBytes))
	pr.Value = strings.Clone(cut(pr.Value, keptBytes))
	p.problems = append(p.problems, pr)
}

// cut is s up to n bytes.
func cut(s string, n int) string { return s[:min(len(s), n)] }

// failed reports whether the file has a problem: it will be refused.
func (p *parser) failed() bool { return len(p.problems) > 0 }

// result is what Parse returns when the file is refused or err stops it.
func (p *parser) result(err error) (*nba.Dataset, int, error) {
	if err != nil {
		return nil, 0, err
	}
	return nil, 0, &Error{Table: p.table.Name, Problems: p.problems, More: p.more}
}

// readFailed says whether the input failed in the last read of the
// csv.Reader: stop is true when a limit of the file was passed (a problem,
// now added), err is not nil when ctx ended or the file could not be read.
// Neither means the csv.Reader's outcome stands: a record, the file's end
// or a bad record.
func (p *parser) readFailed(ctx context.Context, in *input) (stop bool, err error) {
	if in.err == nil || errors.Is(in.err, io.EOF) {
		return false, nil
	}
	// The csv.Reader may report the part of the record it got as a bad
	// record: the input's failure is the one to report.
	var lerr *limitError
	switch {
	case errors.As(in.err, &lerr):
		p.stop(lerr.Problem)
		return true, nil
	case ctx.Err() != nil:
		return false, p.interrupted(ctx, in.line)
	}
	return false, fmt.Errorf("import %s: read line %d: %w", p.table.Name, in.line, in.err)
}

// interrupted is the error of an import whose ctx ended at line.
func (p *parser) interrupted(ctx context.Context, line int) error {
	return fmt.Errorf("import %s: interrupted at line %d, nothing loaded: %w", p.table.Name, line, context.Cause(ctx))
}

// newKey reports whether the key of row, read on line, is new in the file;
// a repeated key is a problem naming both lines.
func (p *parser) newKey(row reflect.Value, line int) bool {
	key, first, repeated := p.keys.Add(row, line)
	if repeated {
		// Cut like a value: a key holds whole fields of the file.
		p.add(Problem{Line: line, Reason: fmt.Sprintf("key %s repeats line %d", truncate(key, 2*keptBytes), first)})
	}
	return !repeated
}

// header maps the file's columns to the table's: unknown and repeated
// columns and missing required ones are problems of line 1.
func (p *parser) header(names []string) []warehouse.Column {
	p.width = len(names)
	cols := make([]warehouse.Column, len(names))
	seen := map[string]bool{}
	for i, name := range names {
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff")
		}
		name = strings.TrimSpace(name)
		c, ok := p.table.Column(name)
		switch {
		case !ok || c.Field < 0:
			p.add(Problem{Line: 1, Column: name, Value: name, Reason: "unknown column of " + p.table.Name})
		case seen[name]:
			p.add(Problem{Line: 1, Column: name, Value: name, Reason: "repeated column"})
		}
		seen[name] = true
		cols[i] = c
	}
	for _, c := range p.table.Columns() {
		if !c.Nullable && c.Field >= 0 && !seen[c.Name] {
			p.add(Problem{Line: 1, Column: c.Name, Reason: "missing required column"})
		}
	}
	return cols
}

// record parses one data record into a row; ok is false when it had problems.
func (p *parser) record(line int, cols []warehouse.Column, rec []string) (reflect.Value, bool) {
	row := reflect.New(p.table.Row).Elem()
	if len(rec) != p.width {
		p.add(Problem{Line: line, Reason: fmt.Sprintf("%d fields, the header has %d", len(rec), p.width)})
		return row, false
	}
	ok := true
	for i, c := range cols {
		if c.Name == "" { // an unknown column, already reported
			continue
		}
		if len(rec[i]) > p.lim.MaxFieldBytes {
			p.add(Problem{Line: line, Column: c.Name, Value: rec[i], Reason: fmt.Sprintf(
				"%d bytes, longer than %s, the limit of a field", len(rec[i]), size(int64(p.lim.MaxFieldBytes)))})
			ok = false
			continue
		}
		v, err := parseValue(c, rec[i])
		if err == nil {
			err = c.Set(row, v)
		}
		if err != nil {
			p.add(Problem{Line: line, Column: c.Name, Value: rec[i], Reason: err.Error()})
			ok = false
		}
	}
	return row, ok
}
