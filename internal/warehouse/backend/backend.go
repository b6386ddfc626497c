// Package backend opens the warehouse a Config names. It is apart from
// package warehouse because it imports both backends, which import warehouse.
package backend

import (
	"context"

	"google.golang.org/api/option"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/bigquery"
	"nbaflow/internal/warehouse/sqlite"
)

// Open opens the warehouse of cfg: the sqlite file (created and migrated) or
// the BigQuery project (with application default credentials).
func Open(ctx context.Context, cfg warehouse.Config) (warehouse.Warehouse, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Backend == warehouse.BackendBigQuery && cfg.BigQueryEndpoint != "" {
		// Never send credentials to a server that is not Google's.
		return bigquery.Open(ctx, cfg.BigQueryProject, cfg.BigQueryLocation,
			option.WithEndpoint(cfg.BigQueryEndpoint), option.WithoutAuthentication())
	}
	if cfg.Backend == warehouse.BackendBigQuery {
		return bigquery.Open(ctx, cfg.BigQueryProject, cfg.BigQueryLocation)
	}
	return sqlite.Open(ctx, cfg.SQLitePath)
}
