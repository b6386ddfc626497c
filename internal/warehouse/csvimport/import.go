// Package csvimport loads CSV files of the input tables into a warehouse.
// The header names the columns: the canonical column names, which are the
// `col` tags of the row types and the headers of the real data files. A file
// loads all or nothing: every bad value is reported with its line and column,
// every key repeated within the file with both its lines, and nothing is
// written if there is any.
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

// Import reads a CSV file of table from r and loads its rows into w in one
// LoadDataset, and returns what the warehouse did with them. A bad file is an
// *Error listing every problem, and nothing is loaded.
func Import(ctx context.Context, w warehouse.Warehouse, table string, r io.Reader) (warehouse.LoadReport, error) {
	ds, _, err := Parse(table, r)
	if err != nil {
		return warehouse.LoadReport{}, err
	}
	rep, err := w.LoadDataset(ctx, ds)
	if err != nil {
		return warehouse.LoadReport{}, fmt.Errorf("import %s: %w", table, err)
	}
	return rep, nil
}

// Parse reads a CSV file of table into a dataset holding only that table's
// rows, and returns the number of rows. A key repeated within the file is a
// problem of the later line: a load would let one row silently replace the
// other.
func Parse(table string, r io.Reader) (*nba.Dataset, int, error) {
	t, err := inputTable(table)
	if err != nil {
		return nil, 0, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, so that every bad record is reported
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("import %s: read header: %w", table, err)
	}
	p := &parser{table: t, keys: warehouse.NewKeySet(t, 1024)}
	cols := p.header(header)
	rows := reflect.MakeSlice(reflect.SliceOf(t.Row), 0, 1024)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			p.add(Problem{Line: perr.Line, Reason: perr.Err.Error()})
			continue
		}
		if err != nil {
			return nil, 0, fmt.Errorf("import %s: %w", table, err)
		}
		line, _ := cr.FieldPos(0)
		if row, ok := p.record(line, cols, rec); ok && p.newKey(row, line) {
			rows = reflect.Append(rows, row)
		}
	}
	if len(p.problems) > 0 {
		return nil, 0, &Error{Table: t.Name, Problems: p.problems}
	}
	ds := &nba.Dataset{}
	warehouse.DatasetRows(ds, t).Set(rows)
	return ds, rows.Len(), nil
}

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

// parser collects the problems of one file.
type parser struct {
	table    *warehouse.Table
	width    int
	keys     *warehouse.KeySet // the keys of the good rows so far, by line
	problems []Problem
}

func (p *parser) add(pr Problem) { p.problems = append(p.problems, pr) }

// newKey reports whether the key of row, read on line, is new in the file;
// a repeated key is a problem naming both lines.
func (p *parser) newKey(row reflect.Value, line int) bool {
	key, first, repeated := p.keys.Add(row, line)
	if repeated {
		p.add(Problem{Line: line, Reason: fmt.Sprintf("key %s repeats line %d", key, first)})
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
