package temporalconn_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/temporalconn"
	"nbaflow/internal/testenv"
)

// connection is what a test checks of the client options.
type connection struct {
	address, namespace, authority string
	tls                           bool   // TLS on
	tlsDisabled                   bool   // TLS explicitly off (TEMPORAL_TLS=false)
	serverName                    string // TLS server name
	clientCert, rootCAs           bool   // a client certificate, a CA of its own
	apiKey                        bool
	headers                       map[string]string
}

func connectionOf(t *testing.T, opts client.Options) connection {
	t.Helper()
	c := connection{
		address: opts.HostPort, namespace: opts.Namespace, authority: opts.ConnectionOptions.Authority,
		tlsDisabled: opts.ConnectionOptions.TLSDisabled, apiKey: opts.Credentials != nil,
	}
	if cfg := opts.ConnectionOptions.TLS; cfg != nil {
		c.tls, c.serverName, c.clientCert, c.rootCAs = true, cfg.ServerName, len(cfg.Certificates) == 1, cfg.RootCAs != nil
	}
	if opts.HeadersProvider != nil {
		h, err := opts.HeadersProvider.GetHeaders(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c.headers = h
	}
	return c
}

// writeFile writes data to a new file in the test's directory.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClientOptionsDefaults(t *testing.T) {
	opts, err := temporalconn.ClientOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := connectionOf(t, opts)
	if want := (connection{address: "localhost:7233", namespace: "default"}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v: plaintext to localhost:7233, namespace default", got, want)
	}
}

// TestClientOptionsSources: the variables alone, a profile alone,
// and the variables over a profile, as the temporal CLI reads them.
func TestClientOptionsSources(t *testing.T) {
	pki := testenv.NewTestPKI(t)
	profiles := writeFile(t, "temporal.toml", `
[profile.default]
address = "default-profile:7233"

[profile.prod]
address = "prod.tmprl.cloud:7233"
namespace = "nba.prod"
[profile.prod.tls]
client_cert_path = "`+pki.ClientCert+`"
client_key_path = "`+pki.ClientKey+`"
server_ca_cert_path = "`+pki.CACert+`"
server_name = "`+testenv.TLSServerName+`"
[profile.prod.grpc_meta]
x-tenant = "nba"
`)
	mtls := connection{tls: true, serverName: testenv.TLSServerName, clientCert: true, rootCAs: true}
	with := func(c connection, address, namespace string) connection {
		c.address, c.namespace = address, namespace
		return c
	}
	tests := []struct {
		name    string
		environ []string
		want    connection
	}{
		{"variables only", []string{
			"TEMPORAL_ADDRESS=temporal.internal:7233", "TEMPORAL_NAMESPACE=nba",
			"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.CACert,
			"TEMPORAL_TLS_CLIENT_CERT_PATH=" + pki.ClientCert, "TEMPORAL_TLS_CLIENT_KEY_PATH=" + pki.ClientKey,
			"TEMPORAL_TLS_SERVER_NAME=" + testenv.TLSServerName,
		}, with(mtls, "temporal.internal:7233", "nba")},
		{"the CLI's older TLS names", []string{
			"TEMPORAL_ADDRESS=temporal.internal:7233",
			"TEMPORAL_TLS_CA=" + pki.CACert, "TEMPORAL_TLS_CERT=" + pki.ClientCert, "TEMPORAL_TLS_KEY=" + pki.ClientKey,
			"TEMPORAL_TLS_SERVER_NAME=" + testenv.TLSServerName,
		}, with(mtls, "temporal.internal:7233", "default")},
		{"profile only", []string{"TEMPORAL_CONFIG_FILE=" + profiles, "TEMPORAL_PROFILE=prod"},
			func() connection {
				c := with(mtls, "prod.tmprl.cloud:7233", "nba.prod")
				c.headers = map[string]string{"x-tenant": "nba"}
				return c
			}()},
		{"the file's default profile", []string{"TEMPORAL_CONFIG_FILE=" + profiles},
			connection{address: "default-profile:7233", namespace: "default"}},
		{"variables over the profile", []string{
			"TEMPORAL_CONFIG_FILE=" + profiles, "TEMPORAL_PROFILE=prod",
			"TEMPORAL_ADDRESS=other:7233", "TEMPORAL_NAMESPACE=nba.staging", "TEMPORAL_GRPC_META_X_TENANT=staging",
		}, func() connection {
			c := with(mtls, "other:7233", "nba.staging")
			c.headers = map[string]string{"x-tenant": "staging"}
			return c
		}()},
		{"an API key turns TLS on", []string{"TEMPORAL_ADDRESS=nba.a1b2c.tmprl.cloud:7233", "TEMPORAL_API_KEY=k"},
			connection{address: "nba.a1b2c.tmprl.cloud:7233", namespace: "default", tls: true, apiKey: true}},
		{"an API key with TEMPORAL_TLS=false", []string{"TEMPORAL_API_KEY=k", "TEMPORAL_TLS=false"},
			connection{address: "localhost:7233", namespace: "default", tlsDisabled: true, apiKey: true}},
		{"TEMPORAL_TLS=true with the system's CAs", []string{"TEMPORAL_TLS=true"},
			connection{address: "localhost:7233", namespace: "default", tls: true}},
		{"authority and headers", []string{"TEMPORAL_CLIENT_AUTHORITY=temporal.example", "TEMPORAL_GRPC_META_X_ROUTE=a"},
			connection{address: "localhost:7233", namespace: "default", authority: "temporal.example", headers: map[string]string{"x-route": "a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := temporalconn.ClientOptions(tt.environ)
			if err != nil {
				t.Fatal(err)
			}
			if got := connectionOf(t, opts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestClientOptionsErrors: each bad setting is an error naming the
// variable or the profile key, never showing a key or PEM data.
func TestClientOptionsErrors(t *testing.T) {
	pki := testenv.NewTestPKI(t)
	missing := filepath.Join(t.TempDir(), "missing.pem")
	profiles := writeFile(t, "temporal.toml", `
[profile.prod]
address = "prod:7233"
[profile.prod.tls]
client_cert_path = "`+missing+`"
client_key_path = "`+pki.ClientKey+`"
`)
	badTOML := writeFile(t, "bad.toml", "[profile.prod\n")
	badAddress := writeFile(t, "address.toml", "[profile.default]\naddress = \"temporal\"\n")
	cert, err := os.ReadFile(pki.ClientCert)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "secret-test-key"
	tests := []struct {
		name    string
		environ []string
		want    string
	}{
		{"missing client certificate", []string{"TEMPORAL_TLS_CLIENT_CERT_PATH=" + missing, "TEMPORAL_TLS_CLIENT_KEY_PATH=" + pki.ClientKey, "TEMPORAL_API_KEY=" + secret},
			"TEMPORAL_TLS_CLIENT_CERT_PATH=" + missing + ": no such file or directory"},
		{"missing CA, older name", []string{"TEMPORAL_TLS_CA=" + missing},
			"TEMPORAL_TLS_CA=" + missing + ": no such file or directory"},
		{"missing client certificate in the profile", []string{"TEMPORAL_CONFIG_FILE=" + profiles, "TEMPORAL_PROFILE=prod"},
			"tls.client_cert_path=" + missing + ` (profile "prod" in ` + profiles + "): no such file or directory"},
		{"certificate without its key", []string{"TEMPORAL_TLS_CLIENT_CERT_PATH=" + pki.ClientCert},
			"TEMPORAL_TLS_CLIENT_CERT_PATH=" + pki.ClientCert + ": a client certificate needs its key: set TEMPORAL_TLS_CLIENT_KEY_PATH too"},
		{"key of another certificate", []string{"TEMPORAL_TLS_CLIENT_CERT_PATH=" + pki.ClientCert, "TEMPORAL_TLS_CLIENT_KEY_PATH=" + pki.ServerKey},
			"TEMPORAL_TLS_CLIENT_CERT_PATH=" + pki.ClientCert + " with TEMPORAL_TLS_CLIENT_KEY_PATH=" + pki.ServerKey + ": not a client certificate and its key: tls: private key does not match public key"},
		{"key data that is not a key", []string{"TEMPORAL_TLS_CLIENT_CERT_DATA=" + string(cert), "TEMPORAL_TLS_CLIENT_KEY_DATA=" + secret},
			"TEMPORAL_TLS_CLIENT_CERT_DATA with TEMPORAL_TLS_CLIENT_KEY_DATA: not a client certificate and its key"},
		{"path and data", []string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.CACert, "TEMPORAL_TLS_SERVER_CA_CERT_DATA=" + secret},
			"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.CACert + " and TEMPORAL_TLS_SERVER_CA_CERT_DATA are both set: set one"},
		{"CA that is not a certificate", []string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.ClientKey},
			"TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + pki.ClientKey + ": no PEM certificate in it"},
		{"TEMPORAL_TLS not a boolean", []string{"TEMPORAL_TLS=yes"}, `TEMPORAL_TLS="yes": want true, false, 1 or 0`},
		{"no such profile", []string{"TEMPORAL_CONFIG_FILE=" + profiles, "TEMPORAL_PROFILE=staging"},
			"TEMPORAL_PROFILE=staging: no such profile in " + profiles},
		{"profile without a file", []string{"TEMPORAL_PROFILE=prod"},
			"TEMPORAL_PROFILE=prod: no config file to read it from (set TEMPORAL_CONFIG_FILE)"},
		{"missing config file", []string{"TEMPORAL_CONFIG_FILE=" + missing},
			"TEMPORAL_CONFIG_FILE=" + missing + ": no such file or directory"},
		{"config file that is not TOML", []string{"TEMPORAL_CONFIG_FILE=" + badTOML},
			"Temporal config file " + badTOML + ": failed parsing config"},
		{"address without a port", []string{"TEMPORAL_ADDRESS=temporal.internal"},
			`TEMPORAL_ADDRESS="temporal.internal": want host:port, with a host and a port from 1 to 65535 (such as localhost:7233)`},
		{"address whose port is not a number", []string{"TEMPORAL_ADDRESS=notahost:abc"}, `TEMPORAL_ADDRESS="notahost:abc": want host:port`},
		{"address whose port is out of range", []string{"TEMPORAL_ADDRESS=temporal:70000"}, `TEMPORAL_ADDRESS="temporal:70000": want host:port`},
		{"address without a host", []string{"TEMPORAL_ADDRESS=:7233"}, `TEMPORAL_ADDRESS=":7233": want host:port`},
		{"address in the profile", []string{"TEMPORAL_CONFIG_FILE=" + badAddress},
			`address="temporal" (profile "default" in ` + badAddress + "): want host:port"},
		{"namespace with a space", []string{"TEMPORAL_NAMESPACE=nba prod"}, `TEMPORAL_NAMESPACE="nba prod": white space or a control character in it`},
		{"API key with a newline", []string{"TEMPORAL_API_KEY=" + secret + "\n"},
			"TEMPORAL_API_KEY: white space or a control character in it (the key is not shown)"},
		{"authority with a space", []string{"TEMPORAL_CLIENT_AUTHORITY=temporal .example"}, `TEMPORAL_CLIENT_AUTHORITY="temporal .example": white space`},
		{"server name with a space", []string{"TEMPORAL_TLS=true", "TEMPORAL_TLS_SERVER_NAME=temporal internal"},
			`TEMPORAL_TLS_SERVER_NAME="temporal internal": white space`},
		{"header with a newline", []string{"TEMPORAL_GRPC_META_X_TENANT=a\nb"}, `TEMPORAL_GRPC_META_X_TENANT="a\nb": leading or trailing white space, or a control character`},
		{"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION not a boolean", []string{"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION=on"},
			`TEMPORAL_TLS_DISABLE_HOST_VERIFICATION="on": want true, false, 1 or 0`},
	}
	for _, name := range append(slices.Clone(temporalconn.Variables), "TEMPORAL_GRPC_META_X_TENANT") {
		tests = append(tests, struct {
			name    string
			environ []string
			want    string
		}{"empty " + name, []string{"TEMPORAL_CONFIG_FILE=" + profiles, name + "="}, name + " is set but empty: give it a value or unset it"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := temporalconn.ClientOptions(tt.environ)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "BEGIN") {
				t.Errorf("error %q shows a secret or PEM data", err)
			}
		})
	}
}

// TestClientOptionsReadsOnlyEnviron: the default profile file is found in
// the config directory environ names (XDG_CONFIG_HOME, else HOME/.config),
// never through the process's own environment, so the profile of whoever
// runs the tests plays no part in the others.
func TestClientOptionsReadsOnlyEnviron(t *testing.T) {
	config := t.TempDir()
	if err := os.MkdirAll(filepath.Join(config, "temporalio"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(config, "temporalio", "temporal.toml"), []byte("[profile.default]\naddress = \"from-profile:7233\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("TEMPORAL_ADDRESS", "from-process:7233")
	home := t.TempDir()
	if err := os.Symlink(config, filepath.Join(home, ".config")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		environ []string
		want    string
	}{
		{nil, "localhost:7233"},
		{[]string{"XDG_CONFIG_HOME=" + config}, "from-profile:7233"},
		{[]string{"HOME=" + home}, "from-profile:7233"},
		{[]string{"XDG_CONFIG_HOME=relative", "HOME=" + home}, "localhost:7233"},
	} {
		opts, err := temporalconn.ClientOptions(tt.environ)
		if err != nil {
			t.Fatal(err)
		}
		if opts.HostPort != tt.want {
			t.Errorf("%v: address %s, want %s", tt.environ, opts.HostPort, tt.want)
		}
	}
}

func TestCheckAddress(t *testing.T) {
	for _, addr := range []string{"localhost:7233", "temporal.internal:443", "10.0.0.1:7233", "[::1]:7233",
		"nba.a1b2c.tmprl.cloud:7233", "dns:///temporal.internal:7233", "dns://8.8.8.8/temporal.internal:7233"} {
		if err := temporalconn.CheckAddress(addr); err != nil {
			t.Errorf("CheckAddress(%q) = %v, want nil", addr, err)
		}
	}
	for _, addr := range []string{"", "localhost", "localhost:", ":7233", "notahost:abc", "host:0", "host:65536",
		"host:-1", "local host:7233", "http://localhost:7233", "dns:///temporal.internal", "::1:7233"} {
		if err := temporalconn.CheckAddress(addr); err == nil {
			t.Errorf("CheckAddress(%q) = nil, want an error", addr)
		}
	}
}
