package temporalconn_test

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/temporalconn"
	"nbaflow/internal/testenv"
)

func TestExplainDialError(t *testing.T) {
	withTLS := client.Options{HostPort: "temporal:7233"}
	withTLS.ConnectionOptions.TLS = &tls.Config{}
	plaintext := client.Options{HostPort: "temporal:7233"}
	grpcErr := func(desc string) error {
		return errors.New(`failed reaching server: connection error: desc = "` + desc + `"`)
	}
	tests := []struct {
		name string
		opts client.Options
		err  error
		want string
	}{
		{"no client certificate", withTLS, grpcErr("error reading server preface: remote error: tls: certificate required"),
			"TLS handshake with temporal:7233 failed: remote error: tls: certificate required (the server requires a client certificate: set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH)"},
		{"client certificate refused", withTLS, grpcErr("transport: authentication handshake failed: remote error: tls: bad certificate"),
			"TLS handshake with temporal:7233 failed: remote error: tls: bad certificate (the server refused the client certificate)"},
		{"unknown CA", withTLS, grpcErr("transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"),
			"TLS handshake with temporal:7233 failed: tls: failed to verify certificate: x509: certificate signed by unknown authority (the server's certificate is not signed by a CA this host trusts: set TEMPORAL_TLS_SERVER_CA_CERT_PATH to its CA)"},
		{"another name", withTLS, grpcErr("transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate is valid for a.example, not temporal"),
			"TLS handshake with temporal:7233 failed: tls: failed to verify certificate: x509: certificate is valid for a.example, not temporal (the server's certificate is not for this name: set TEMPORAL_TLS_SERVER_NAME to the name it is for)"},
		{"TLS to a plaintext server", withTLS, grpcErr("transport: authentication handshake failed: tls: first record does not look like a TLS handshake"),
			"TLS handshake with temporal:7233 failed: tls: first record does not look like a TLS handshake (the server does not speak TLS: set TEMPORAL_TLS=false, or use its TLS address)"},
		{"plaintext to a TLS server", plaintext, grpcErr("error reading server preface: EOF"),
			`connect to Temporal at temporal:7233: failed reaching server: connection error: desc = "error reading server preface: EOF" (the server closed the connection: if it requires TLS, set TEMPORAL_TLS=true or its CA and client certificate)`},
		{"plaintext to a TLS server, reset", plaintext, grpcErr("error reading server preface: connection reset by peer"),
			`connect to Temporal at temporal:7233: failed reaching server: connection error: desc = "error reading server preface: connection reset by peer" (the server reset the connection: if it requires TLS, set TEMPORAL_TLS=true or its CA and client certificate)`},
		{"refused", plaintext, grpcErr("transport: Error while dialing: dial tcp 10.0.0.1:7233: connect: connection refused"),
			`connect to Temporal at temporal:7233: failed reaching server: connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.1:7233: connect: connection refused"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := temporalconn.ExplainDialError(context.Background(), tt.opts, tt.err)
			if got.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("%v does not wrap %v", got, tt.err)
			}
		})
	}
}

// TestExplainDialErrorFindsTheTLSCause: when gRPC saw only the connection
// reset (a TLS 1.3 server refuses a client certificate after the client's
// handshake, while gRPC is already writing), explainDialError's own
// handshake finds the server's alert.
func TestExplainDialErrorFindsTheTLSCause(t *testing.T) {
	pki := testenv.NewTestPKI(t)
	// The handshake fails before the listener forwards anything.
	listener := testenv.TLSProxy(t, "127.0.0.1:1", pki.ServerConfig(true))
	noCert, err := temporalconn.ClientOptions([]string{
		"TEMPORAL_CONFIG_FILE=" + emptyProfileFile(t), "TEMPORAL_ADDRESS=" + listener,
		"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.CACert, "TEMPORAL_TLS_SERVER_NAME=" + testenv.TLSServerName,
	})
	if err != nil {
		t.Fatal(err)
	}
	refused := noCert
	refused.HostPort = "127.0.0.1:1"
	reset := errors.New("failed reaching server: write tcp 127.0.0.1:52056->" + listener + ": write: broken pipe")
	tests := []struct {
		name string
		opts client.Options
		want string
	}{
		{"refused client certificate", noCert,
			"TLS handshake with " + listener + " failed: remote error: tls: certificate required (the server requires a client certificate: set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH)"},
		{"nothing listening", refused, "connect to Temporal at 127.0.0.1:1: " + reset.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := temporalconn.ExplainDialError(context.Background(), tt.opts, reset); got.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// emptyProfileFile is a profile file with no profile in it, so that the
// profile of whoever runs the tests plays no part.
func emptyProfileFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "temporal.toml")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
