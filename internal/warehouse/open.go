package warehouse

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
)

// Backends.
const (
	BackendSQLite   = "sqlite"
	BackendBigQuery = "bigquery"
)

// DefaultSQLitePath is where the embedded warehouse lives by default.
const DefaultSQLitePath = ".data/warehouse.db"

// DefaultBigQueryLocation is the BigQuery location when BIGQUERY_LOCATION is
// unset, for the worker and the CLI alike.
const DefaultBigQueryLocation = "US"

// Config says which warehouse to open. The env tags are those of
// caarlos0/env, so a binary's config struct can embed it; ConfigFromEnv reads
// the same variables without it. internal/warehouse/backend opens it.
type Config struct {
	// Backend is sqlite (the default) or bigquery.
	Backend string `env:"WAREHOUSE" envDefault:"sqlite" json:"backend"`
	// SQLitePath is the file of the sqlite backend; its directory is created.
	SQLitePath string `env:"SQLITE_PATH" envDefault:".data/warehouse.db" json:"sqlite_path,omitempty"`
	// BigQueryProject and BigQueryLocation place the bigquery backend, which
	// authenticates with application default credentials.
	BigQueryProject  string `env:"BIGQUERY_PROJECT" json:"bigquery_project,omitempty"`
	BigQueryLocation string `env:"BIGQUERY_LOCATION" json:"bigquery_location,omitempty"`
	// BigQueryEndpoint, for tests and emulators, sends the BigQuery API
	// to another server, without credentials: an http(s) URL ending in
	// /bigquery/v2/.
	BigQueryEndpoint string `env:"BIGQUERY_ENDPOINT" json:"bigquery_endpoint,omitempty"`
}

// ConfigFromEnv reads WAREHOUSE, SQLITE_PATH, BIGQUERY_PROJECT and
// BIGQUERY_LOCATION through getenv (os.Getenv), with the defaults.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		Backend:          cmp.Or(getenv("WAREHOUSE"), BackendSQLite),
		SQLitePath:       cmp.Or(getenv("SQLITE_PATH"), DefaultSQLitePath),
		BigQueryProject:  getenv("BIGQUERY_PROJECT"),
		BigQueryLocation: cmp.Or(getenv("BIGQUERY_LOCATION"), DefaultBigQueryLocation),
		BigQueryEndpoint: getenv("BIGQUERY_ENDPOINT"),
	}
}

// Validate reports what is missing or unknown in c.
func (c Config) Validate() error {
	switch c.Backend {
	case BackendSQLite:
		if c.SQLitePath == "" {
			return errors.New("warehouse config: WAREHOUSE=sqlite needs SQLITE_PATH")
		}
	case BackendBigQuery:
		if c.BigQueryProject == "" || c.BigQueryLocation == "" {
			return errors.New("warehouse config: WAREHOUSE=bigquery needs BIGQUERY_PROJECT and BIGQUERY_LOCATION")
		}
		if e := c.BigQueryEndpoint; e != "" && !(strings.HasPrefix(e, "http://") || strings.HasPrefix(e, "https://")) {
			return fmt.Errorf("warehouse config: BIGQUERY_ENDPOINT=%q: want an http(s) URL", e)
		}
	default:
		return fmt.Errorf("warehouse config: WAREHOUSE=%q: want %s or %s", c.Backend, BackendSQLite, BackendBigQuery)
	}
	return nil
}

// String describes where the warehouse is, without credentials.
func (c Config) String() string {
	if c.Backend == BackendBigQuery && c.BigQueryEndpoint != "" {
		return fmt.Sprintf("bigquery project %s (%s) at %s", c.BigQueryProject, c.BigQueryLocation, c.BigQueryEndpoint)
	}
	if c.Backend == BackendBigQuery {
		return fmt.Sprintf("bigquery project %s (%s)", c.BigQueryProject, c.BigQueryLocation)
	}
	return fmt.Sprintf("%s %s", c.Backend, c.SQLitePath)
}
