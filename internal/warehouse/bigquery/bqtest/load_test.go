package bqtest_test

import (
	"context"
	"strings"
	"testing"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"nbaflow/internal/warehouse/bigquery/bqtest"
)

var loadSchema = bigquery.Schema{
	{Name: "id", Type: bigquery.StringFieldType, Required: true},
	{Name: "n", Type: bigquery.IntegerFieldType},
	{Name: "tags", Type: bigquery.StringFieldType, Repeated: true},
}

// loader is a load of data into ds.l with loadSchema, creating the table if
// needed and replacing its rows; configure changes it.
func loader(c *bigquery.Client, data string, configure ...func(*bigquery.ReaderSource, *bigquery.Loader)) *bigquery.Loader {
	src := bigquery.NewReaderSource(strings.NewReader(data))
	src.SourceFormat = bigquery.JSON
	src.Schema = loadSchema
	l := c.Dataset("ds").Table("l").LoaderFrom(src)
	l.CreateDisposition, l.WriteDisposition = bigquery.CreateIfNeeded, bigquery.WriteTruncate
	for _, f := range configure {
		f(src, l)
	}
	return l
}

func runLoad(t *testing.T, l *bigquery.Loader) (*bigquery.Job, error) {
	t.Helper()
	job, err := l.Run(context.Background())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if st := job.LastStatus(); !st.Done() {
		t.Errorf("a load is %v when jobs.insert returns, want done", st.State)
	}
	return job, wait(t, job)
}

func TestLoadTruncateTwiceKeepsTheSecondRows(t *testing.T) {
	srv, c := newServer(t, bqtest.Options{})
	if _, err := runLoad(t, loader(c, `{"id":"a","n":1}`+"\n"+`{"id":"b","tags":["x"]}`+"\n"+`{"id":"c","n":null}`+"\n")); err != nil {
		t.Fatal(err)
	}
	job, err := runLoad(t, loader(c, `{"id":"d"}`+"\n\n"+`{"id":"e","n":"5"}`))
	if err != nil {
		t.Fatal(err)
	}
	if rows := job.LastStatus().Statistics.Details.(*bigquery.LoadStatistics).OutputRows; rows != 2 {
		t.Errorf("OutputRows = %d, want 2", rows)
	}
	tables := srv.Tables()
	if len(tables) != 2 || tables[0].Name != "ds.l" || tables[0].Rows != 2 || len(tables[0].Schema) != 3 {
		t.Errorf("tables = %+v, want ds.l with 2 rows and 3 columns", tables)
	}
	rec, _ := srv.Job(job.ID())
	if rec.Kind != bqtest.KindLoad || rec.Destination != "ds.l" || rec.Rows != 2 ||
		rec.CreateDisposition != "CREATE_IF_NEEDED" || rec.WriteDisposition != "WRITE_TRUNCATE" {
		t.Errorf("load record = %+v", rec)
	}
	if n := srv.TableModifications("ds.l"); n != 2 {
		t.Errorf("TableModifications = %d, want 2", n)
	}
}

func TestLoadFailures(t *testing.T) {
	tooMany := "JSON table encountered too many errors, giving up. Rows: 1; errors: 1."
	for _, tc := range []struct {
		name      string
		data      string
		configure func(*bigquery.ReaderSource, *bigquery.Loader)
		reason    string
		message   string
		rowError  string // a message of status.errors
	}{
		{"unknown field", `{"id":"a","x":1}`, nil, "invalid", tooMany, "JSON parsing error in row starting at position 0: No such field: x."},
		{"missing required field", `{"id":"a"}` + "\n" + `{"n":1}`, nil, "invalid", "Rows: 2; errors: 1.", "row starting at position 11: Missing required field: id."},
		{"required field null", `{"id":null}`, nil, "invalid", tooMany, "Only optional fields can be set to NULL. Field: id"},
		{"wrong type", `{"id":"a","n":"x"}`, nil, "invalid", tooMany, "Could not convert value 'x' to INTEGER. Field: n"},
		{"not JSON", `{"id":`, nil, "invalid", tooMany, "JSON parsing error"},
		{"tolerated bad record", `{"id":"a","x":1}` + "\n" + `{"id":"b"}`, func(s *bigquery.ReaderSource, _ *bigquery.Loader) { s.MaxBadRecords = 1 }, "", "", "No such field: x."},
		{"unknown fields ignored", `{"id":"a","x":1}`, func(s *bigquery.ReaderSource, _ *bigquery.Loader) { s.IgnoreUnknownValues = true }, "", "", ""},
		{"missing table, CREATE_NEVER", `{"id":"a"}`, func(_ *bigquery.ReaderSource, l *bigquery.Loader) { l.CreateDisposition = bigquery.CreateNever },
			"notFound", "Not found: Table test-project:ds.l was not found in location US", ""},
		{"WRITE_EMPTY on rows", `{"id":"a"}`, func(_ *bigquery.ReaderSource, l *bigquery.Loader) {
			l.Dst.TableID = "t2"
			l.WriteDisposition = bigquery.WriteEmpty
		}, "duplicate", "Already Exists: Table test-project:ds.t2", ""},
		{"schema does not match", `{"id":"a"}`, func(_ *bigquery.ReaderSource, l *bigquery.Loader) {
			l.Dst.TableID = "t"
			l.WriteDisposition = bigquery.WriteAppend
		}, "invalid", "Provided Schema does not match Table test-project:ds.t. Field d is missing in new schema", ""},
		{"CSV", "a,1\nc\nb,x\n", func(s *bigquery.ReaderSource, _ *bigquery.Loader) {
			s.SourceFormat = bigquery.CSV
			s.Schema = loadSchema[:2]
			s.AllowJaggedRows = true
		}, "invalid", "CSV table encountered too many errors, giving up. Rows: 3; errors: 1.", "Could not parse 'x' as INTEGER for field n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newServer(t, bqtest.Options{})
			srv.CreateTable("ds", "t2", bqtest.TableSpec{Rows: 1})
			l := loader(c, tc.data)
			if tc.configure != nil {
				tc.configure(l.Src.(*bigquery.ReaderSource), l)
			}
			job, err := runLoad(t, l)
			wantErr(t, err, tc.reason, tc.message)
			var msgs []string
			for _, e := range job.LastStatus().Errors {
				msgs = append(msgs, e.Message)
			}
			if tc.rowError != "" && !strings.Contains(strings.Join(msgs, "\n"), tc.rowError) {
				t.Errorf("status.errors = %q, want one with %q", msgs, tc.rowError)
			}
		})
	}
}

func TestResumableUploadRefused(t *testing.T) {
	_, c := newServer(t, bqtest.Options{})
	l := loader(c, strings.Repeat(`{"id":"a"}`+"\n", 30000))
	l.MediaOptions = []googleapi.MediaOption{googleapi.ChunkSize(googleapi.MinUploadChunkSize)}
	_, err := l.Run(context.Background())
	wantErr(t, err, "invalid", "uploadType=multipart only")
}
