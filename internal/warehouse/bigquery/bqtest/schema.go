package bqtest

import (
	"fmt"
	"strings"

	bqv2 "google.golang.org/api/bigquery/v2"
)

// Field is a column of a table's schema, in the REST API's terms.
type Field struct {
	Name string
	// Type is STRING, INTEGER, FLOAT, BOOLEAN, NUMERIC, BIGNUMERIC, DATE,
	// DATETIME, TIME, TIMESTAMP, BYTES, JSON, GEOGRAPHY or RECORD; GoogleSQL
	// names (INT64, FLOAT64, BOOL, STRUCT, ...) are read as these.
	Type string
	// Mode is NULLABLE, REQUIRED or REPEATED; empty reads as NULLABLE.
	Mode   string
	Fields []Field
}

// typeNames maps GoogleSQL type names to the REST API's.
var typeNames = map[string]string{
	"INT64": "INTEGER", "INT": "INTEGER", "SMALLINT": "INTEGER", "BIGINT": "INTEGER",
	"TINYINT": "INTEGER", "BYTEINT": "INTEGER", "INTEGER": "INTEGER",
	"FLOAT64": "FLOAT", "FLOAT": "FLOAT", "BOOL": "BOOLEAN", "BOOLEAN": "BOOLEAN",
	"NUMERIC": "NUMERIC", "DECIMAL": "NUMERIC", "BIGNUMERIC": "BIGNUMERIC", "BIGDECIMAL": "BIGNUMERIC",
	"STRING": "STRING", "BYTES": "BYTES", "DATE": "DATE", "DATETIME": "DATETIME", "TIME": "TIME",
	"TIMESTAMP": "TIMESTAMP", "JSON": "JSON", "GEOGRAPHY": "GEOGRAPHY", "INTERVAL": "INTERVAL",
	"STRUCT": "RECORD", "RECORD": "RECORD",
}

// normalize returns fields with REST type names and explicit modes.
func normalize(fields []Field) ([]Field, error) {
	var out []Field
	for _, f := range fields {
		t, ok := typeNames[strings.ToUpper(f.Type)]
		if !ok {
			return nil, fmt.Errorf("field %s has unknown type %q", f.Name, f.Type)
		}
		mode := strings.ToUpper(f.Mode)
		if mode == "" {
			mode = "NULLABLE"
		}
		sub, err := normalize(f.Fields)
		if err != nil {
			return nil, err
		}
		out = append(out, Field{Name: f.Name, Type: t, Mode: mode, Fields: sub})
	}
	return out, nil
}

func fieldsFromBQ(s *bqv2.TableSchema) []Field {
	if s == nil {
		return nil
	}
	return fieldsFromBQList(s.Fields)
}

func fieldsFromBQList(fs []*bqv2.TableFieldSchema) []Field {
	var out []Field
	for _, f := range fs {
		out = append(out, Field{Name: f.Name, Type: f.Type, Mode: f.Mode, Fields: fieldsFromBQList(f.Fields)})
	}
	return out
}

func fieldsToBQ(fields []Field) *bqv2.TableSchema {
	if len(fields) == 0 {
		return nil
	}
	return &bqv2.TableSchema{Fields: fieldsToBQList(fields)}
}

func fieldsToBQList(fields []Field) []*bqv2.TableFieldSchema {
	var out []*bqv2.TableFieldSchema
	for _, f := range fields {
		out = append(out, &bqv2.TableFieldSchema{Name: f.Name, Type: f.Type, Mode: f.Mode, Fields: fieldsToBQList(f.Fields)})
	}
	return out
}

// field returns the field of fields named name, case-insensitively as
// BigQuery matches column names.
func field(fields []Field, name string) (Field, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return Field{}, false
}

// schemaChange checks that next may replace the schema old of table:
// BigQuery keeps every column with its type and lets a column be added (when
// addOK) or relaxed from REQUIRED to NULLABLE.
func schemaChange(old, next []Field, addOK bool, project, table string) *JobError {
	mismatch := func(format string, args ...any) *JobError {
		return errorf("invalid", "Provided Schema does not match Table %s:%s. "+format, append([]any{project, table}, args...)...)
	}
	for _, o := range old {
		n, ok := field(next, o.Name)
		switch {
		case !ok:
			return mismatch("Field %s is missing in new schema", o.Name)
		case n.Type != o.Type:
			return mismatch("Field %s has changed type from %s to %s", o.Name, o.Type, n.Type)
		case n.Mode != o.Mode && !(o.Mode == "REQUIRED" && n.Mode == "NULLABLE"):
			return mismatch("Field %s has changed mode from %s to %s", o.Name, o.Mode, n.Mode)
		}
	}
	for _, n := range next {
		if _, ok := field(old, n.Name); !ok && !addOK {
			return mismatch("Cannot add fields (field: %s)", n.Name)
		}
	}
	return nil
}
