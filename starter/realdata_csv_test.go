package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse/sqlite"
)

// realStack imports the real season into a fresh warehouse with import-dir,
// as a user does, and starts a worker over it on the dev server.
func realStack(t *testing.T) (s cliStack, dbPath string, wh *sqlite.Warehouse) {
	t.Helper()
	if _, err := os.Stat(realData); err != nil {
		t.Fatalf("the real season is not at %s: %v", realData, err)
	}
	srv := server.Server(t)
	dbPath = filepath.Join(t.TempDir(), "real.db")
	s = cliStack{c: srv.Client(), address: srv.FrontendHostPort(), taskQueue: testenv.TaskQueue(t)}
	if code, out := s.nbaflow(t, "import-dir", "--db", dbPath, "--json", realData); code != 0 {
		t.Fatalf("import-dir exit %d:\n%s", code, out)
	}
	wh, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	s.wh = wh
	testenv.StartWorker(t, s.c, s.taskQueue, wh)
	return s, dbPath, wh
}

// readRealTable reads a CSV of the real season with encoding/csv, apart
// from the importer: its header and its records.
func readRealTable(t *testing.T, name string) (header []string, records [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(realData, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

// realRecord is a CSV record by column name.
type realRecord struct {
	t *testing.T
	s map[string]string
}

func readRealCSV(t *testing.T, name string) []realRecord {
	t.Helper()
	header, recs := readRealTable(t, name)
	out := make([]realRecord, 0, len(recs))
	for _, rec := range recs {
		m := make(map[string]string, len(rec))
		for i, h := range header {
			m[h] = rec[i]
		}
		out = append(out, realRecord{t: t, s: m})
	}
	return out
}
