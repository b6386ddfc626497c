package composecheck

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/distribution/reference"
)

// The Temporal server version of the stack. It matches the server inside
// bin/temporal (CLI v1.5.1), which the integration tests run, so both paths
// exercise the same server. temporal, temporal-schema and
// temporal-admin-tools must agree on it: the admin tools carry the schema
// tools, the schema files and the CLI of one server release.
const temporalServerVersion = "1.29.1"

// wantServices is every service of the stack. oneShot services run to
// completion (exit 0) instead of serving; everything else is long-running.
var wantServices = []struct {
	name    string
	oneShot bool
	why     string
}{
	{"postgresql", false, "Temporal's persistence and visibility store"},
	{"temporal-schema", true, "creates and migrates Temporal's schema before the server starts"},
	{"temporal", false, "the Temporal server the worker polls"},
	{"temporal-admin-tools", true, "creates the namespace and registers the search attributes the workflows set"},
	{"temporal-ui", false, "the operators' view of runs"},
	{"worker", false, "runs DailyWorkflow, BackfillWorkflow and their activities"},
	{"prometheus", false, "scrapes every worker replica and the Temporal server (profile observability)"},
	{"grafana", false, "the dashboards (profile observability)"},
}

// healthcheckExceptions lists long-running services allowed to run without
// a healthcheck, each with the reason documented in docker-compose.yml.
// Empty: the worker image ships its own probe (Dockerfile, stage "probe").
var healthcheckExceptions = map[string]string{}

// wantSearchAttributes are the custom search attributes of docs/design.md; the
// admin job must register exactly these, with these types.
var wantSearchAttributes = map[string]string{
	"NbaGameDate":      "Keyword",
	"NbaRunKind":       "Keyword",
	"NbaFailedPlayers": "Int",
}

func TestComposeFileLoadsAndValidates(t *testing.T) {
	p := loadProject(t)
	if p.Name != "nbaflow" {
		t.Errorf("project name = %q, want nbaflow (volume and network names derive from it)", p.Name)
	}
	for _, volume := range []string{"postgresql-data", "warehouse-data", "prometheus-data", "grafana-data"} {
		if _, ok := p.Volumes[volume]; !ok {
			t.Errorf("named volume %q is not declared", volume)
		}
	}
}

func TestComposeDefinesEveryService(t *testing.T) {
	p := loadProject(t)
	for _, want := range wantServices {
		t.Run(want.name, func(t *testing.T) {
			if _, err := p.GetService(want.name); err != nil {
				t.Errorf("service %q (%s) is missing: %v", want.name, want.why, err)
			}
		})
	}
}

func TestTemporalImagesShareOneServerVersion(t *testing.T) {
	p := loadProject(t)
	tests := []struct {
		service, repo string
		tagOK         func(tag string) bool
	}{
		// The server image: its schema is the temporal-schema job's, never
		// migrated implicitly at start as auto-setup does.
		{"temporal", "docker.io/temporalio/server", func(tag string) bool {
			return tag == temporalServerVersion
		}},
		{"temporal-schema", "docker.io/temporalio/admin-tools", adminToolsTag},
		{"temporal-admin-tools", "docker.io/temporalio/admin-tools", adminToolsTag},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			image := service(t, p, tt.service).Image
			ref, err := reference.ParseNormalizedNamed(image)
			if err != nil {
				t.Fatal(err)
			}
			tagged, ok := ref.(reference.Tagged)
			if ref.Name() != tt.repo || !ok || !tt.tagOK(tagged.Tag()) {
				t.Errorf("image %q, want %s at server version %s", image, tt.repo, temporalServerVersion)
			}
		})
	}
}

// adminToolsTag accepts 1.29.1 or 1.29.1-tctl-1.18.4-cli-1.5.0.
func adminToolsTag(tag string) bool {
	return tag == temporalServerVersion || strings.HasPrefix(tag, temporalServerVersion+"-")
}

func TestWorkerBuildsFromTheDockerfile(t *testing.T) {
	w := service(t, loadProject(t), "worker")
	if w.Build == nil {
		t.Fatal("worker has no build section")
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Clean(w.Build.Context) != root {
		t.Errorf("build context = %q, want the repository root %q", w.Build.Context, root)
	}
	if w.Build.Dockerfile != "Dockerfile" {
		t.Errorf("build dockerfile = %q, want Dockerfile", w.Build.Dockerfile)
	}
	if _, err := os.Stat(filepath.Join(w.Build.Context, w.Build.Dockerfile)); err != nil {
		t.Errorf("the worker's Dockerfile is missing: %v", err)
	}
	if w.ContainerName != "" {
		t.Errorf("worker sets container_name %q, which makes --scale worker=N fail", w.ContainerName)
	}
	if w.Restart != "unless-stopped" {
		t.Errorf("worker restart = %q, want unless-stopped", w.Restart)
	}
}

func TestWorkerEnvironment(t *testing.T) {
	p := loadProject(t)
	w := service(t, p, "worker")

	tests := []struct {
		key   string
		check func(t *testing.T, value string)
	}{
		{"TEMPORAL_ADDRESS", func(t *testing.T, v string) {
			host, port, err := net.SplitHostPort(v)
			if err != nil {
				t.Fatalf("%q is not host:port: %v", v, err)
			}
			if host != "temporal" {
				t.Errorf("host %q, want the temporal service", host)
			}
			if port != "7233" {
				t.Errorf("port %q, want the frontend port 7233", port)
			}
		}},
		{"TEMPORAL_NAMESPACE", func(t *testing.T, v string) {
			// The namespace the admin job creates and registers the search
			// attributes in, and the UI opens, must be this one.
			others := []struct{ service, key string }{
				{"temporal-admin-tools", "NAMESPACE"},
				{"temporal-ui", "TEMPORAL_DEFAULT_NAMESPACE"},
			}
			for _, o := range others {
				if got, _ := env(service(t, p, o.service), o.key); got != v {
					t.Errorf("%s %s = %q, want the worker's namespace %q", o.service, o.key, got, v)
				}
			}
		}},
		{"TASK_QUEUE", func(t *testing.T, v string) {
			if v != "nba-analytics" {
				t.Errorf("%q, want nba-analytics (docs/design.md, workflows.DefaultTaskQueue)", v)
			}
		}},
		{"WAREHOUSE", func(t *testing.T, v string) {
			if v != "sqlite" {
				t.Errorf("default %q, want sqlite", v)
			}
		}},
		{"SQLITE_PATH", func(t *testing.T, v string) {
			// The file must live on a named volume, or a container restart
			// loses the warehouse and the replicas each get their own.
			for _, vol := range w.Volumes {
				if vol.Type == types.VolumeTypeVolume && strings.HasPrefix(v, strings.TrimSuffix(vol.Target, "/")+"/") {
					return
				}
			}
			t.Errorf("%q is not on a named volume of the worker", v)
		}},
		{"METRICS_ADDR", func(t *testing.T, v string) {
			_, port, err := net.SplitHostPort(v)
			if err != nil {
				t.Fatalf("%q is not [host]:port: %v", v, err)
			}
			for _, pc := range w.Ports {
				if strconv.Itoa(int(pc.Target)) == port {
					return
				}
			}
			t.Errorf("metrics port %s is not among the worker's ports %v", port, w.Ports)
		}},
		{"LOG_FORMAT", func(t *testing.T, v string) {
			if v != "json" {
				t.Errorf("%q, want json for log shippers", v)
			}
		}},
		{"LOG_LEVEL", func(t *testing.T, v string) {
			if v == "" {
				t.Error("empty; want a default level")
			}
		}},
		{"GOMEMLIMIT", func(t *testing.T, v string) {
			mib, err := strconv.ParseInt(strings.TrimSuffix(v, "MiB"), 10, 64)
			if err != nil || !strings.HasSuffix(v, "MiB") {
				t.Fatalf("%q is not a whole number of MiB", v)
			}
			if limit := int64(w.MemLimit); mib<<20 >= limit || mib<<20 < limit/2 {
				t.Errorf("%d MiB against mem_limit %d MiB: want a soft limit under the container's, near it", mib, limit>>20)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			v, listed := env(w, tt.key)
			if !listed {
				t.Fatalf("worker environment lacks %s", tt.key)
			}
			tt.check(t, v)
		})
	}

	// Knobs passed through from the operator's environment; unset, the
	// worker's own defaults (internal/config) apply.
	for _, key := range []string{
		"BIGQUERY_PROJECT", "BIGQUERY_LOCATION",
		"PLAYER_CHUNK_SIZE", "MAX_PARALLEL_CHUNKS", "ENABLE_PLAYER_PARALLELIZATION", "MAX_CONCURRENT_ACTIVITIES",
	} {
		t.Run(key, func(t *testing.T) {
			if _, listed := env(w, key); !listed {
				t.Errorf("worker environment lacks %s", key)
			}
		})
	}
}

// TestWorkerEnvironmentOverrides checks that the operator's settings reach
// the worker: production switches warehouse and tuning without editing YAML.
func TestWorkerEnvironmentOverrides(t *testing.T) {
	if r := service(t, loadProject(t), "worker").Deploy; r == nil || r.Replicas == nil || *r.Replicas != 1 {
		t.Errorf("default deploy.replicas = %v, want 1", r)
	}

	p := loadProject(t,
		"WAREHOUSE=bigquery",
		"BIGQUERY_PROJECT=nba-props-prod",
		"BIGQUERY_LOCATION=US",
		"PLAYER_CHUNK_SIZE=1",
		"MAX_PARALLEL_CHUNKS=50",
		"ENABLE_PLAYER_PARALLELIZATION=false",
		"MAX_CONCURRENT_ACTIVITIES=20",
		"LOG_LEVEL=debug",
		"WORKER_REPLICAS=3",
		"TEMPORAL_NAMESPACE=nba",
	)
	w := service(t, p, "worker")
	want := map[string]string{
		"WAREHOUSE":                     "bigquery",
		"BIGQUERY_PROJECT":              "nba-props-prod",
		"BIGQUERY_LOCATION":             "US",
		"PLAYER_CHUNK_SIZE":             "1",
		"MAX_PARALLEL_CHUNKS":           "50",
		"ENABLE_PLAYER_PARALLELIZATION": "false",
		"MAX_CONCURRENT_ACTIVITIES":     "20",
		"LOG_LEVEL":                     "debug",
		"TEMPORAL_NAMESPACE":            "nba",
	}
	for _, key := range sortedKeys(want) {
		if got, _ := env(w, key); got != want[key] {
			t.Errorf("%s = %q, want %q", key, got, want[key])
		}
	}
	if w.Deploy == nil || w.Deploy.Replicas == nil || *w.Deploy.Replicas != 3 {
		t.Errorf("WORKER_REPLICAS=3 gives deploy %+v, want 3 replicas", w.Deploy)
	}
	if got, _ := env(service(t, p, "temporal-admin-tools"), "NAMESPACE"); got != "nba" {
		t.Errorf("admin tools register search attributes in %q, want the worker's namespace nba", got)
	}
}

func TestServiceDependencies(t *testing.T) {
	p := loadProject(t)
	tests := []struct {
		service, dependsOn, condition, why string
	}{
		// postgresql healthy -> schema job done -> temporal healthy ->
		// namespace and search attributes done -> workers.
		{"temporal-schema", "postgresql", types.ServiceConditionHealthy, "it creates and migrates the databases"},
		{"temporal", "temporal-schema", types.ServiceConditionCompletedSuccessfully, "the server needs the current schema"},
		{"temporal", "postgresql", types.ServiceConditionHealthy, "the server connects at start"},
		{"temporal-admin-tools", "temporal", types.ServiceConditionHealthy, "it talks to the frontend"},
		{"worker", "temporal", types.ServiceConditionHealthy, "the worker dials Temporal at start"},
		{"worker", "temporal-admin-tools", types.ServiceConditionCompletedSuccessfully, "workflows need the namespace and set the search attributes"},
		{"temporal-ui", "temporal", types.ServiceConditionHealthy, "it proxies the frontend"},
		{"grafana", "prometheus", types.ServiceConditionHealthy, "its provisioned datasource"},
	}
	for _, tt := range tests {
		t.Run(tt.service+"->"+tt.dependsOn, func(t *testing.T) {
			dep, ok := service(t, p, tt.service).DependsOn[tt.dependsOn]
			if !ok {
				t.Fatalf("%s does not depend on %s (%s)", tt.service, tt.dependsOn, tt.why)
			}
			if dep.Condition != tt.condition {
				t.Errorf("condition %q, want %q (%s)", dep.Condition, tt.condition, tt.why)
			}
			if !dep.Required {
				t.Errorf("dependency is optional; want required")
			}
		})
	}
}

func TestLongRunningServicesHaveHealthchecks(t *testing.T) {
	p := loadProject(t)
	// A one-shot job is one that another service waits to complete.
	oneShot := map[string]bool{}
	for _, s := range p.Services {
		for name, dep := range s.DependsOn {
			if dep.Condition == types.ServiceConditionCompletedSuccessfully {
				oneShot[name] = true
			}
		}
	}
	for _, want := range wantServices {
		if oneShot[want.name] != want.oneShot {
			t.Errorf("%s: one-shot = %v, want %v (%s)", want.name, oneShot[want.name], want.oneShot, want.why)
		}
	}
	for _, name := range sortedKeys(p.Services) {
		s := p.Services[name]
		t.Run(name, func(t *testing.T) {
			if oneShot[name] {
				// Restarting a job after it exits 0 would rerun it forever.
				if s.Restart != types.RestartPolicyNo {
					t.Errorf("one-shot job has restart %q, want \"no\"", s.Restart)
				}
				return
			}
			if s.Restart != types.RestartPolicyUnlessStopped && s.Restart != types.RestartPolicyAlways {
				t.Errorf("restart = %q, want unless-stopped", s.Restart)
			}
			if reason, ok := healthcheckExceptions[name]; ok {
				t.Logf("no healthcheck, documented exception: %s", reason)
				return
			}
			hc := s.HealthCheck
			if hc == nil || hc.Disable || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
				t.Fatalf("no healthcheck: dependants cannot wait for it and `docker compose ps` cannot show it")
			}
			if hc.Test[0] != "CMD" && hc.Test[0] != "CMD-SHELL" {
				t.Errorf("healthcheck test %v does not start with CMD or CMD-SHELL", hc.Test)
			}
			if hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil {
				t.Errorf("healthcheck needs interval, timeout and retries, got %+v", hc)
			}
		})
	}
}

// TestWorkerHealthcheckProbeIsInTheImage ties the compose healthcheck to the
// binary the Dockerfile installs: distroless has nothing else to run.
func TestWorkerHealthcheckProbeIsInTheImage(t *testing.T) {
	hc := service(t, loadProject(t), "worker").HealthCheck
	if hc == nil || len(hc.Test) < 2 || hc.Test[0] != "CMD" {
		t.Fatalf("worker healthcheck %+v, want the exec form [CMD, probe, ...]: the image has no shell", hc)
	}
	final := finalStageCopies(t)
	if !final[hc.Test[1]] {
		t.Errorf("healthcheck runs %q, which the Dockerfile's final stage does not COPY (it copies %v)",
			hc.Test[1], sortedKeys(final))
	}
}

func TestPublishedPortsStayOnLoopback(t *testing.T) {
	p := loadProject(t)
	for _, name := range sortedKeys(p.Services) {
		for _, pc := range p.Services[name].Ports {
			// Temporal and its UI have no authentication here; PostgreSQL is
			// not published at all.
			if pc.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %d on %q; want 127.0.0.1 (no authentication in this stack)",
					name, pc.Target, pc.HostIP)
			}
		}
	}
	// The worker publishes metrics on an ephemeral host port, so replicas
	// never collide.
	for _, pc := range service(t, p, "worker").Ports {
		if pc.Published != "" {
			t.Errorf("worker publishes %d on fixed host port %s; --scale worker=N would collide", pc.Target, pc.Published)
		}
	}
	if ports := service(t, p, "postgresql").Ports; len(ports) != 0 {
		t.Errorf("postgresql publishes %v; only the temporal service needs it", ports)
	}
	published := map[string]uint32{"temporal": 7233, "temporal-ui": 8080, "prometheus": 9090, "grafana": 3000}
	for _, name := range sortedKeys(published) {
		found := false
		for _, pc := range service(t, p, name).Ports {
			found = found || pc.Target == published[name]
		}
		if !found {
			t.Errorf("%s does not publish port %d", name, published[name])
		}
	}
}

var searchAttributeFlags = regexp.MustCompile(`--name\s+(\w+)\s+--type\s+(\w+)`)

func TestAdminToolsRegisterTheSearchAttributes(t *testing.T) {
	admin := service(t, loadProject(t), "temporal-admin-tools")
	script := commandText(admin)
	if !strings.Contains(script, "temporal operator search-attribute create") {
		t.Fatalf("the admin job does not run `temporal operator search-attribute create`:\n%s", script)
	}
	got := map[string]string{}
	for _, m := range searchAttributeFlags.FindAllStringSubmatch(script, -1) {
		got[m[1]] = m[2]
	}
	for _, name := range sortedKeys(wantSearchAttributes) {
		if got[name] != wantSearchAttributes[name] {
			t.Errorf("search attribute %s registered as %q, want %q", name, got[name], wantSearchAttributes[name])
		}
	}
	for _, name := range sortedKeys(got) {
		if _, ok := wantSearchAttributes[name]; !ok {
			t.Errorf("unexpected search attribute %s=%s: SQL visibility has few slots per type", name, got[name])
		}
	}
	// The server image creates no namespace: the job creates it, with the
	// retention it is given.
	if !strings.Contains(script, `temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"`) {
		t.Errorf("the admin job does not create the namespace with its retention:\n%s", script)
	}
	if v, _ := env(admin, "RETENTION"); v != "168h" {
		t.Errorf("namespace retention %q by default, want 168h (docs/operations.md §1.2)", v)
	}
}

// TestSearchAttributesMatchTheCode keeps the compose registration and the
// workflows' declarations in step: a renamed or added attribute in Go must
// be registered here too, or runs fail on a fresh stack.
func TestSearchAttributesMatchTheCode(t *testing.T) {
	declared := declaredSearchAttributes(t)
	if len(declared) == 0 {
		t.Fatal("found no temporal.NewSearchAttributeKey* declarations in the application code; did they move?")
	}
	for _, name := range sortedKeys(declared) {
		if wantSearchAttributes[name] != declared[name] {
			t.Errorf("code declares %s as %s; compose registers %q", name, declared[name], wantSearchAttributes[name])
		}
	}
	for _, name := range sortedKeys(wantSearchAttributes) {
		if _, ok := declared[name]; !ok {
			t.Errorf("compose registers %s, which no code declares", name)
		}
	}
}

var searchAttributeKey = regexp.MustCompile(`NewSearchAttributeKey(KeywordList|Keyword|Int64|Float64|Bool|Time|String)\(\s*"([^"]+)"\s*\)`)

// indexedTypes maps the SDK's key constructors to the CLI's type names.
var indexedTypes = map[string]string{
	"Keyword": "Keyword", "KeywordList": "KeywordList", "Int64": "Int",
	"Float64": "Double", "Bool": "Bool", "Time": "Datetime", "String": "Text",
}

// declaredSearchAttributes scans the application's non-test Go files for
// custom search attribute keys. Temporal's own (TemporalScheduledStartTime
// and friends) need no registration and are skipped.
func declaredSearchAttributes(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	skipDirs := map[string]bool{".git": true, "bin": true, "tools": true, "testdata": true, ".data": true}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDirs[d.Name()] && path != repoRoot {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range searchAttributeKey.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasPrefix(m[2], "Temporal") {
				found[m[2]] = indexedTypes[m[1]]
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// secretKey matches environment variable names that carry credentials.
var secretKey = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)`)

// secretValue matches values that are credentials whatever their name:
// PEM private keys, a service-account JSON's private_key, AWS access key IDs
// and Google API keys.
var secretValue = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----|"private_key"|\bAKIA[0-9A-Z]{16}\b|\bAIza[0-9A-Za-z_\-]{35}\b`)

func TestNoCommittedSecrets(t *testing.T) {
	// As committed, every credential is a required variable, never a literal
	// or a default: TestComposeSecurity/credentials.

	// 1. As resolved: no value anywhere looks like a key.
	p := loadProject(t)
	for _, name := range sortedKeys(p.Services) {
		s := p.Services[name]
		for _, key := range sortedKeys(s.Environment) {
			if v := s.Environment[key]; v != nil && secretValue.MatchString(*v) {
				t.Errorf("%s %s holds what looks like a private key or access key", name, key)
			}
		}
		// Credentials files are mounted only on purpose (the commented
		// GOOGLE_APPLICATION_CREDENTIALS bind), never by default.
		for _, vol := range s.Volumes {
			src := strings.ToLower(vol.Source)
			if vol.Type == types.VolumeTypeBind && (strings.Contains(src, "cred") || strings.Contains(src, "secret") ||
				strings.HasSuffix(src, ".json") || strings.HasSuffix(src, ".pem") || strings.HasSuffix(src, ".key")) {
				t.Errorf("%s bind-mounts %q by default; credentials must be opt-in", name, vol.Source)
			}
		}
	}
	if _, listed := env(service(t, p, "worker"), "GOOGLE_APPLICATION_CREDENTIALS"); listed {
		t.Error("worker sets GOOGLE_APPLICATION_CREDENTIALS by default; keep it commented (opt-in) so the local stack needs no key")
	}

	// 2. Anywhere in the file, comments included.
	if secretValue.MatchString(readFile(t, "docker-compose.yml")) {
		t.Error("docker-compose.yml contains what looks like a private key or access key")
	}
}
