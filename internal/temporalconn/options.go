package temporalconn

import (
	"cmp"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/caarlos0/env/v10"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
)

// Where Temporal is when neither the environment nor a profile says: the
// temporal CLI's and the SDK's defaults. DefaultUIURL is the UI of the
// temporal CLI's dev server, for links when TEMPORAL_UI_URL is unset.
const (
	DefaultAddress   = "localhost:7233"
	DefaultNamespace = "default"
	DefaultUIURL     = "http://localhost:8233"
)

// Variables are the environment variables ClientOptions
// reads, as the temporal CLI does (go.temporal.io/sdk/contrib/envconfig),
// besides those starting with GRPCMetaPrefix. TEMPORAL_TLS_CERT,
// _KEY, _CA and their _DATA forms are the CLI's older names, which it still
// honours over the others.
var Variables = []string{
	"TEMPORAL_CONFIG_FILE", "TEMPORAL_PROFILE",
	"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_CLIENT_AUTHORITY",
	"TEMPORAL_TLS", "TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION",
	"TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_CERT_DATA",
	"TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_CLIENT_KEY_DATA",
	"TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
	"TEMPORAL_TLS_CERT", "TEMPORAL_TLS_CERT_DATA", "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_KEY_DATA",
	"TEMPORAL_TLS_CA", "TEMPORAL_TLS_CA_DATA",
}

// GRPCMetaPrefix starts the variables that add a gRPC header to
// every call: TEMPORAL_GRPC_META_X_TENANT=a sends x-tenant: a.
const GRPCMetaPrefix = "TEMPORAL_GRPC_META_"

// ClientOptions returns the connection part of the client options
// (address, namespace, TLS, API key, gRPC headers) that environ (as
// os.Environ returns it) describes, the way the temporal CLI reads them: the
// profile TEMPORAL_PROFILE (default "default") of the TOML file
// TEMPORAL_CONFIG_FILE (default temporalio/temporal.toml in the user's
// config directory: $XDG_CONFIG_HOME, else $HOME/.config, taken from
// environ too), overridden by the variables of Variables that are set.
//
// A variable of Variables or GRPCMetaPrefix that is set but empty is an
// error naming it, never the default: envconfig would let it blank the
// profile's value (or turn TLS on), and a deployment that passes an empty
// variable has lost a value on the way. So is an address that is not
// host:port (CheckAddress), and a namespace, authority, server name or
// header with white space or a control character. An API key turns TLS on
// unless TEMPORAL_TLS=false. With nothing set it is plaintext to
// localhost:7233, namespace default.
//
// It reads the files it names, so that a missing or unreadable certificate
// is an error now, naming the variable or profile key that gave the path;
// it never prints an API key or PEM data. It reads nothing of the process
// environment but environ, and it does not dial.
func ClientOptions(environ []string) (client.Options, error) {
	vars := env.ToMap(environ)
	if err := emptyVariables(vars); err != nil {
		return client.Options{}, err
	}
	src, err := loadProfile(vars, environ)
	if err != nil {
		return client.Options{}, err
	}
	prof := src.profile
	var errs []error
	for _, name := range []string{"TEMPORAL_TLS", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"} {
		if v, set := vars[name]; set && !slices.Contains([]string{"1", "0", "true", "false"}, strings.ToLower(v)) {
			errs = append(errs, fmt.Errorf("%s=%q: want true, false, 1 or 0", name, v))
		}
	}
	errs = append(errs, src.checkValues()...)
	if prof.TLS != nil && !prof.TLS.Disabled {
		errs = append(errs, src.loadTLSFiles(prof.TLS)...)
	}
	if err := errors.Join(errs...); err != nil {
		return client.Options{}, err
	}
	opts, err := prof.ToClientOptions(envconfig.ToClientOptionsRequest{})
	if err != nil {
		return client.Options{}, fmt.Errorf("Temporal client settings: %w", err)
	}
	opts.HostPort = cmp.Or(opts.HostPort, DefaultAddress)
	opts.Namespace = cmp.Or(opts.Namespace, DefaultNamespace)
	return opts, nil
}

// emptyVariables reports every variable of Variables or GRPCMetaPrefix
// that is set to the empty string.
func emptyVariables(vars map[string]string) error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if vars[name] == "" && (slices.Contains(Variables, name) || strings.HasPrefix(name, GRPCMetaPrefix)) {
			errs = append(errs, fmt.Errorf("%s is set but empty: give it a value or unset it", name))
		}
	}
	return errors.Join(errs...)
}

// CheckAddress reports whether addr is a frontend address to dial:
// host:port, with a host and a port from 1 to 65535. A gRPC resolver's
// target (dns:///host:port) is checked on its host:port.
func CheckAddress(addr string) error {
	hostPort := addr
	if scheme, rest, ok := strings.Cut(addr, "://"); ok && scheme != "" && !strings.ContainsAny(scheme, "/:") {
		_, hostPort, _ = strings.Cut(rest, "/") // dns://8.8.8.8/host:port: after the resolver's authority
	}
	host, port, err := net.SplitHostPort(hostPort)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 1 || n > 65535 || host == "" || hasSpaceOrControl(host) {
		return errors.New("want host:port, with a host and a port from 1 to 65535 (such as " + DefaultAddress + ")")
	}
	return nil
}

// CheckName reports whether name (a namespace, a server name) is free of
// white space and control characters, which are never part of one and are
// mistakes of quoting or copying.
func CheckName(name string) error {
	if hasSpaceOrControl(name) {
		return errors.New("white space or a control character in it")
	}
	return nil
}

func hasSpaceOrControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0
}

// checkValues checks the settings of the loaded profile (the file's, with
// the environment over them) that are not files: each error names the
// variable or the profile key, and never shows an API key.
func (s *profileSource) checkValues() []error {
	p := s.profile
	var errs []error
	check := func(err error, name, key, value string) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.keyLabel(name, key, value), err))
		}
	}
	if p.Address != "" {
		check(CheckAddress(p.Address), "TEMPORAL_ADDRESS", "address", fmt.Sprintf("%q", p.Address))
	}
	check(CheckName(p.Namespace), "TEMPORAL_NAMESPACE", "namespace", fmt.Sprintf("%q", p.Namespace))
	check(CheckName(p.Authority), "TEMPORAL_CLIENT_AUTHORITY", "authority", fmt.Sprintf("%q", p.Authority))
	if hasSpaceOrControl(p.APIKey) {
		check(errors.New("white space or a control character in it (the key is not shown)"), "TEMPORAL_API_KEY", "api_key", "")
	}
	if p.TLS != nil {
		check(CheckName(p.TLS.ServerName), "TEMPORAL_TLS_SERVER_NAME", "tls.server_name", fmt.Sprintf("%q", p.TLS.ServerName))
	}
	for _, key := range slices.Sorted(maps.Keys(p.GRPCMeta)) {
		// gRPC sends a header's value as is: a newline or a control
		// character fails every call.
		if v := p.GRPCMeta[key]; strings.IndexFunc(v, unicode.IsControl) >= 0 || strings.TrimSpace(v) != v {
			name := GRPCMetaPrefix + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
			check(errors.New("leading or trailing white space, or a control character, in it"), name, "grpc_meta."+key, fmt.Sprintf("%q", v))
		}
	}
	return errs
}

// keyLabel names a setting for messages: the variable when it is set,
// else the profile's key; with value, unless it is "".
func (s *profileSource) keyLabel(name, key, value string) string {
	label := name
	if _, set := s.vars[name]; !set {
		label = fmt.Sprintf("%s (profile %q in %s)", key, s.name, s.file)
		if value != "" {
			label = fmt.Sprintf("%s=%s (profile %q in %s)", key, value, s.name, s.file)
		}
		return label
	}
	if value != "" {
		label += "=" + value
	}
	return label
}

// defaultConfigFile is envconfig.DefaultConfigFilePath with the user's
// config directory (os.UserConfigDir) taken from vars rather than the
// process's environment; "" when vars do not say.
func defaultConfigFile(vars map[string]string) string {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = cmp.Or(vars["AppData"], vars["APPDATA"])
	case "darwin", "ios":
		if home := vars["HOME"]; home != "" {
			dir = filepath.Join(home, "Library", "Application Support")
		}
	case "plan9":
		if home := vars["home"]; home != "" {
			dir = filepath.Join(home, "lib")
		}
	default:
		dir = vars["XDG_CONFIG_HOME"]
		if dir == "" {
			if home := vars["HOME"]; home != "" {
				dir = filepath.Join(home, ".config")
			}
		} else if !filepath.IsAbs(dir) {
			dir = ""
		}
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "temporalio", "temporal.toml")
}

// profileSource is a loaded profile and where its settings came from, for
// messages.
type profileSource struct {
	profile envconfig.ClientConfigProfile
	vars    map[string]string
	file    string // the TOML file read, "" if none
	name    string // the profile's name
}

// loadProfile reads the profile from the file and applies the environment
// over it, as envconfig.LoadClientConfigProfile and the temporal CLI do;
// unlike them, a TEMPORAL_CONFIG_FILE that does not exist is an error, since
// it was named on purpose.
func loadProfile(vars map[string]string, environ []string) (profileSource, error) {
	src := profileSource{vars: vars, name: cmp.Or(vars["TEMPORAL_PROFILE"], envconfig.DefaultConfigFileProfile)}
	lookup := envLookup{environ: environ, vars: vars}
	src.file = vars["TEMPORAL_CONFIG_FILE"]
	if src.file != "" {
		if _, err := os.Stat(src.file); err != nil {
			return src, fmt.Errorf("TEMPORAL_CONFIG_FILE=%s: %w", src.file, pathErr(err))
		}
	} else if def := defaultConfigFile(vars); def != "" {
		if _, err := os.Stat(def); err == nil {
			src.file = def
		}
	}
	if src.file != "" {
		conf, err := envconfig.LoadClientConfig(envconfig.LoadClientConfigOptions{ConfigFilePath: src.file, EnvLookup: lookup})
		if err != nil {
			return src, fmt.Errorf("Temporal config file %s: %w", src.file, err)
		}
		if p := conf.Profiles[src.name]; p != nil {
			src.profile = *p
		} else if vars["TEMPORAL_PROFILE"] != "" {
			return src, fmt.Errorf("TEMPORAL_PROFILE=%s: no such profile in %s", src.name, src.file)
		}
	} else if vars["TEMPORAL_PROFILE"] != "" && src.name != envconfig.DefaultConfigFileProfile {
		return src, fmt.Errorf("TEMPORAL_PROFILE=%s: no config file to read it from (set TEMPORAL_CONFIG_FILE)", src.name)
	}
	if err := src.profile.ApplyEnvVars(lookup); err != nil {
		return src, fmt.Errorf("Temporal settings from the environment: %w", err)
	}
	src.applyLegacyTLS()
	return src, nil
}

// legacyTLS are the temporal CLI's older TLS variables; like the CLI, a
// non-empty one overrides the file and the newer variable.
var legacyTLS = []struct {
	name string
	set  func(t *envconfig.ClientConfigTLS, v string)
}{
	{"TEMPORAL_TLS_CERT", func(t *envconfig.ClientConfigTLS, v string) { t.ClientCertPath = v }},
	{"TEMPORAL_TLS_CERT_DATA", func(t *envconfig.ClientConfigTLS, v string) { t.ClientCertData = []byte(v) }},
	{"TEMPORAL_TLS_KEY", func(t *envconfig.ClientConfigTLS, v string) { t.ClientKeyPath = v }},
	{"TEMPORAL_TLS_KEY_DATA", func(t *envconfig.ClientConfigTLS, v string) { t.ClientKeyData = []byte(v) }},
	{"TEMPORAL_TLS_CA", func(t *envconfig.ClientConfigTLS, v string) { t.ServerCACertPath = v }},
	{"TEMPORAL_TLS_CA_DATA", func(t *envconfig.ClientConfigTLS, v string) { t.ServerCACertData = []byte(v) }},
}

func (s *profileSource) applyLegacyTLS() {
	for _, l := range legacyTLS {
		if v := s.vars[l.name]; v != "" {
			if s.profile.TLS == nil {
				s.profile.TLS = &envconfig.ClientConfigTLS{}
			}
			l.set(s.profile.TLS, v)
		}
	}
}

// tlsSetting is one PEM input of the TLS settings, given as a path or as
// data, by a variable, an older variable of the CLI or a profile key.
type tlsSetting struct {
	pathVar, pathLegacy, pathKey string
	dataVar, dataLegacy, dataKey string
}

var (
	clientCertSetting = tlsSetting{
		"TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CERT", "client_cert_path",
		"TEMPORAL_TLS_CLIENT_CERT_DATA", "TEMPORAL_TLS_CERT_DATA", "client_cert_data"}
	clientKeySetting = tlsSetting{
		"TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_KEY", "client_key_path",
		"TEMPORAL_TLS_CLIENT_KEY_DATA", "TEMPORAL_TLS_KEY_DATA", "client_key_data"}
	serverCASetting = tlsSetting{
		"TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_CA", "server_ca_cert_path",
		"TEMPORAL_TLS_SERVER_CA_CERT_DATA", "TEMPORAL_TLS_CA_DATA", "server_ca_cert_data"}
)

// label names a setting for messages: the variable that set it (the
// older one wins, as in the CLI), else the key of the profile; with its
// value, unless value is "" (data, which may be a private key, is never
// shown).
func (s *profileSource) label(name, legacy, key, value string) string {
	switch {
	case s.vars[legacy] != "":
		name = legacy
	case s.vars[name] != "":
	default:
		where := fmt.Sprintf(" (profile %q in %s)", s.name, s.file)
		if value == "" {
			return "tls." + key + where
		}
		return "tls." + key + "=" + value + where
	}
	if value == "" {
		return name
	}
	return name + "=" + value
}

// read returns the PEM bytes of setting, given as path or data, and its
// label; nil bytes when it is not given.
func (s *profileSource) read(setting tlsSetting, path string, data []byte) ([]byte, string, error) {
	switch {
	case path != "" && len(data) > 0:
		return nil, "", fmt.Errorf("%s and %s are both set: set one",
			s.label(setting.pathVar, setting.pathLegacy, setting.pathKey, path),
			s.label(setting.dataVar, setting.dataLegacy, setting.dataKey, ""))
	case path != "":
		name := s.label(setting.pathVar, setting.pathLegacy, setting.pathKey, path)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, name, fmt.Errorf("%s: %w", name, pathErr(err))
		}
		return b, name, nil
	case len(data) > 0:
		return data, s.label(setting.dataVar, setting.dataLegacy, setting.dataKey, ""), nil
	}
	return nil, "", nil
}

// loadTLSFiles reads the certificate files of t into its data fields, so
// that every failure names its origin, and checks that they parse. It
// leaves t for ToClientOptions to turn into a tls.Config.
func (s *profileSource) loadTLSFiles(t *envconfig.ClientConfigTLS) []error {
	var errs []error
	cert, certName, err := s.read(clientCertSetting, t.ClientCertPath, t.ClientCertData)
	errs = append(errs, err)
	key, keyName, err := s.read(clientKeySetting, t.ClientKeyPath, t.ClientKeyData)
	errs = append(errs, err)
	ca, caName, err := s.read(serverCASetting, t.ServerCACertPath, t.ServerCACertData)
	errs = append(errs, err)
	if errors.Join(errs...) != nil {
		return errs
	}
	switch {
	case cert != nil && key == nil:
		errs = append(errs, fmt.Errorf("%s: a client certificate needs its key: set %s too", certName, clientKeySetting.pathVar))
	case cert == nil && key != nil:
		errs = append(errs, fmt.Errorf("%s: a client key needs its certificate: set %s too", keyName, clientCertSetting.pathVar))
	case cert != nil:
		// crypto/tls's messages describe the input, never quote it.
		if _, err := tls.X509KeyPair(cert, key); err != nil {
			errs = append(errs, fmt.Errorf("%s with %s: not a client certificate and its key: %w", certName, keyName, err))
		}
		t.ClientCertPath, t.ClientKeyPath, t.ClientCertData, t.ClientKeyData = "", "", cert, key
	}
	if ca != nil {
		if !x509.NewCertPool().AppendCertsFromPEM(ca) {
			errs = append(errs, fmt.Errorf("%s: no PEM certificate in it", caName))
		}
		t.ServerCACertPath, t.ServerCACertData = "", ca
	}
	return errs
}

// pathErr drops the path from a file error, which the message names
// already.
func pathErr(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// envLookup is environ for envconfig, which otherwise reads the process's
// own environment.
type envLookup struct {
	environ []string
	vars    map[string]string
}

func (l envLookup) Environ() []string { return l.environ }

func (l envLookup) LookupEnv(key string) (string, bool) {
	v, ok := l.vars[key]
	return v, ok
}
