package bigquery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/iterator"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// On BigQuery a run stages into tables of its own, never into a table that
// another run, chunk or date writes: BigQuery cancels or queues statements
// that mutate one table at once, and counts DML inserts against a daily
// quota. Each Stage loads a batch's rows, failures and attempts into three
// tables of the staging dataset named after the run, the processor and the
// batch's players, replacing what an earlier attempt of the same batch
// loaded there. The dataset's default expiration removes the tables of a
// run that never commits; Commit and DiscardRun drop them.

// Staging kinds: what a batch table holds.
const (
	kindRows     = "rows"
	kindFailures = "failures"
	kindAttempts = "attempts"
)

// maxRunIDLen bounds a run ID; a workflow ID and a run ID fit well within it.
const maxRunIDLen = 1000

// checkRunID refuses a run ID that cannot name a run's tables: empty, too
// long, not UTF-8, or holding control characters.
func checkRunID(runID string) error {
	switch {
	case runID == "":
		return errors.New("empty run id")
	case len(runID) > maxRunIDLen:
		return fmt.Errorf("run id of %d bytes, at most %d", len(runID), maxRunIDLen)
	case !utf8.ValidString(runID):
		return fmt.Errorf("run id %q is not UTF-8", runID)
	case strings.IndexFunc(runID, unicode.IsControl) >= 0:
		return fmt.Errorf("run id %q holds a control character", runID)
	}
	return nil
}

// runPrefix starts the name of every staging table of a run: the last 40
// characters of its workflow ID that an operator can read (a backfill
// child's end in its date), then a hash of the whole run ID, so that two
// runs never share a table.
func runPrefix(runID string) string {
	workflowID, _, _ := strings.Cut(runID, "/")
	readable := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return unicode.ToLower(r)
		}
		return '_'
	}, workflowID)
	if len(readable) > 40 {
		readable = readable[len(readable)-40:]
	}
	return "run_" + readable + "_" + shortHash(runID) + "_"
}

// processorPrefix starts the names of a run's staging tables of processor p.
func processorPrefix(runID string, p nba.Processor) string {
	return runPrefix(runID) + strings.ToLower(shortName(p)) + "_"
}

// batchTable names the table of one kind of a batch: the batch is known by
// its players, so a retried chunk, which stages the same players, replaces
// its own table.
func batchTable(runID string, p nba.Processor, kind string, players []string) string {
	return processorPrefix(runID, p) + kind + "_" + shortHash(strings.Join(players, "\x00"))
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

func shortName(p nba.Processor) string {
	if p == nba.UPGC {
		return "UPGC"
	}
	return "PSZA"
}

// stagedTables are a run's staging tables of one processor, by kind.
type stagedTables map[string][]string

// stagedTablesOf lists the staging tables of run and processor p.
func (w *Warehouse) stagedTablesOf(ctx context.Context, runID string, p nba.Processor) (stagedTables, error) {
	prefix := processorPrefix(runID, p)
	names, err := w.stagingTables(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := stagedTables{}
	for _, name := range names {
		kind, _, _ := strings.Cut(strings.TrimPrefix(name, prefix), "_")
		out[kind] = append(out[kind], name)
	}
	return out, nil
}

// stagingTables lists the tables of the staging dataset whose names start
// with prefix.
func (w *Warehouse) stagingTables(ctx context.Context, prefix string) ([]string, error) {
	it := w.stagingDataset().Tables(ctx)
	var names []string
	for {
		t, err := it.Next()
		if errors.Is(err, iterator.Done) {
			return names, nil
		}
		if err != nil {
			return nil, classify(fmt.Errorf("list the tables of %s: %w", w.dialect.Dataset(warehouse.DatasetStaging), err))
		}
		if strings.HasPrefix(t.TableID, prefix) {
			names = append(names, t.TableID)
		}
	}
}

func (w *Warehouse) stagingDataset() *bq.Dataset {
	return w.client.Dataset(w.dialect.Dataset(warehouse.DatasetStaging))
}

// dropTables deletes staging tables; one already gone is no error.
func (w *Warehouse) dropTables(ctx context.Context, names []string) error {
	var errs []error
	for _, name := range names {
		if err := w.stagingDataset().Table(name).Delete(ctx); err != nil && !notFound(err) {
			errs = append(errs, classify(fmt.Errorf("drop staging table %s: %w", name, err)))
		}
	}
	return errors.Join(errs...)
}

// load replaces the rows of staging table name with rows (a slice value of
// t.Row) by a load job from memory: no DML, and nothing that competes with
// the statements of other runs.
func (w *Warehouse) load(ctx context.Context, name string, t *warehouse.Table, rows reflect.Value, runID string) error {
	data, err := ndjson(t, rows, runID)
	if err != nil {
		return fmt.Errorf("staging table %s: %w", name, err)
	}
	src := bq.NewReaderSource(strings.NewReader(data))
	src.SourceFormat = bq.JSON
	src.Schema = loadSchema(t)
	loader := w.stagingDataset().Table(name).LoaderFrom(src)
	loader.CreateDisposition = bq.CreateIfNeeded
	loader.WriteDisposition = bq.WriteTruncate
	loader.Location = w.location
	loader.JobIDConfig, loader.Labels = jobConfig(jobStage)
	// One request whatever the size: the client would otherwise switch to
	// a resumable upload above 16 MiB.
	loader.MediaOptions = []googleapi.MediaOption{googleapi.ChunkSize(0)}
	job, err := loader.Run(ctx)
	if err != nil {
		job, err = w.attach(ctx, loader.JobIDConfig.JobID, err)
	}
	if err != nil {
		return fmt.Errorf("load staging table %s: %w", name, err)
	}
	if _, err := wait(ctx, job); err != nil {
		return fmt.Errorf("load staging table %s: %w", name, err)
	}
	return nil
}
