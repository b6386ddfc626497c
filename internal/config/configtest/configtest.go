// Package configtest lists every environment variable nbaflow's binaries
// read, each with a bad and a good value, so that the tests of
// internal/config, of the worker and of the CLI check them all alike: set
// but empty, and bad, each stops the binary with exit status 2 and a
// message naming the variable; good gets past the configuration.
package configtest

import (
	"os"
	"path/filepath"
	"testing"

	"nbaflow/internal/testenv"
)

// Case is one variable.
type Case struct {
	Name        string // the variable
	Worker, CLI bool   // which binaries read it
	Bad         string // a malformed value
	BadWant     string // what the error says of Bad (it names the variable)
	Good        string
	// With are other variables Bad and Good need beside this one, such as a
	// client key beside its certificate.
	With []string
}

// Environ is the case's environment with value: the variable and With.
func (c Case) Environ(value string) []string {
	return append([]string{c.Name + "=" + value}, c.With...)
}

// EmptyWant is the message of a variable set but empty.
func EmptyWant(name string) string {
	return name + " is set but empty: give it a value or unset it"
}

// GRPCMeta is the header variable the cases use for
// temporalconn.GRPCMetaPrefix.
const GRPCMeta = "TEMPORAL_GRPC_META_X_TENANT"

// Cases returns every variable's case. Files the good values name (TLS
// certificates, a profile file) are in the test's temporary directory.
func Cases(t testing.TB) []Case {
	t.Helper()
	pki := testenv.NewTestPKI(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	profiles := filepath.Join(dir, "temporal.toml")
	if err := os.WriteFile(profiles, []byte("[profile.prod]\naddress = \"prod.internal:7233\"\nnamespace = \"nba\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	cert, key, ca := read(pki.ClientCert), read(pki.ClientKey), read(pki.CACert)
	both := func(c Case) Case { c.Worker, c.CLI = true, true; return c }
	worker := func(c Case) Case { c.Worker = true; return c }
	return []Case{
		// Both binaries: the task queue, the warehouse, the connection.
		both(Case{Name: "TASK_QUEUE", Bad: "/_sys/nba", BadWant: `TASK_QUEUE="/_sys/nba": Temporal reserves the names starting with /_sys/`, Good: "nba-backfill"}),
		both(Case{Name: "WAREHOUSE", Bad: "postgres", BadWant: `WAREHOUSE="postgres": want sqlite or bigquery`, Good: "sqlite"}),
		both(Case{Name: "SQLITE_PATH", Bad: ".data/", BadWant: `SQLITE_PATH=".data/": want a file, not a directory`, Good: filepath.Join(dir, "warehouse.db")}),
		both(Case{Name: "BIGQUERY_PROJECT", Bad: "My Project", BadWant: `BIGQUERY_PROJECT="My Project": want a project ID`, Good: "nba-props-prod"}),
		both(Case{Name: "BIGQUERY_LOCATION", Bad: "us central1", BadWant: `BIGQUERY_LOCATION="us central1": want a BigQuery location`, Good: "europe-west2"}),
		both(Case{Name: "BIGQUERY_ENDPOINT", Bad: "localhost:9050", BadWant: `BIGQUERY_ENDPOINT="localhost:9050": want an http(s) URL`, Good: "http://127.0.0.1:9050/bigquery/v2/"}),
		both(Case{Name: "TEMPORAL_ADDRESS", Bad: "notahost:abc",
			BadWant: `TEMPORAL_ADDRESS="notahost:abc": want host:port, with a host and a port from 1 to 65535 (such as localhost:7233)`, Good: "temporal.internal:7233"}),
		both(Case{Name: "TEMPORAL_NAMESPACE", Bad: "nba prod", BadWant: `TEMPORAL_NAMESPACE="nba prod": white space or a control character in it`, Good: "nba.a1b2c"}),
		both(Case{Name: "TEMPORAL_API_KEY", Bad: "secret key", BadWant: "TEMPORAL_API_KEY: white space or a control character in it (the key is not shown)", Good: "secret-key"}),
		both(Case{Name: "TEMPORAL_CLIENT_AUTHORITY", Bad: "temporal example", BadWant: `TEMPORAL_CLIENT_AUTHORITY="temporal example": white space`, Good: "temporal.example"}),
		both(Case{Name: "TEMPORAL_TLS", Bad: "yes", BadWant: `TEMPORAL_TLS="yes": want true, false, 1 or 0`, Good: "true"}),
		both(Case{Name: "TEMPORAL_TLS_SERVER_NAME", Bad: "temporal internal", BadWant: `TEMPORAL_TLS_SERVER_NAME="temporal internal": white space`, Good: testenv.TLSServerName}),
		both(Case{Name: "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", Bad: "on", BadWant: `TEMPORAL_TLS_DISABLE_HOST_VERIFICATION="on": want true, false, 1 or 0`, Good: "false"}),
		both(Case{Name: "TEMPORAL_CONFIG_FILE", Bad: missing, BadWant: "TEMPORAL_CONFIG_FILE=" + missing + ": no such file or directory", Good: profiles}),
		both(Case{Name: "TEMPORAL_PROFILE", Bad: "staging", BadWant: "TEMPORAL_PROFILE=staging: no such profile in " + profiles, Good: "prod",
			With: []string{"TEMPORAL_CONFIG_FILE=" + profiles}}),
		both(Case{Name: "TEMPORAL_TLS_CLIENT_CERT_PATH", Bad: missing, BadWant: "TEMPORAL_TLS_CLIENT_CERT_PATH=" + missing + ": no such file or directory", Good: pki.ClientCert,
			With: []string{"TEMPORAL_TLS_CLIENT_KEY_PATH=" + pki.ClientKey}}),
		both(Case{Name: "TEMPORAL_TLS_CLIENT_KEY_PATH", Bad: missing, BadWant: "TEMPORAL_TLS_CLIENT_KEY_PATH=" + missing + ": no such file or directory", Good: pki.ClientKey,
			With: []string{"TEMPORAL_TLS_CLIENT_CERT_PATH=" + pki.ClientCert}}),
		both(Case{Name: "TEMPORAL_TLS_SERVER_CA_CERT_PATH", Bad: pki.ClientKey, BadWant: "TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.ClientKey + ": no PEM certificate in it", Good: pki.CACert}),
		both(Case{Name: "TEMPORAL_TLS_CLIENT_CERT_DATA", Bad: "not a certificate", BadWant: "TEMPORAL_TLS_CLIENT_CERT_DATA with TEMPORAL_TLS_CLIENT_KEY_DATA: not a client certificate and its key", Good: cert,
			With: []string{"TEMPORAL_TLS_CLIENT_KEY_DATA=" + key}}),
		both(Case{Name: "TEMPORAL_TLS_CLIENT_KEY_DATA", Bad: "not a key", BadWant: "TEMPORAL_TLS_CLIENT_CERT_DATA with TEMPORAL_TLS_CLIENT_KEY_DATA: not a client certificate and its key", Good: key,
			With: []string{"TEMPORAL_TLS_CLIENT_CERT_DATA=" + cert}}),
		both(Case{Name: "TEMPORAL_TLS_SERVER_CA_CERT_DATA", Bad: "not a certificate", BadWant: "TEMPORAL_TLS_SERVER_CA_CERT_DATA: no PEM certificate in it", Good: ca}),
		// The temporal CLI's older names.
		both(Case{Name: "TEMPORAL_TLS_CERT", Bad: missing, BadWant: "TEMPORAL_TLS_CERT=" + missing + ": no such file or directory", Good: pki.ClientCert,
			With: []string{"TEMPORAL_TLS_KEY=" + pki.ClientKey}}),
		both(Case{Name: "TEMPORAL_TLS_KEY", Bad: missing, BadWant: "TEMPORAL_TLS_KEY=" + missing + ": no such file or directory", Good: pki.ClientKey,
			With: []string{"TEMPORAL_TLS_CERT=" + pki.ClientCert}}),
		both(Case{Name: "TEMPORAL_TLS_CA", Bad: missing, BadWant: "TEMPORAL_TLS_CA=" + missing + ": no such file or directory", Good: pki.CACert}),
		both(Case{Name: "TEMPORAL_TLS_CERT_DATA", Bad: "not a certificate", BadWant: "TEMPORAL_TLS_CERT_DATA with TEMPORAL_TLS_KEY_DATA: not a client certificate and its key", Good: cert,
			With: []string{"TEMPORAL_TLS_KEY_DATA=" + key}}),
		both(Case{Name: "TEMPORAL_TLS_KEY_DATA", Bad: "not a key", BadWant: "TEMPORAL_TLS_CERT_DATA with TEMPORAL_TLS_KEY_DATA: not a client certificate and its key", Good: key,
			With: []string{"TEMPORAL_TLS_CERT_DATA=" + cert}}),
		both(Case{Name: "TEMPORAL_TLS_CA_DATA", Bad: "not a certificate", BadWant: "TEMPORAL_TLS_CA_DATA: no PEM certificate in it", Good: ca}),
		both(Case{Name: GRPCMeta, Bad: "nba\n", BadWant: GRPCMeta + `="nba\n": leading or trailing white space, or a control character, in it`, Good: "nba"}),
		// The CLI's own.
		{Name: "TEMPORAL_UI_URL", CLI: true, Bad: "localhost:8233", BadWant: `TEMPORAL_UI_URL="localhost:8233": want an http(s) URL, such as http://localhost:8233`, Good: "https://temporal-ui.internal"},
		// The worker's own.
		worker(Case{Name: "LOG_LEVEL", Bad: "loud", BadWant: "LOG_LEVEL=loud: want debug, info, warn or error", Good: "debug"}),
		worker(Case{Name: "LOG_FORMAT", Bad: "xml", BadWant: "LOG_FORMAT=xml: want text or json", Good: "json"}),
		worker(Case{Name: "PLAYER_CHUNK_SIZE", Bad: "lots", BadWant: `PLAYER_CHUNK_SIZE="lots": not a valid whole number`, Good: "1"}),
		worker(Case{Name: "MAX_PARALLEL_CHUNKS", Bad: "0", BadWant: "MAX_PARALLEL_CHUNKS=0: want 1 to 200", Good: "50"}),
		worker(Case{Name: "ENABLE_PLAYER_PARALLELIZATION", Bad: "perhaps", BadWant: `ENABLE_PLAYER_PARALLELIZATION="perhaps": not a valid boolean (true or false)`, Good: "false"}),
		worker(Case{Name: "MAX_CONCURRENT_ACTIVITIES", Bad: "-1", BadWant: "MAX_CONCURRENT_ACTIVITIES=-1: want 0 (SDK default) or more", Good: "20"}),
		worker(Case{Name: "METRICS_ADDR", Bad: "9090", BadWant: `METRICS_ADDR=9090: want host:port (":9090", "127.0.0.1:9090"), or "off"`, Good: "off"}),
		worker(Case{Name: "CIRCUIT_BREAKER_TRIP_ATTEMPT", Bad: "0", BadWant: "CIRCUIT_BREAKER_TRIP_ATTEMPT=0: want 1 to 100", Good: "5"}),
		worker(Case{Name: "CIRCUIT_BREAKER_LOCKOUT", Bad: "soon", BadWant: `CIRCUIT_BREAKER_LOCKOUT="soon": not a valid duration`, Good: "90s"}),
		worker(Case{Name: "STAGING_MAX_AGE", Bad: "10m", BadWant: "STAGING_MAX_AGE=10m0s: want 1h or more", Good: "48h"}),
		worker(Case{Name: "STAGING_SWEEP_EVERY", Bad: "0s", BadWant: "STAGING_SWEEP_EVERY=0s: want a positive duration", Good: "10m"}),
		worker(Case{Name: "SCHEDULE_WATCH_EVERY", Bad: "-1m", BadWant: "SCHEDULE_WATCH_EVERY=-1m0s: want a positive duration", Good: "30s"}),
	}
}
