package bigquery

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"nbaflow/internal/warehouse"
)

// roleNotes say who writes the tables of a role, for the DDL comments.
var roleNotes = map[warehouse.Role]string{
	warehouse.RoleInput:      "Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.",
	warehouse.RoleOutput:     "Written by Commit: MERGE on the key; a row whose content is unchanged (its data_hash, and the columns the hash leaves out) is not rewritten, rows of the date the committing run did not produce are deleted.",
	warehouse.RoleProcessing: "Written by Commit, in the transaction that merges the outputs.",
	warehouse.RoleStaging:    "A template, never created: each Stage loads tables nba_staging.run_<run>_<processor>_<kind>_<batch> with these columns, which Commit and DiscardRun drop and which expire after 24 hours.",
}

// DDL returns the CREATE TABLE statement of t, with the dataset as
// written by d: the content of schemas/bigquery/<table>.sql for Dialect{}.
func DDL(d Dialect, t *warehouse.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- %s.%s: %s.\n-- %s\n", t.Dataset, t.Name, t.Description, roleNotes[t.Role])
	if len(t.Key) > 0 {
		fmt.Fprintf(&b, "-- Key: %s.\n", strings.Join(t.Key, ", "))
	}
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", d.Table(t))
	var lines []string
	for _, c := range t.Columns() {
		line := "  " + c.Name + " " + sqlTypes[c.Kind]
		if !c.Nullable {
			line += " NOT NULL"
		}
		lines = append(lines, line)
	}
	if len(t.Key) > 0 {
		lines = append(lines, "  PRIMARY KEY ("+strings.Join(t.Key, ", ")+") NOT ENFORCED")
	}
	b.WriteString(strings.Join(lines, ",\n"))
	b.WriteString("\n)")
	if t.Partition != "" {
		fmt.Fprintf(&b, "\nPARTITION BY %s", t.Partition)
	}
	if len(t.Cluster) > 0 {
		fmt.Fprintf(&b, "\nCLUSTER BY %s", strings.Join(t.Cluster, ", "))
	}
	fmt.Fprintf(&b, "\nOPTIONS (description = %q);\n", t.Description)
	return b.String()
}

// Datasets lists the datasets of the registry, in the order of first use.
func Datasets() []string {
	var names []string
	for _, t := range warehouse.Tables {
		if !contains(names, t.Dataset) {
			names = append(names, t.Dataset)
		}
	}
	return names
}

// EnsureSchema creates the datasets and the tables of the registry that do
// not exist yet, from the same DDL as schemas/bigquery, then checks that
// every table matches the registry (CheckSchema). The staging dataset gets
// its default table expiration; its tables are created by the runs' loads.
func (w *Warehouse) EnsureSchema(ctx context.Context) error {
	for _, name := range Datasets() {
		md := &bq.DatasetMetadata{Location: w.location}
		if name == warehouse.DatasetStaging {
			md.DefaultTableExpiration = warehouse.StagingExpiration
			md.Description = "nbaflow staging: each run's own tables, dropped at its commit, expiring after " + warehouse.StagingExpiration.String()
		}
		err := w.client.Dataset(w.dialect.Dataset(name)).Create(ctx, md)
		var gerr *googleapi.Error
		if err != nil && !(errors.As(err, &gerr) && gerr.Code == http.StatusConflict) {
			return fmt.Errorf("bigquery: create dataset %s: %w", w.dialect.Dataset(name), classify(err))
		}
	}
	for _, t := range warehouse.Tables {
		if t.Role == warehouse.RoleStaging {
			continue
		}
		if _, err := w.run(ctx, warehouse.Query{Text: DDL(w.dialect, t)}, jobSchema); err != nil {
			return fmt.Errorf("bigquery: create table %s.%s: %w", t.Dataset, t.Name, err)
		}
	}
	return w.CheckSchema(ctx)
}

// DropDatasets deletes the datasets of the registry with their tables; the
// contract suite cleans up its suffixed datasets with it.
func (w *Warehouse) DropDatasets(ctx context.Context) error {
	for _, name := range Datasets() {
		if err := w.client.Dataset(w.dialect.Dataset(name)).DeleteWithContents(ctx); err != nil {
			return fmt.Errorf("bigquery: drop dataset %s: %w", w.dialect.Dataset(name), err)
		}
	}
	return nil
}
