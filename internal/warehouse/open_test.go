package warehouse

import (
	"strings"
	"testing"
)

// The variables are read by internal/config, for the worker and the CLI
// alike (its tests cover the reading); here, what Validate accepts.
func TestConfigValidate(t *testing.T) {
	bq := func(c Config) Config {
		c.Backend = BackendBigQuery
		if c.BigQueryProject == "" {
			c.BigQueryProject = "nba-props-prod"
		}
		return c
	}
	tests := []struct {
		name    string
		cfg     Config
		invalid string
	}{
		{"the defaults", DefaultConfig(), ""},
		{"sqlite elsewhere", Config{Backend: BackendSQLite, SQLitePath: "/x/w.db"}, ""},
		{"bigquery", bq(DefaultConfig()), ""},
		{"bigquery in a region", bq(Config{BigQueryLocation: "us-central1"}), ""},
		{"bigquery, domain-scoped project", bq(Config{BigQueryProject: "example.com:nba-props", BigQueryLocation: "EU"}), ""},
		{"bigquery at an emulator", bq(Config{BigQueryLocation: "US", BigQueryEndpoint: "http://127.0.0.1:9050/bigquery/v2/"}), ""},
		{"bigquery without project", Config{Backend: BackendBigQuery, BigQueryLocation: "US"}, "BIGQUERY_PROJECT"},
		{"unknown backend", Config{Backend: "postgres", SQLitePath: DefaultSQLitePath}, `WAREHOUSE="postgres": want sqlite or bigquery`},
		{"sqlite without a path", Config{Backend: BackendSQLite}, "WAREHOUSE=sqlite needs SQLITE_PATH"},
		{"sqlite path of a directory", Config{Backend: BackendSQLite, SQLitePath: ".data/"}, `SQLITE_PATH=".data/": want a file, not a directory`},
		{"sqlite path dot", Config{Backend: BackendSQLite, SQLitePath: "."}, `SQLITE_PATH=".": want a file`},
		{"project with capitals", bq(Config{BigQueryProject: "My Project", BigQueryLocation: "US"}), `BIGQUERY_PROJECT="My Project": want a project ID`},
		{"project too short", bq(Config{BigQueryProject: "p", BigQueryLocation: "US"}), `BIGQUERY_PROJECT="p": want a project ID`},
		{"location with a space", bq(Config{BigQueryLocation: "us central1"}), `BIGQUERY_LOCATION="us central1": want a BigQuery location`},
		{"endpoint without a scheme", bq(Config{BigQueryLocation: "US", BigQueryEndpoint: "localhost:9050"}), `BIGQUERY_ENDPOINT="localhost:9050": want an http(s) URL`},
		// Checked whichever the backend: a malformed value is a mistake.
		{"bad project on sqlite", Config{Backend: BackendSQLite, SQLitePath: DefaultSQLitePath, BigQueryProject: "P"}, "BIGQUERY_PROJECT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (tt.invalid == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.invalid)) {
				t.Errorf("Validate(%+v) = %v, want an error mentioning %q", tt.cfg, err, tt.invalid)
			}
		})
	}
}
