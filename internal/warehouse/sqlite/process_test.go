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
			b := warehousetest.ContextBatch(run, d, players(c*10, 10), float64(c), time.Now().UTC())
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

// TestTwoWriterProcesses runs two worker processes that open one new file at
// once and stage and commit the same dates in opposite orders: both succeed.
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
		for _, h := range hist {
			if n := h.Result.Inserted + h.Result.Unchanged; n != 30 {
				t.Errorf("%s run %s: %+v, want 30 rows inserted or unchanged", d, h.RunID, h.Result)
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
