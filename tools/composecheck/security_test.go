package composecheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/distribution/reference"
)

// The security review's demands on docker-compose.yml (docs/security.md):
// no default credential, exact image versions, and every service hardened.
// Each is a check over one loaded compose document, run on the real file
// (TestComposeSecurity) and on mutated copies of it that each one must
// reject (TestSecurityChecksCatchMutations), so a check that can no longer
// fail is caught too.

// document is one compose file, loaded twice.
type document struct {
	raw     map[string]any // as committed, not interpolated: `${VAR:?...}` as written
	project *types.Project // as `docker compose` runs it
}

// A check returns one finding per problem, each naming the service.
type check struct {
	name string
	run  func(d document) []string
}

var securityChecks = []check{
	{"credentials", credentialProblems},
	{"images", imageProblems},
	{"hardening", hardeningProblems},
}

// ---------------------------------------------------------------------------
// Credentials

// requiredRef is a compose variable reference: ${NAME}, ${NAME:?message},
// ${NAME?message}, ${NAME:-default} or ${NAME-default}.
var requiredRef = regexp.MustCompile(`^\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}$`)

// databasePassword is the variable that every end of the PostgreSQL
// connections must read, or Temporal and its schema job cannot log in.
const databasePassword = "POSTGRES_PASSWORD"

var databasePasswordUsers = []struct{ service, key string }{
	{"postgresql", "POSTGRES_PASSWORD"},
	{"temporal-schema", "SQL_PASSWORD"},
	{"temporal", "POSTGRES_PWD"},
}

// grafanaPassword is Grafana's admin password: required, never the image's
// admin/admin.
const grafanaPassword = "GRAFANA_ADMIN_PASSWORD"

// credentialProblems: every credential in an environment is a required
// variable (`${VAR:?message}`: compose refuses to run without it) or the path
// of a Docker secret; never a literal, never a default, never a plain
// `${VAR}` that silently becomes an empty password.
func credentialProblems(d document) []string {
	var problems []string
	services, _ := d.raw["services"].(map[string]any)
	for _, name := range sortedKeys(services) {
		svc, _ := services[name].(map[string]any)
		envMap, _ := svc["environment"].(map[string]any)
		for _, key := range sortedKeys(envMap) {
			value, isString := envMap[key].(string)
			if !secretKey.MatchString(key) || !isString || strings.HasPrefix(value, "/run/secrets/") {
				continue // not a credential, passed through (`KEY:`), or a secret file
			}
			m := requiredRef.FindStringSubmatch(value)
			switch {
			case m == nil:
				problems = append(problems, fmt.Sprintf("%s %s = %q: a literal credential; require it with ${VAR:?message}", name, key, value))
			case (m[2] == "-" || m[2] == ":-") && m[3] == "":
				problems = append(problems, fmt.Sprintf("%s %s defaults to empty: require it with ${%s:?message}, or pass an optional one through with `%s:` and no value", name, key, m[1], key))
			case m[2] == "-" || m[2] == ":-":
				problems = append(problems, fmt.Sprintf("%s %s defaults to %q: a default credential is a known one; require it with ${%s:?message}", name, key, m[3], m[1]))
			case m[2] == "":
				problems = append(problems, fmt.Sprintf("%s %s = %s is not required: unset, it becomes an empty password; use ${%s:?message}", name, key, value, m[1]))
			}
		}
	}
	for _, u := range databasePasswordUsers {
		svc, _ := services[u.service].(map[string]any)
		envMap, _ := svc["environment"].(map[string]any)
		value, _ := envMap[u.key].(string)
		if m := requiredRef.FindStringSubmatch(value); m == nil || m[1] != databasePassword {
			problems = append(problems, fmt.Sprintf("%s %s = %q: the database, the schema job and Temporal must share ${%s:?...}", u.service, u.key, value, databasePassword))
		}
	}
	// Without GF_SECURITY_ADMIN_PASSWORD (or its __FILE form, a Docker
	// secret) Grafana starts with admin/admin.
	grafana, _ := services["grafana"].(map[string]any)
	grafanaEnv, _ := grafana["environment"].(map[string]any)
	if file, _ := grafanaEnv["GF_SECURITY_ADMIN_PASSWORD__FILE"].(string); !strings.HasPrefix(file, "/run/secrets/") {
		value, _ := grafanaEnv["GF_SECURITY_ADMIN_PASSWORD"].(string)
		if m := requiredRef.FindStringSubmatch(value); m == nil || m[1] != grafanaPassword || (m[2] != ":?" && m[2] != "?") {
			problems = append(problems, fmt.Sprintf("grafana GF_SECURITY_ADMIN_PASSWORD = %q: want ${%s:?message}, or GF_SECURITY_ADMIN_PASSWORD__FILE from a Docker secret", value, grafanaPassword))
		}
	}
	return problems
}

// ---------------------------------------------------------------------------
// Images

// versionParts is how many dot-separated numbers make one exact release of
// an image. PostgreSQL numbers releases major.minor since 10, so 16.13 is one
// release and 16 is a stream; everything else here is major.minor.patch.
var versionParts = map[string]int{"docker.io/library/postgres": 2}

const defaultVersionParts = 3

// tagVersion is the version a tag starts with (1.29.1 in
// 1.29.1-tctl-1.18.4-cli-1.5.0, 16.13 in 16.13-bookworm).
var tagVersion = regexp.MustCompile(`^v?(\d+(?:\.\d+)*)(?:[-+_].*)?$`)

var movingTags = map[string]bool{"latest": true, "stable": true, "main": true, "edge": true}

// imageProblems: a pulled image names an exact release or a digest; a
// locally built image names the tag its build gives it, never a moving one.
func imageProblems(d document) []string {
	var problems []string
	for _, name := range sortedKeys(d.project.Services) {
		s := d.project.Services[name]
		if s.Image == "" {
			problems = append(problems, name+": no image: a service must name its image (built services name their tag)")
			continue
		}
		ref, err := reference.ParseNormalizedNamed(s.Image)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: image %q does not parse: %v", name, s.Image, err))
			continue
		}
		if _, digested := ref.(reference.Digested); digested {
			continue // a digest pins the bytes
		}
		tagged, ok := ref.(reference.Tagged)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: image %q has no tag: it floats on latest", name, s.Image))
			continue
		}
		tag := tagged.Tag()
		if movingTags[tag] {
			problems = append(problems, fmt.Sprintf("%s: image %q uses the moving tag %q", name, s.Image, tag))
			continue
		}
		if s.Build != nil {
			continue
		}
		want, ok := versionParts[ref.Name()]
		if !ok {
			want = defaultVersionParts
		}
		m := tagVersion.FindStringSubmatch(tag)
		if m == nil || len(strings.Split(m[1], ".")) < want {
			problems = append(problems, fmt.Sprintf("%s: image %q: tag %q is not an exact release (%d version numbers) or a digest", name, s.Image, tag, want))
		}
	}
	return problems
}

// ---------------------------------------------------------------------------
// Hardening

// allowedCaps is, per service, each capability it may add back after
// dropping ALL, and why (docker-compose.yml says the same next to cap_add).
var allowedCaps = map[string]map[string]string{
	"postgresql": {
		"CHOWN":        "the entrypoint chowns $PGDATA and the socket directory to postgres",
		"DAC_OVERRIDE": "the entrypoint, as root, walks the postgres-owned 0700 $PGDATA",
		"FOWNER":       "the entrypoint chmods $PGDATA, which root does not own",
		"SETGID":       "gosu switches to the postgres group",
		"SETUID":       "gosu switches to the postgres user",
	},
}

// writableRoot lists services whose image cannot run on a read-only root
// filesystem, and why. Every other service must set read_only. Empty:
// temporal's entrypoint renders its config into a tmpfs, with the template
// mounted into it read-only.
var writableRoot = map[string]string{}

// imageUser records, for services that set no `user:`, whom their image runs
// as. A service missing here must set a non-root `user:`.
var imageUser = map[string]string{
	"postgresql":           "root until the entrypoint drops to postgres with gosu (hence its cap_add)",
	"temporal-schema":      "temporal (uid 1000), the image's USER",
	"temporal":             "temporal (uid 1000), the image's USER",
	"temporal-admin-tools": "temporal (uid 1000), the image's USER",
	"worker":               "uid 65532, the Dockerfile's USER (TestDockerfileFinalStageRunsAsNonRoot)",
	"prometheus":           "nobody (uid 65534), the image's USER",
	"grafana":              "grafana (uid 472), the image's USER",
}

// capability normalises a name the way Docker does: any case, CAP_ optional.
func capability(name string) string {
	return strings.TrimPrefix(strings.ToUpper(name), "CAP_")
}

// hardeningProblems: every service runs with no-new-privileges, all
// capabilities dropped but its allow-list, memory and pid limits, a read-only
// root filesystem unless its image needs a writable one, a non-root user
// unless its image drops root itself, and nothing of the host's.
func hardeningProblems(d document) []string {
	var problems []string
	for _, name := range sortedKeys(d.project.Services) {
		s := d.project.Services[name]
		report := func(format string, args ...any) {
			problems = append(problems, name+": "+fmt.Sprintf(format, args...))
		}

		noNewPrivileges := false
		for _, opt := range s.SecurityOpt {
			// Docker accepts no-new-privileges, no-new-privileges:true and
			// no-new-privileges=true; the last one given wins.
			if key, value, _ := strings.Cut(strings.Replace(opt, "=", ":", 1), ":"); key == "no-new-privileges" {
				noNewPrivileges = value == "" || value == "true"
			}
		}
		if !noNewPrivileges {
			report("security_opt lacks no-new-privileges:true (got %v)", s.SecurityOpt)
		}

		dropsAll := false
		for _, c := range s.CapDrop {
			dropsAll = dropsAll || capability(c) == "ALL"
		}
		if !dropsAll {
			report("cap_drop lacks ALL (got %v)", s.CapDrop)
		}
		for _, c := range s.CapAdd {
			if _, ok := allowedCaps[name][capability(c)]; !ok {
				report("cap_add %s is not in its allow-list %v", capability(c), sortedKeys(allowedCaps[name]))
			}
		}
		if s.Privileged {
			report("privileged: true undoes every other restriction")
		}
		for _, ns := range []struct{ key, mode string }{{"network_mode", s.NetworkMode}, {"pid", s.Pid}, {"ipc", s.Ipc}} {
			if ns.mode == "host" {
				report("%s: host shares the host's namespace", ns.key)
			}
		}
		for _, v := range s.Volumes {
			if strings.HasSuffix(v.Source, "docker.sock") {
				report("mounts %s: control of the Docker daemon is root on the host", v.Source)
			}
		}

		var limits types.Resource
		if s.Deploy != nil && s.Deploy.Resources.Limits != nil {
			limits = *s.Deploy.Resources.Limits
		}
		if s.MemLimit <= 0 && limits.MemoryBytes <= 0 {
			report("no memory limit (mem_limit or deploy.resources.limits.memory)")
		}
		if s.PidsLimit <= 0 && limits.Pids <= 0 {
			report("no pids limit (pids_limit or deploy.resources.limits.pids): a fork bomb or thread leak takes the host")
		}

		reason, needsWritable := writableRoot[name]
		switch {
		case !s.ReadOnly && !needsWritable:
			report("root filesystem is writable: set read_only: true with a tmpfs for what it writes, or record why not in writableRoot")
		case s.ReadOnly && needsWritable:
			report("read_only is set, yet writableRoot says it cannot be (%s): drop the stale entry", reason)
		}

		user, _, _ := strings.Cut(s.User, ":")
		switch {
		case user == "root" || user == "0":
			report("user %q is root", s.User)
		case user == "" && imageUser[name] == "":
			report("sets no user: and its image is not known to drop root: set a non-root user: or record the image's USER in imageUser")
		}
	}
	return problems
}

// ---------------------------------------------------------------------------
// Tests

func TestComposeSecurity(t *testing.T) {
	d := document{raw: loadRawModel(t), project: loadProject(t)}
	for _, c := range securityChecks {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range c.run(d) {
				t.Error(p)
			}
		})
	}
}

// TestDatabasePasswordIsRequired loads the real file the way every compose
// command does: without a password, or with an empty one, it must refuse and
// say where to look.
func TestDatabasePasswordIsRequired(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		ok   bool
	}{
		{"unset", nil, false},
		{"empty", []string{"POSTGRES_PASSWORD="}, false},
		{"set", []string{"POSTGRES_PASSWORD=s3cret-from-the-operator"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := loadProjectFile(composeFile, append([]string{grafanaPassword + "=" + testGrafanaPassword}, tt.env...))
			if !tt.ok {
				if err == nil {
					t.Fatal("docker-compose.yml loads without a database password")
				}
				if !strings.Contains(err.Error(), databasePassword) || !strings.Contains(err.Error(), "docs/security.md") {
					t.Errorf("error %q should name %s and point to docs/security.md", err, databasePassword)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range databasePasswordUsers {
				if got, _ := env(service(t, p, u.service), u.key); got != "s3cret-from-the-operator" {
					t.Errorf("%s %s = %q, want the operator's password", u.service, u.key, got)
				}
			}
		})
	}
	if _, err := os.Stat(repoPath("docs", "security.md")); err != nil {
		t.Errorf("the error message points to docs/security.md: %v", err)
	}
}

// TestGrafanaPasswordIsRequired: Grafana's admin password, like the
// database's, stops every compose command when unset or empty, with or
// without the observability profile (compose interpolates every service
// before it applies profiles), and reaches Grafana when set.
func TestGrafanaPasswordIsRequired(t *testing.T) {
	db := databasePassword + "=" + testPassword
	tests := []struct {
		name     string
		env      []string
		profiles []string
		ok       bool
	}{
		{"unset, no profile", []string{db}, nil, false},
		{"unset, observability", []string{db}, []string{"observability"}, false},
		{"empty", []string{db, grafanaPassword + "="}, []string{"observability"}, false},
		{"set", []string{db, grafanaPassword + "=s3cret-from-the-operator"}, []string{"observability"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := loadProjectProfiles(composeFile, tt.env, tt.profiles)
			if !tt.ok {
				if err == nil {
					t.Fatal("docker-compose.yml loads without a Grafana admin password")
				}
				if !strings.Contains(err.Error(), grafanaPassword) || !strings.Contains(err.Error(), "docs/security.md") {
					t.Errorf("error %q should name %s and point to docs/security.md", err, grafanaPassword)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := env(service(t, p, "grafana"), "GF_SECURITY_ADMIN_PASSWORD"); got != "s3cret-from-the-operator" {
				t.Errorf("grafana GF_SECURITY_ADMIN_PASSWORD = %q, want the operator's password", got)
			}
		})
	}
}

// TestEnvExampleStartsNothing: .env.example copied to .env unchanged must
// not start a stack with a known password.
func TestEnvExampleStartsNothing(t *testing.T) {
	vars, err := dotenv.Read(repoPath(".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{databasePassword, grafanaPassword} {
		if v, ok := vars[name]; !ok || v != "" {
			t.Errorf(".env.example sets %s=%q; list it, empty, so compose refuses to start until it is filled in", name, v)
		}
	}
	var envList []string
	for _, k := range sortedKeys(vars) {
		envList = append(envList, k+"="+vars[k])
	}
	if _, err := loadProjectFile(composeFile, envList); err == nil {
		t.Error("docker-compose.yml loads with .env.example as its .env")
	}
}

// rawService returns a service of a raw model, for mutating it.
func rawService(raw map[string]any, name string) map[string]any {
	services, _ := raw["services"].(map[string]any)
	svc, _ := services[name].(map[string]any)
	if svc == nil {
		panic("no service " + name) // the table below names a service the file lost
	}
	return svc
}

func setEnv(service, key, value string) func(map[string]any) {
	return func(raw map[string]any) {
		rawService(raw, service)["environment"].(map[string]any)[key] = value
	}
}

func set(service, key string, value any) func(map[string]any) {
	return func(raw map[string]any) { rawService(raw, service)[key] = value }
}

func unset(service, key string) func(map[string]any) {
	return func(raw map[string]any) { delete(rawService(raw, service), key) }
}

// TestSecurityChecksCatchMutations breaks the real file one way at a time,
// writes it out and loads it like the original: the named check must report
// the break, and no other check may. A mutation with an empty want is one
// the checks must accept.
func TestSecurityChecksCatchMutations(t *testing.T) {
	digest := "@sha256:" + strings.Repeat("ab", 32)
	tests := []struct {
		name   string
		mutate func(raw map[string]any)
		env    []string // beyond POSTGRES_PASSWORD
		check  string   // the check that must fail; "" for none
		want   string   // in its finding
	}{
		{name: "unchanged, written out and reloaded", mutate: func(map[string]any) {}},

		{"password with a default", setEnv("postgresql", "POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:-temporal}"), nil, "credentials", "defaults to"},
		{"temporal's password with a default", setEnv("temporal", "POSTGRES_PWD", "${POSTGRES_PASSWORD-temporal}"), nil, "credentials", "defaults to"},
		{"password optional", setEnv("postgresql", "POSTGRES_PASSWORD", "${POSTGRES_PASSWORD}"), nil, "credentials", "not required"},
		{"password empty by default", setEnv("postgresql", "POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:-}"), nil, "credentials", "defaults to empty"},
		{"literal password", setEnv("postgresql", "POSTGRES_PASSWORD", "temporal"), nil, "credentials", "literal"},
		{"temporal reads another variable", setEnv("temporal", "POSTGRES_PWD", "${TEMPORAL_DB_PASSWORD:?set it}"), []string{"TEMPORAL_DB_PASSWORD=x"}, "credentials", "must share"},
		{"schema job's password with a default", setEnv("temporal-schema", "SQL_PASSWORD", "${POSTGRES_PASSWORD:-temporal}"), nil, "credentials", "defaults to"},
		{"schema job reads another variable", setEnv("temporal-schema", "SQL_PASSWORD", "${SCHEMA_PASSWORD:?set it}"), []string{"SCHEMA_PASSWORD=x"}, "credentials", "must share"},
		{"grafana password with a default", setEnv("grafana", "GF_SECURITY_ADMIN_PASSWORD", "${GRAFANA_ADMIN_PASSWORD:-admin}"), nil, "credentials", "defaults to"},
		{"grafana literal password", setEnv("grafana", "GF_SECURITY_ADMIN_PASSWORD", "admin"), nil, "credentials", "literal"},
		{"grafana password optional", setEnv("grafana", "GF_SECURITY_ADMIN_PASSWORD", "${GRAFANA_ADMIN_PASSWORD}"), nil, "credentials", "not required"},
		{"grafana password dropped: the image's admin/admin", func(raw map[string]any) {
			delete(rawService(raw, "grafana")["environment"].(map[string]any), "GF_SECURITY_ADMIN_PASSWORD")
		}, nil, "credentials", "GF_SECURITY_ADMIN_PASSWORD"},
		{"grafana password from a Docker secret", func(raw map[string]any) {
			env := rawService(raw, "grafana")["environment"].(map[string]any)
			delete(env, "GF_SECURITY_ADMIN_PASSWORD")
			env["GF_SECURITY_ADMIN_PASSWORD__FILE"] = "/run/secrets/grafana_admin_password"
		}, nil, "", ""},
		{"password from a Docker secret", setEnv("postgresql", "POSTGRES_PASSWORD_FILE", "/run/secrets/postgres_password"), nil, "", ""},

		{"latest", set("postgresql", "image", "postgres:latest"), nil, "images", "moving tag"},
		{"no tag", set("postgresql", "image", "postgres"), nil, "images", "no tag"},
		{"major only", set("postgresql", "image", "postgres:16"), nil, "images", "not an exact release"},
		{"major and OS only", set("postgresql", "image", "postgres:16-bookworm"), nil, "images", "not an exact release"},
		{"minor only where releases are patches", set("temporal-ui", "image", "temporalio/ui:2.42"), nil, "images", "not an exact release"},
		{"prometheus major only", set("prometheus", "image", "prom/prometheus:v3"), nil, "images", "not an exact release"},
		{"grafana on latest", set("grafana", "image", "grafana/grafana:latest"), nil, "images", "moving tag"},
		{"grafana major and minor only", set("grafana", "image", "grafana/grafana:12.4"), nil, "images", "not an exact release"},
		{"built image on latest", set("worker", "image", "nbaflow-worker:latest"), nil, "images", "moving tag"},
		{"digest without a tag", set("postgresql", "image", "postgres"+digest), nil, "", ""},

		{"no security_opt", unset("temporal-ui", "security_opt"), nil, "hardening", "no-new-privileges"},
		{"no-new-privileges off", set("temporal", "security_opt", []any{"no-new-privileges:false"}), nil, "hardening", "no-new-privileges"},
		{"no cap_drop", unset("temporal-admin-tools", "cap_drop"), nil, "hardening", "cap_drop lacks ALL"},
		{"cap_drop in lower case", set("temporal-admin-tools", "cap_drop", []any{"all"}), nil, "", ""},
		{"capability outside the allow-list", set("temporal-ui", "cap_add", []any{"NET_ADMIN"}), nil, "hardening", "cap_add NET_ADMIN"},
		{"postgres adds one too many", set("postgresql", "cap_add", []any{"CHOWN", "SYS_ADMIN"}), nil, "hardening", "cap_add SYS_ADMIN"},
		{"CAP_ prefix is the same capability", set("worker", "cap_add", []any{"cap_chown"}), nil, "hardening", "cap_add CHOWN"},
		{"privileged", set("worker", "privileged", true), nil, "hardening", "privileged"},
		{"host pid namespace", set("temporal", "pid", "host"), nil, "hardening", "pid: host"},
		{"no memory limit", unset("postgresql", "mem_limit"), nil, "hardening", "no memory limit"},
		{"limits under deploy instead", func(raw map[string]any) {
			unset("postgresql", "mem_limit")(raw)
			unset("postgresql", "pids_limit")(raw)
			set("postgresql", "deploy", map[string]any{"resources": map[string]any{"limits": map[string]any{"memory": "1g", "pids": 256}}})(raw)
		}, nil, "", ""},
		{"no pids limit", unset("worker", "pids_limit"), nil, "hardening", "no pids limit"},
		{"unlimited pids", set("temporal", "pids_limit", -1), nil, "hardening", "no pids limit"},
		{"writable root", set("temporal-ui", "read_only", false), nil, "hardening", "root filesystem is writable"},
		{"temporal back to a writable root", set("temporal", "read_only", false), nil, "hardening", "root filesystem is writable"},
		{"prometheus writable root", unset("prometheus", "read_only"), nil, "hardening", "root filesystem is writable"},
		{"grafana without no-new-privileges", unset("grafana", "security_opt"), nil, "hardening", "no-new-privileges"},
		{"grafana keeps capabilities", unset("grafana", "cap_drop"), nil, "hardening", "cap_drop lacks ALL"},
		{"grafana as root", set("grafana", "user", "root"), nil, "hardening", "is root"},
		{"prometheus without a memory limit", unset("prometheus", "mem_limit"), nil, "hardening", "no memory limit"},
		{"prometheus without a pids limit", unset("prometheus", "pids_limit"), nil, "hardening", "no pids limit"},
		{"UI back to the image's root", unset("temporal-ui", "user"), nil, "hardening", "sets no user"},
		{"root user", set("temporal-ui", "user", "0:0"), nil, "hardening", "is root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := loadRawModel(t)
			tt.mutate(raw)
			d := loadMutated(t, raw, tt.env)
			for _, c := range securityChecks {
				problems := c.run(d)
				if c.name != tt.check {
					for _, p := range problems {
						t.Errorf("check %s: unexpected finding: %s", c.name, p)
					}
					continue
				}
				if !containsSubstring(problems, tt.want) {
					t.Errorf("check %s missed it: want a finding with %q, got %q", c.name, tt.want, problems)
				}
			}
		})
	}
}

// TestStaleWritableRootException: an exception in writableRoot for a
// service that does run read-only is stale, and reported.
func TestStaleWritableRootException(t *testing.T) {
	writableRoot["temporal"] = "a reason that no longer holds"
	defer delete(writableRoot, "temporal")
	d := document{raw: loadRawModel(t), project: loadProject(t)}
	if problems := hardeningProblems(d); !containsSubstring(problems, "stale") {
		t.Errorf("no stale-exception finding for temporal: %q", problems)
	}
}

// loadMutated writes a raw model out (JSON is YAML) and loads it back as a
// document, exactly as the real file is loaded.
func loadMutated(t *testing.T, raw map[string]any, extraEnv []string) document {
	t.Helper()
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "docker-compose.yml")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	reloaded, err := loadRawModelFile(path)
	if err != nil {
		t.Fatalf("mutated file does not load without interpolation: %v", err)
	}
	p, err := loadProjectFile(path, append(append([]string{}, requiredEnv...), extraEnv...))
	if err != nil {
		t.Fatalf("mutated file does not load: %v", err)
	}
	return document{raw: reloaded, project: p}
}

func containsSubstring(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
