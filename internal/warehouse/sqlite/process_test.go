package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/internal/warehouse/warehousetest"
)

// Environment of a writer process started by TestTwoWriterProcesses.
const (
	envWriterPath = "NBAFLOW_SQLITE_TEST_WRITER_PATH"
	envWriterRun  = "NBAFLOW_SQLITE_TEST_WRITER_RUN"
)

const writerDates = 20

func TestMain(m *testing.M) {
	if path := os.Getenv(envWriterPath); path != "" {
		if err := runWriter(path, os.Getenv(envWriterRun)); err != nil {
			fmt.Fprintln(os.Stderr, "writer:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runWriter is one worker process: for every date, in an order of its own,
// it stages three chunks and commits them.
func runWriter(path, run string) error {
	ctx := context.Background()
	w, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer w.Close()
	for i := range writerDates {
		if strings.HasSuffix(run, "b") {
			i = writerDates - 1 - i
		}
		d := warehousetest.Mid.AddDays(i)
		for c := range 3 {
			b := warehousetest.ContextBatch(run, d, players(c*10, 10), pointsOf(run, c), time.Now().UTC())
			if err := w.Stage(ctx, b); err != nil {
				return err
			}
		}
		if _, err := w.Commit(ctx, warehousetest.CommitRequest(run, nba.UPGC, d)); err != nil {
			return err
		}
	}
	return nil
}

// pointsOf is the points of chunk c of a writer's run: the runs differ, so
// that the rows show whose outcome a date holds.
func pointsOf(run string, c int) float64 {
	if strings.HasSuffix(run, "b") {
		return float64(c) + 100
	}
	return float64(c)
}

// TestTwoWriterProcesses runs two worker processes that open one new file at
// once and stage and commit the same dates in opposite orders: both succeed,
// and every date holds the rows of run-b, the newer of two runs planned at
// the same time, whichever committed first.
func TestTwoWriterProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for _, run := range []string{"run-a", "run-b"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envWriterPath+"="+path, envWriterRun+"="+run)
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v\n%s", i, err, outs[i])
		}
	}
	w := openFile(t, path)
	for i := range writerDates {
		d := warehousetest.Mid.AddDays(i)
		hist, err := w.RunHistory(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := w.PlayerContexts(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || len(rows) != 30 {
			t.Errorf("%s: %d run records and %d rows, want 2 and 30", d, len(hist), len(rows))
		}
		for _, r := range rows {
			if *r.PointsAvgLast5 < 100 {
				t.Errorf("%s: %s holds run-a's points %v", d, r.PlayerLookup, *r.PointsAvgLast5)
			}
		}
		for _, h := range hist {
			res := h.Result
			switch {
			case h.RunID == "run-b" && (res.Inserted == 30 || res.Updated == 30) && !res.Superseded:
			case h.RunID == "run-a" && (res.Inserted == 30 || res.Superseded && res.SupersededBy == "run-b"):
			default:
				t.Errorf("%s run %s: %+v, want run-b to commit 30 rows and run-a to insert them or be superseded", d, h.RunID, res)
			}
		}
	}
}

// players returns n player lookups from the first-th.
func players(first, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("player%03d", first+i)
	}
	return out
}

func openFile(t *testing.T, path string) *sqlite.Warehouse {
	t.Helper()
	w, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}
