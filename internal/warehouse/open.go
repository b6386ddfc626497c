package warehouse

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
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
// caarlos0/env, so that each binary's configuration (internal/config)
// embeds it and reads it from the environment the same way; the defaults are
// DefaultConfig's. internal/warehouse/backend opens it.
type Config struct {
	// Backend is sqlite (the default) or bigquery.
	Backend string `env:"WAREHOUSE" json:"backend"`
	// SQLitePath is the file of the sqlite backend; its directory is created.
	SQLitePath string `env:"SQLITE_PATH" json:"sqlite_path,omitempty"`
	// BigQueryProject and BigQueryLocation place the bigquery backend, which
	// authenticates with application default credentials.
	BigQueryProject  string `env:"BIGQUERY_PROJECT" json:"bigquery_project,omitempty"`
	BigQueryLocation string `env:"BIGQUERY_LOCATION" json:"bigquery_location,omitempty"`
	// BigQueryEndpoint, for tests and emulators, sends the BigQuery API
	// to another server, without credentials: an http(s) URL ending in
	// /bigquery/v2/.
	BigQueryEndpoint string `env:"BIGQUERY_ENDPOINT" json:"bigquery_endpoint,omitempty"`
}

// DefaultConfig is the warehouse when no variable says otherwise: sqlite
// at DefaultSQLitePath, and BIGQUERY_LOCATION DefaultBigQueryLocation.
func DefaultConfig() Config {
	return Config{Backend: BackendSQLite, SQLitePath: DefaultSQLitePath, BigQueryLocation: DefaultBigQueryLocation}
}

// bigQueryProjectID is a Google Cloud project ID: 6 to 30 lowercase
// letters, digits and hyphens, from a letter, not ending with a hyphen;
// older projects may have a domain in front (example.com:project).
var bigQueryProjectID = regexp.MustCompile(`^([a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$`)

// bigQueryLocation is a BigQuery location: a multi-region (US, EU) or a
// region (us-central1, europe-west2).
var bigQueryLocation = regexp.MustCompile(`^[A-Za-z]+(-[A-Za-z]+[0-9]*)*$`)

// Validate reports what is missing, unknown or malformed in c, naming the
// variable and the value. The BigQuery settings are checked when they are
// given, whichever the backend.
func (c Config) Validate() error {
	var errs []error
	switch c.Backend {
	case BackendSQLite:
		if c.SQLitePath == "" {
			errs = append(errs, errors.New("warehouse config: WAREHOUSE=sqlite needs SQLITE_PATH"))
		}
	case BackendBigQuery:
		if c.BigQueryProject == "" || c.BigQueryLocation == "" {
			errs = append(errs, errors.New("warehouse config: WAREHOUSE=bigquery needs BIGQUERY_PROJECT and BIGQUERY_LOCATION"))
		}
	default:
		errs = append(errs, fmt.Errorf("warehouse config: WAREHOUSE=%q: want %s or %s", c.Backend, BackendSQLite, BackendBigQuery))
	}
	if p := c.SQLitePath; p != "" && (strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator)) || slices.Contains([]string{".", ".."}, filepath.Base(p))) {
		errs = append(errs, fmt.Errorf("warehouse config: SQLITE_PATH=%q: want a file, not a directory", p))
	}
	if p := c.BigQueryProject; p != "" && !bigQueryProjectID.MatchString(p) {
		errs = append(errs, fmt.Errorf("warehouse config: BIGQUERY_PROJECT=%q: want a project ID (6 to 30 lowercase letters, digits and hyphens, from a letter)", p))
	}
	if l := c.BigQueryLocation; l != "" && !bigQueryLocation.MatchString(l) {
		errs = append(errs, fmt.Errorf("warehouse config: BIGQUERY_LOCATION=%q: want a BigQuery location such as US, EU or us-central1", l))
	}
	if e := c.BigQueryEndpoint; e != "" {
		if u, err := url.Parse(e); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("warehouse config: BIGQUERY_ENDPOINT=%q: want an http(s) URL", e))
		}
	}
	return errors.Join(errs...)
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
