package bigquery

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"nbaflow/internal/warehouse"
)

// ErrSchemaDrift is the error of a project whose tables differ from this
// build's registry (schemas/bigquery).
var ErrSchemaDrift = errors.New("the BigQuery tables differ from this build's schema (schemas/bigquery)")

// CheckSchema compares every table of the registry with the project's:
// columns with their types and modes, partitioning and clustering; and the
// staging dataset's default table expiration, without which an abandoned
// run's staging would never go. A worker runs it at start, so that drift
// is a clear error before the first night, not a failed statement in it.
func (w *Warehouse) CheckSchema(ctx context.Context) error {
	var drift []string
	for _, t := range warehouse.Tables {
		if t.Role == warehouse.RoleStaging {
			continue
		}
		d, err := w.tableDrift(ctx, t)
		if err != nil {
			return err
		}
		drift = append(drift, d...)
	}
	staging := w.dialect.Dataset(warehouse.DatasetStaging)
	md, err := w.stagingDataset().Metadata(ctx)
	switch {
	case notFound(err):
		drift = append(drift, "dataset "+staging+" is missing")
	case err != nil:
		return fmt.Errorf("bigquery: check dataset %s: %w", staging, classify(err))
	case md.DefaultTableExpiration <= 0:
		drift = append(drift, "dataset "+staging+" has no default table expiration (want "+warehouse.StagingExpiration.String()+")")
	}
	if len(drift) > 0 {
		return fmt.Errorf("bigquery: %w:\n  %s\nAn admin creates what is missing with `nbaflow bigquery init`, or applies the DDL of schemas/bigquery",
			ErrSchemaDrift, strings.Join(drift, "\n  "))
	}
	return nil
}

// tableDrift lists how the project's table t differs from the registry.
func (w *Warehouse) tableDrift(ctx context.Context, t *warehouse.Table) ([]string, error) {
	name := w.dialect.Dataset(t.Dataset) + "." + t.Name
	md, err := w.client.Dataset(w.dialect.Dataset(t.Dataset)).Table(t.Name).Metadata(ctx)
	if notFound(err) {
		return []string{"table " + name + " is missing"}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("bigquery: check table %s: %w", name, classify(err))
	}
	var drift []string
	have := map[string]*bq.FieldSchema{}
	for _, f := range md.Schema {
		have[f.Name] = f
	}
	for _, want := range loadSchema(t) {
		f, ok := have[want.Name]
		delete(have, want.Name)
		switch {
		case !ok:
			drift = append(drift, fmt.Sprintf("table %s lacks column %s (%s)", name, want.Name, mode(want)))
		case mode(f) != mode(want):
			drift = append(drift, fmt.Sprintf("table %s column %s is %s, want %s", name, want.Name, mode(f), mode(want)))
		}
	}
	for col, f := range have {
		drift = append(drift, fmt.Sprintf("table %s has column %s (%s) that this build does not know", name, col, mode(f)))
	}
	if got := partitionField(md); got != t.Partition {
		drift = append(drift, fmt.Sprintf("table %s is partitioned by %q, want %q", name, got, t.Partition))
	}
	if got := clusterFields(md); !slices.Equal(got, t.Cluster) {
		drift = append(drift, fmt.Sprintf("table %s is clustered by %v, want %v", name, got, t.Cluster))
	}
	slices.Sort(drift)
	return drift, nil
}

// mode writes a column's type and mode, as "INT64 REQUIRED".
func mode(f *bq.FieldSchema) string {
	m := "NULLABLE"
	switch {
	case f.Repeated:
		m = "REPEATED"
	case f.Required:
		m = "REQUIRED"
	}
	typ := string(f.Type)
	if typ == string(bq.IntegerFieldType) {
		typ = "INT64" // the API says INTEGER
	}
	if typ == string(bq.FloatFieldType) {
		typ = "FLOAT64"
	}
	if typ == string(bq.BooleanFieldType) {
		typ = "BOOL"
	}
	return typ + " " + m
}

func partitionField(md *bq.TableMetadata) string {
	if md.TimePartitioning == nil {
		return ""
	}
	return md.TimePartitioning.Field
}

func clusterFields(md *bq.TableMetadata) []string {
	if md.Clustering == nil {
		return nil
	}
	return md.Clustering.Fields
}

func notFound(err error) bool {
	var apiErr *googleapi.Error
	return errors.As(err, &apiErr) && apiErr.Code == http.StatusNotFound
}
