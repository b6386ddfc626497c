package warehouse

import (
	"strings"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		env     map[string]string
		want    Config
		invalid string
	}{
		{nil, Config{Backend: BackendSQLite, SQLitePath: DefaultSQLitePath, BigQueryLocation: "US"}, ""},
		{map[string]string{"SQLITE_PATH": "/x/w.db"}, Config{Backend: BackendSQLite, SQLitePath: "/x/w.db", BigQueryLocation: "US"}, ""},
		{map[string]string{"WAREHOUSE": "bigquery", "BIGQUERY_PROJECT": "p", "BIGQUERY_LOCATION": "US"},
			Config{Backend: BackendBigQuery, SQLitePath: DefaultSQLitePath, BigQueryProject: "p", BigQueryLocation: "US"}, ""},
		// The same default location as the worker's (internal/config), so
		// that `WAREHOUSE=bigquery nbaflow seed` works where the worker starts.
		{map[string]string{"WAREHOUSE": "bigquery", "BIGQUERY_PROJECT": "p"},
			Config{Backend: BackendBigQuery, SQLitePath: DefaultSQLitePath, BigQueryProject: "p", BigQueryLocation: DefaultBigQueryLocation}, ""},
		{map[string]string{"WAREHOUSE": "bigquery"},
			Config{Backend: BackendBigQuery, SQLitePath: DefaultSQLitePath, BigQueryLocation: DefaultBigQueryLocation}, "BIGQUERY_PROJECT"},
		{map[string]string{"WAREHOUSE": "postgres"}, Config{Backend: "postgres", SQLitePath: DefaultSQLitePath, BigQueryLocation: "US"}, `"postgres"`},
	}
	for _, tt := range tests {
		got := ConfigFromEnv(func(k string) string { return tt.env[k] })
		if got != tt.want {
			t.Errorf("ConfigFromEnv(%v) = %+v, want %+v", tt.env, got, tt.want)
		}
		err := got.Validate()
		if (tt.invalid == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.invalid)) {
			t.Errorf("Validate(%+v) = %v, want an error mentioning %q", got, err, tt.invalid)
		}
	}
}
