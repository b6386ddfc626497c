package main

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/temporalconn"
	"nbaflow/internal/testenv"
	"nbaflow/workflows"
)

// These tests reach Temporal the way a secured deployment does: through a
// TLS listener that requires a client certificate, in front of the dev
// server, or with an API key.

// failFast is how long a connection that cannot succeed may take to say so.
const failFast = 5 * time.Second

// noConfigFile is an empty Temporal config file, so that a profile in the
// home directory of whoever runs the tests plays no part.
func noConfigFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "temporal.toml")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// nbaflowWith runs this CLI in process with vars as its whole environment
// and returns its exit status, stdout and stderr.
func nbaflowWith(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, environ: environOf(vars)}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	code := run(ctx, args, e)
	if testing.Verbose() {
		t.Logf("nbaflow %s -> %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return code, stdout.String(), stderr.String()
}

// TestDailyOverMutualTLS: with the TEMPORAL_TLS_* variables, a worker and
// nbaflow daily --wait complete a date through a listener that requires a
// client certificate; with a setting missing, nbaflow fails at once and
// says what about TLS went wrong.
func TestDailyOverMutualTLS(t *testing.T) {
	srv := server.Server(t)
	pki := testenv.NewTestPKI(t)
	proxy := testenv.TLSProxy(t, srv.FrontendHostPort(), pki.ServerConfig(true))
	taskQueue := testenv.TaskQueue(t)
	vars := map[string]string{
		"TEMPORAL_CONFIG_FILE":             noConfigFile(t),
		"TEMPORAL_ADDRESS":                 proxy,
		"TEMPORAL_TLS_SERVER_CA_CERT_PATH": pki.CACert,
		"TEMPORAL_TLS_CLIENT_CERT_PATH":    pki.ClientCert,
		"TEMPORAL_TLS_CLIENT_KEY_PATH":     pki.ClientKey,
		"TEMPORAL_TLS_SERVER_NAME":         testenv.TLSServerName,
		"TASK_QUEUE":                       taskQueue,
	}

	t.Run("with the client certificate", func(t *testing.T) {
		// The worker connects as the worker binary does: from the same
		// variables, through temporalconn.ClientOptions.
		opts, err := temporalconn.ClientOptions(environOf(vars))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), temporalconn.DialTimeout)
		defer cancel()
		c, err := client.DialContext(ctx, opts)
		if err != nil {
			t.Fatalf("worker's client through the mTLS listener: %v", err)
		}
		t.Cleanup(c.Close)
		testenv.StartWorker(t, c, taskQueue, testenv.Seeded(t))

		code, stdout, stderr := nbaflowWith(t, vars, "daily", "--date", "2025-01-15", "--wait", "--json")
		var out struct {
			Daily *workflows.DailyResult `json:"daily"`
		}
		if code != 0 && code != 3 || json.Unmarshal([]byte(stdout), &out) != nil || out.Daily == nil {
			t.Fatalf("daily --wait over mTLS: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
		}
		if out.Daily.GameDate != "2025-01-15" || len(out.Daily.Processors) == 0 || out.Daily.Processors[0].Planned == 0 {
			t.Errorf("result %+v, want the date's players processed", out.Daily)
		}
	})

	tests := []struct {
		name  string
		unset []string
		want  []string
	}{
		{"no client certificate", []string{"TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH"},
			[]string{"TLS handshake with " + proxy + " failed", "certificate required", "TEMPORAL_TLS_CLIENT_CERT_PATH"}},
		{"CA not trusted", []string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH"},
			[]string{"TLS handshake with " + proxy + " failed", "certificate signed by unknown authority", "TEMPORAL_TLS_SERVER_CA_CERT_PATH"}},
		{"certificate for another name", []string{"TEMPORAL_TLS_SERVER_NAME"},
			[]string{"TLS handshake with " + proxy + " failed", "certificate", "TEMPORAL_TLS_SERVER_NAME"}},
		{"plaintext", []string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_SERVER_NAME"},
			[]string{"connect to Temporal at " + proxy, "requires TLS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := maps.Clone(vars)
			for _, k := range tt.unset {
				delete(v, k)
			}
			start := time.Now()
			code, _, stderr := nbaflowWith(t, v, "daily", "--date", "2025-01-16", "--wait")
			if took := time.Since(start); took > failFast {
				t.Errorf("failed after %v, want within %v", took, failFast)
			}
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, want := range tt.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q does not say %q", stderr, want)
				}
			}
		})
	}
}

// TestBadTLSSettingsAreUsageErrors: a certificate that cannot be read stops
// nbaflow with exit 2 before it dials, naming the variable.
func TestBadTLSSettingsAreUsageErrors(t *testing.T) {
	pki := testenv.NewTestPKI(t)
	missing := filepath.Join(t.TempDir(), "client.pem")
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"missing client certificate", map[string]string{"TEMPORAL_TLS_CLIENT_CERT_PATH": missing, "TEMPORAL_TLS_CLIENT_KEY_PATH": pki.ClientKey},
			"TEMPORAL_TLS_CLIENT_CERT_PATH=" + missing + ": no such file or directory"},
		{"key without certificate", map[string]string{"TEMPORAL_TLS_CLIENT_KEY_PATH": pki.ClientKey},
			"TEMPORAL_TLS_CLIENT_KEY_PATH=" + pki.ClientKey + ": a client key needs its certificate"},
		{"CA that is not a certificate", map[string]string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH": pki.ClientKey},
			"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.ClientKey + ": no PEM certificate in it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.vars["TEMPORAL_CONFIG_FILE"] = noConfigFile(t)
			tt.vars["TEMPORAL_ADDRESS"] = "127.0.0.1:1" // never dialed
			code, _, stderr := nbaflowWith(t, tt.vars, "daily", "--date", "2025-01-16")
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

// TestAPIKeyReachesTheServer: TEMPORAL_API_KEY reaches the frontend as the
// authorization header, over TLS (which an API key turns on, as in the
// temporal CLI) or, with TEMPORAL_TLS=false, over plaintext; --address
// overrides TEMPORAL_ADDRESS. The key is never printed.
func TestAPIKeyReachesTheServer(t *testing.T) {
	const key = "secret-test-key"
	pki := testenv.NewTestPKI(t)
	tests := []struct {
		name string
		tls  bool
		vars map[string]string
		flag bool // pass the address with --address, TEMPORAL_ADDRESS being wrong
	}{
		{"TLS by default", true, map[string]string{
			"TEMPORAL_TLS_SERVER_CA_CERT_PATH": pki.CACert, "TEMPORAL_TLS_SERVER_NAME": testenv.TLSServerName}, false},
		{"plaintext with TEMPORAL_TLS=false", false, map[string]string{"TEMPORAL_TLS": "false"}, false},
		{"address from the flag", false, map[string]string{"TEMPORAL_TLS": "false"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var front *testenv.FakeFrontend
			if tt.tls {
				front = testenv.NewFakeFrontend(t, pki.ServerConfig(false))
			} else {
				front = testenv.NewFakeFrontend(t, nil)
			}
			vars := maps.Clone(tt.vars)
			vars["TEMPORAL_CONFIG_FILE"] = noConfigFile(t)
			vars["TEMPORAL_API_KEY"] = key
			vars["TEMPORAL_ADDRESS"] = front.Addr
			args := []string{"daily", "--date", "2025-01-16"}
			if tt.flag {
				vars["TEMPORAL_ADDRESS"] = "127.0.0.1:1"
				args = append(args, "--address", front.Addr)
			}
			start := time.Now()
			code, stdout, stderr := nbaflowWith(t, vars, args...)
			if took := time.Since(start); took > failFast {
				t.Errorf("failed after %v, want within %v", took, failFast)
			}
			if code != 1 || !strings.Contains(stderr, "Unauthenticated") && !strings.Contains(stderr, "fake frontend") {
				t.Errorf("exit %d, stderr %q; want 1 and the frontend's refusal", code, stderr)
			}
			auth, called := front.FirstAuthorization()
			if !called || auth != "Bearer "+key {
				t.Errorf("authorization header %q (called %v), want %q", auth, called, "Bearer "+key)
			}
			if strings.Contains(stdout+stderr, key) {
				t.Errorf("the API key is in the output:\nstdout %s\nstderr %s", stdout, stderr)
			}
		})
	}
}
