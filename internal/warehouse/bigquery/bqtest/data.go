package bqtest

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"cloud.google.com/go/civil"
	bqv2 "google.golang.org/api/bigquery/v2"
)

// readRows reads a load's data against schema, as far as BigQuery would:
// up to one bad row more than MaxBadRecords. It returns the rows read
// (bad ones included) and an error for each bad row.
func readRows(l *bqv2.JobConfigurationLoad, schema []Field, data []byte) (int64, []*JobError, *JobError) {
	switch format := formatName(l); format {
	case "JSON":
		return readJSON(l, schema, data)
	case "CSV":
		return readCSV(l, schema, data)
	default:
		return 0, nil, unsupported("the fake loads NEWLINE_DELIMITED_JSON and CSV, not %s", l.SourceFormat)
	}
}

// formatName is the name BigQuery's load errors give the source format.
func formatName(l *bqv2.JobConfigurationLoad) string {
	switch l.SourceFormat {
	case "", "CSV":
		return "CSV"
	case "NEWLINE_DELIMITED_JSON":
		return "JSON"
	}
	return l.SourceFormat
}

func badRow(format string, pos int64, msg string) *JobError {
	return errorf("invalid", "Error while reading data, error message: %s parsing error in row starting at position %d: %s", format, pos, msg)
}

func readJSON(l *bqv2.JobConfigurationLoad, schema []Field, data []byte) (int64, []*JobError, *JobError) {
	var rows int64
	var bad []*JobError
	for pos := 0; pos < len(data) && len(bad) <= int(l.MaxBadRecords); {
		line, _, _ := bytes.Cut(data[pos:], []byte("\n"))
		start := pos
		pos += len(line) + 1
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		rows++
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var obj map[string]any
		msg := ""
		if err := dec.Decode(&obj); err != nil {
			msg = err.Error()
		} else {
			msg = checkObject(schema, obj, l.IgnoreUnknownValues, "")
		}
		if msg != "" {
			bad = append(bad, badRow("JSON", int64(start), msg))
		}
	}
	return rows, bad, nil
}

// checkObject checks a JSON object against fields: no unknown field (unless
// ignored), every REQUIRED field present and not null, values of the
// fields' types. It returns BigQuery's message for the first problem.
func checkObject(fields []Field, obj map[string]any, ignoreUnknown bool, prefix string) string {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if _, ok := field(fields, k); !ok && !ignoreUnknown {
			return fmt.Sprintf("No such field: %s%s.", prefix, k)
		}
	}
	for _, f := range fields {
		var v any
		present := false
		for k, x := range obj {
			if strings.EqualFold(k, f.Name) {
				v, present = x, true
			}
		}
		switch {
		case !present && f.Mode == "REQUIRED":
			return fmt.Sprintf("Missing required field: %s%s.", prefix, f.Name)
		case v == nil && f.Mode == "REQUIRED":
			return fmt.Sprintf("Only optional fields can be set to NULL. Field: %s%s; Value: NULL", prefix, f.Name)
		case v == nil:
		default:
			if msg := checkJSONValue(f, v, ignoreUnknown, prefix); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func checkJSONValue(f Field, v any, ignoreUnknown bool, prefix string) string {
	if f.Mode == "REPEATED" {
		list, ok := v.([]any)
		if !ok {
			return fmt.Sprintf("Array specified for non-repeated field: %s%s.", prefix, f.Name)
		}
		elem := f
		elem.Mode = "NULLABLE"
		for _, e := range list {
			if msg := checkJSONValue(elem, e, ignoreUnknown, prefix); msg != "" {
				return msg
			}
		}
		return ""
	}
	if f.Type == "RECORD" {
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("JSON object specified for non-record field: %s%s", prefix, f.Name)
		}
		return checkObject(f.Fields, obj, ignoreUnknown, prefix+f.Name+".")
	}
	ok := false
	switch x := v.(type) {
	case bool:
		ok = f.Type == "BOOLEAN" || f.Type == "STRING" || f.Type == "JSON"
	case json.Number:
		ok = f.Type == "STRING" || f.Type == "TIMESTAMP" || f.Type == "JSON" || textOK(f.Type, x.String())
	case string:
		ok = textOK(f.Type, x)
	default:
		ok = f.Type == "JSON"
	}
	if !ok {
		return fmt.Sprintf("Could not convert value '%v' to %s. Field: %s%s; Value: %v", v, f.Type, prefix, f.Name, v)
	}
	return ""
}

// textOK reports whether s reads as a value of the REST type typ.
func textOK(typ, s string) bool {
	var err error
	switch typ {
	case "INTEGER":
		_, err = strconv.ParseInt(s, 10, 64)
	case "FLOAT":
		_, err = strconv.ParseFloat(s, 64)
	case "NUMERIC", "BIGNUMERIC":
		if _, ok := new(big.Rat).SetString(s); !ok {
			err = errors.New("not a number")
		}
	case "BOOLEAN":
		_, err = strconv.ParseBool(strings.ToLower(s))
	case "DATE":
		_, err = civil.ParseDate(s)
	case "DATETIME":
		_, err = civil.ParseDateTime(strings.Replace(s, " ", "T", 1))
	case "TIME":
		_, err = civil.ParseTime(s)
	case "TIMESTAMP":
		_, err = parseTimestamp(s)
	case "BYTES":
		_, err = base64.StdEncoding.DecodeString(s)
	}
	return err == nil
}

func readCSV(l *bqv2.JobConfigurationLoad, schema []Field, data []byte) (int64, []*JobError, *JobError) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	if l.FieldDelimiter != "" {
		r.Comma = []rune(l.FieldDelimiter)[0]
	}
	var rows int64
	var bad []*JobError
	for skip := l.SkipLeadingRows; len(bad) <= int(l.MaxBadRecords); skip-- {
		pos := r.InputOffset()
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if skip > 0 {
			continue
		}
		rows++
		msg := ""
		if err != nil {
			msg = err.Error()
		} else {
			msg = checkCSV(schema, rec, l.AllowJaggedRows, pos)
		}
		if msg != "" {
			bad = append(bad, badRow("CSV", pos, msg))
		}
	}
	return rows, bad, nil
}

// checkCSV checks a CSV record against schema, by position; an empty value
// is NULL.
func checkCSV(schema []Field, rec []string, jagged bool, pos int64) string {
	if len(rec) > len(schema) {
		return fmt.Sprintf("Too many values in row starting at position: %d. Found %d column(s) while expected %d.", pos, len(rec), len(schema))
	}
	if len(rec) < len(schema) && !jagged {
		return fmt.Sprintf("CSV table references column position %d, but line contains only %d columns.", len(schema)-1, len(rec))
	}
	for i, f := range schema {
		v := ""
		if i < len(rec) {
			v = rec[i]
		}
		switch {
		case v == "" && f.Mode == "REQUIRED":
			return fmt.Sprintf("Required column value for column index: %d is missing.", i)
		case v != "" && (f.Mode == "REPEATED" || f.Type == "RECORD"):
			return fmt.Sprintf("CSV cannot hold the %s %s column %s", f.Mode, f.Type, f.Name)
		case v != "" && !textOK(f.Type, v):
			return fmt.Sprintf("Could not parse '%s' as %s for field %s (position %d) starting at location %d", v, f.Type, f.Name, i, pos)
		}
	}
	return ""
}
