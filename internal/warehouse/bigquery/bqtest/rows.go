package bqtest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"time"

	bqv2 "google.golang.org/api/bigquery/v2"
)

// encodeAnswer checks the job's Answer and keeps its rows in the wire shape
// of jobs.getQueryResults; a bad Answer fails the test and the job.
func (s *Server) encodeAnswer(j *job) *JobError {
	schema, err := normalize(j.answer.Schema)
	if err == nil {
		j.answer.Schema = schema
		j.rows, err = encodeRows(schema, j.answer.Rows)
	}
	if err != nil {
		s.tb.Errorf("bqtest: the Answer of job %s: %v", j.ID, err)
		return unsupported("the Answer of job %s: %v", j.ID, err)
	}
	return nil
}

// page fills res with the page of the job's rows that r asks for
// (startIndex or pageToken, maxResults).
func page(res *bqv2.GetQueryResultsResponse, j *job, r *http.Request) *JobError {
	rows := j.rows
	q := r.URL.Query()
	start, err := strconv.Atoi(q.Get("pageToken"))
	if q.Get("pageToken") == "" {
		start, err = 0, nil
		if si := q.Get("startIndex"); si != "" {
			start, err = strconv.Atoi(si)
		}
	}
	if err != nil || start < 0 {
		return errorf("invalid", "Invalid page token or start index in %s", r.URL.RawQuery)
	}
	start = min(start, len(rows))
	end := len(rows)
	if max, err := strconv.Atoi(q.Get("maxResults")); err == nil {
		end = min(end, start+max)
	}
	res.Schema = fieldsToBQ(j.answer.Schema)
	res.TotalRows = uint64(len(rows))
	res.Rows = rows[start:end]
	if end < len(rows) && end > start {
		res.PageToken = strconv.Itoa(end)
	}
	return nil
}

// encodeRows writes rows of schema as BigQuery's {"f":[{"v":...}]} rows.
func encodeRows(schema []Field, rows [][]any) ([]*bqv2.TableRow, error) {
	var out []*bqv2.TableRow
	for i, row := range rows {
		cells, err := encodeRecord(schema, row)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
		out = append(out, &bqv2.TableRow{F: cells})
	}
	return out, nil
}

func encodeRecord(schema []Field, row []any) ([]*bqv2.TableCell, error) {
	if len(row) != len(schema) {
		return nil, fmt.Errorf("%d values for %d columns", len(row), len(schema))
	}
	var cells []*bqv2.TableCell
	for i, f := range schema {
		v, err := encodeValue(f, row[i])
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", f.Name, err)
		}
		cells = append(cells, &bqv2.TableCell{V: v})
	}
	return cells, nil
}

// encodeValue writes v as the REST API writes a value of field f: a string,
// a list of {"v":...} for REPEATED, {"f":[...]} for RECORD, nil for NULL.
func encodeValue(f Field, v any) (any, error) {
	if f.Mode == "REPEATED" {
		list, ok := v.([]any)
		if !ok && v != nil {
			return nil, fmt.Errorf("a REPEATED value must be []any, not %T", v)
		}
		elem := f
		elem.Mode = "NULLABLE"
		out := []any{} // BigQuery sends a NULL array as an empty one
		for _, e := range list {
			ev, err := encodeValue(elem, e)
			if err != nil {
				return nil, err
			}
			out = append(out, map[string]any{"v": ev})
		}
		return out, nil
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		if f.Type != "RECORD" {
			return nil, fmt.Errorf("a list for a %s column", f.Type)
		}
		cells, err := encodeRecord(f.Fields, x)
		if err != nil {
			return nil, err
		}
		return map[string]any{"f": cells}, nil
	case time.Time:
		if f.Type == "DATE" {
			return x.Format(time.DateOnly), nil
		}
		// The client asks for timestamps as microseconds
		// (formatOptions.useInt64Timestamp).
		return strconv.FormatInt(x.UnixMicro(), 10), nil
	case []byte:
		return base64.StdEncoding.EncodeToString(x), nil
	}
	return fmt.Sprint(v), nil
}
