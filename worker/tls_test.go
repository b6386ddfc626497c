package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/testenv"
)

// failFast is how long a worker that cannot connect may take to say so.
const failFast = 5 * time.Second

// secureEnv is the worker's environment for reaching Temporal at address
// with the test PKI's CA, server name and (with clientCert) client
// certificate, over an empty warehouse and without metrics; extra is
// appended.
func secureEnv(t *testing.T, pki *testenv.TestPKI, address string, clientCert bool, extra ...string) []string {
	t.Helper()
	noConfig := filepath.Join(t.TempDir(), "temporal.toml")
	if err := os.WriteFile(noConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	environ := []string{
		"TEMPORAL_CONFIG_FILE=" + noConfig, // no profile from the home directory
		"TEMPORAL_ADDRESS=" + address,
		"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.CACert,
		"TEMPORAL_TLS_SERVER_NAME=" + testenv.TLSServerName,
		"SQLITE_PATH=" + filepath.Join(t.TempDir(), "warehouse.db"),
		"METRICS_ADDR=off",
	}
	if clientCert {
		environ = append(environ, "TEMPORAL_TLS_CLIENT_CERT_PATH="+pki.ClientCert, "TEMPORAL_TLS_CLIENT_KEY_PATH="+pki.ClientKey)
	}
	return append(environ, extra...)
}

// runBinary runs the worker binary bin with environ until it exits, and
// returns its exit status, its log and how long it ran.
func runBinary(t *testing.T, bin string, environ []string) (int, string, time.Duration) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = environ
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String(), took
}

// TestWorkerOverMutualTLS: configured by the TEMPORAL_TLS_* variables, the
// worker binary connects through a listener that requires a client
// certificate and completes a daily run (a date without games on an empty
// warehouse).
func TestWorkerOverMutualTLS(t *testing.T) {
	srv := server.Server(t)
	pki := testenv.NewTestPKI(t)
	proxy := testenv.TLSProxy(t, srv.FrontendHostPort(), pki.ServerConfig(true))
	taskQueue := testenv.TaskQueue(t)

	w := startWorker(t, buildWorker(t), secureEnv(t, pki, proxy, true, "TASK_QUEUE="+taskQueue))
	w.serveDateWithoutGames(t, srv, taskQueue)
	log := w.stop(t)
	if !strings.Contains(log, "connected to Temporal") || !strings.Contains(log, "tls=true") {
		t.Errorf("the worker does not log that it connected over TLS:\n%s", log)
	}
}

// TestWorkerReportsTLSFailures: without the client certificate the worker
// exits 1 at once saying the TLS handshake failed; a certificate file that
// is not there is a configuration error (exit 2) naming the variable.
func TestWorkerReportsTLSFailures(t *testing.T) {
	bin := buildWorker(t)
	pki := testenv.NewTestPKI(t)
	// The handshake fails before the proxy forwards anything.
	proxy := testenv.TLSProxy(t, "127.0.0.1:1", pki.ServerConfig(true))
	missing := filepath.Join(t.TempDir(), "client.pem")
	tests := []struct {
		name    string
		environ []string
		code    int
		want    string
	}{
		{"no client certificate", secureEnv(t, pki, proxy, false), exitFailure,
			"TLS handshake with " + proxy + " failed: remote error: tls: certificate required"},
		{"missing certificate file", secureEnv(t, pki, proxy, false,
			"TEMPORAL_TLS_CLIENT_CERT_PATH="+missing, "TEMPORAL_TLS_CLIENT_KEY_PATH="+pki.ClientKey), exitConfig,
			"TEMPORAL_TLS_CLIENT_CERT_PATH=" + missing + ": no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, log, took := runBinary(t, bin, tt.environ)
			if took > failFast {
				t.Errorf("exited after %v, want within %v", took, failFast)
			}
			if code != tt.code || !strings.Contains(log, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, log, tt.code, tt.want)
			}
		})
	}
}

// TestWorkerSendsAPIKey: TEMPORAL_API_KEY reaches the frontend as the
// authorization header over TLS, and the worker never logs it.
func TestWorkerSendsAPIKey(t *testing.T) {
	const key = "secret-test-key"
	pki := testenv.NewTestPKI(t)
	front := testenv.NewFakeFrontend(t, pki.ServerConfig(false))
	code, log, _ := runBinary(t, buildWorker(t), secureEnv(t, pki, front.Addr, false, "TEMPORAL_API_KEY="+key, "LOG_LEVEL=debug"))
	if code != exitFailure || !strings.Contains(log, "cannot reach Temporal") || !strings.Contains(log, "Unauthenticated") {
		t.Errorf("exit %d, stderr %q; want %d and the frontend's refusal", code, log, exitFailure)
	}
	if auth, called := front.FirstAuthorization(); !called || auth != "Bearer "+key {
		t.Errorf("authorization header %q (called %v), want %q", auth, called, "Bearer "+key)
	}
	if strings.Contains(log, key) {
		t.Errorf("the API key is in the worker's log:\n%s", log)
	}
}
