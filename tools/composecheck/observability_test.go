package composecheck

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	promconfig "github.com/prometheus/prometheus/config"
	"github.com/prometheus/prometheus/discovery"
	"github.com/prometheus/prometheus/discovery/dns"
	"github.com/prometheus/prometheus/promql/parser"
	"gopkg.in/yaml.v2"
)

// The observability profile: Prometheus and Grafana, their configuration
// under deploy/, and the dashboards. These tests load the Prometheus config
// with Prometheus's own loader and parse every dashboard and alert query
// with Prometheus's own PromQL parser, from the Go module of the release the
// image runs (prom/prometheus v3.5.5 is module v0.305.5). That every metric
// a query names is one a process really exports is checked against a scrape
// of a real run: worker/dashboards_test.go.

const (
	observabilityProfile = "observability"
	prometheusConfigFile = "deploy/prometheus/prometheus.yml"
	grafanaDatasources   = "deploy/grafana/provisioning/datasources/prometheus.yml"
	grafanaProviders     = "deploy/grafana/provisioning/dashboards/nbaflow.yml"
	dashboardsDir        = "deploy/grafana/dashboards"
	temporalTemplate     = "deploy/temporal/config_template.yaml"
	temporalDynamic      = "deploy/temporal/dynamicconfig.yaml"
	workerJob            = "nbaflow-worker"
	serverJob            = "temporal-server"
)

// temporalTemplateBlob is the git blob of docker/config_template.yaml at
// tag v1.29.1 of temporalio/temporal, the template the temporalio/server
// 1.29.1 image copies to /etc/temporal/config/config_template.yaml.
const temporalTemplateBlob = "fd88fce01413294b4f4ecc4b8b1434527f3487d9"

// TestObservabilityProfile: plain `docker compose up` starts the stack
// without Prometheus and Grafana, and nothing in it needs them;
// `--profile observability` adds both.
func TestObservabilityProfile(t *testing.T) {
	observability := []string{"prometheus", "grafana"}
	base, err := loadProjectProfiles(composeFile, requiredEnv, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range observability {
		if _, ok := base.Services[name]; ok {
			t.Errorf("%s starts without the %s profile", name, observabilityProfile)
		}
		if _, ok := base.DisabledServices[name]; !ok {
			t.Errorf("%s is not a disabled service without the profile", name)
		}
	}
	for _, name := range sortedKeys(base.Services) {
		for dep := range base.Services[name].DependsOn {
			if slices.Contains(observability, dep) {
				t.Errorf("%s depends on %s, which only the %s profile starts", name, dep, observabilityProfile)
			}
		}
	}
	with, err := loadProjectProfiles(composeFile, requiredEnv, []string{observabilityProfile})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range wantServices {
		if _, ok := with.Services[want.name]; !ok {
			t.Errorf("%s does not start with --profile %s", want.name, observabilityProfile)
		}
	}
	for _, name := range observability {
		if got := with.Services[name].Profiles; !slices.Equal(got, []string{observabilityProfile}) {
			t.Errorf("%s profiles %v, want [%s]", name, got, observabilityProfile)
		}
	}
}

// loadPrometheusConfig loads deploy/prometheus/prometheus.yml as Prometheus
// does at start (and on reload): unknown fields, bad durations, duplicate
// jobs and bad targets are errors.
func loadPrometheusConfig(t *testing.T) *promconfig.Config {
	t.Helper()
	cfg, err := promconfig.LoadFile(repoPath(prometheusConfigFile), false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("%s does not load: %v", prometheusConfigFile, err)
	}
	return cfg
}

func scrapeJob(t *testing.T, cfg *promconfig.Config, name string) *promconfig.ScrapeConfig {
	t.Helper()
	for _, sc := range cfg.ScrapeConfigs {
		if sc.JobName == name {
			return sc
		}
	}
	t.Fatalf("%s has no scrape job %q", prometheusConfigFile, name)
	return nil
}

// TestPrometheusConfig: the config loads, and its targets are the compose
// services at the ports they serve metrics on: every worker replica by DNS
// (A records of the service name, so --scale needs no change) at
// METRICS_ADDR's port, the Temporal server at PROMETHEUS_ENDPOINT's.
func TestPrometheusConfig(t *testing.T) {
	cfg := loadPrometheusConfig(t)
	p := loadProject(t)

	worker := scrapeJob(t, cfg, workerJob)
	if worker.MetricsPath != "/metrics" {
		t.Errorf("%s metrics_path %q, want /metrics (internal/metrics.Path)", workerJob, worker.MetricsPath)
	}
	metricsAddr, _ := env(service(t, p, "worker"), "METRICS_ADDR")
	_, workerPort, err := net.SplitHostPort(metricsAddr)
	if err != nil {
		t.Fatalf("worker METRICS_ADDR %q: %v", metricsAddr, err)
	}
	if len(worker.ServiceDiscoveryConfigs) != 1 {
		t.Fatalf("%s has %d discovery configs, want one dns_sd_config", workerJob, len(worker.ServiceDiscoveryConfigs))
	}
	sd, ok := worker.ServiceDiscoveryConfigs[0].(*dns.SDConfig)
	if !ok {
		t.Fatalf("%s discovers targets with %T, want dns_sd_configs (every replica)", workerJob, worker.ServiceDiscoveryConfigs[0])
	}
	if !slices.Equal(sd.Names, []string{"worker"}) || sd.Type != "A" || strconv.Itoa(sd.Port) != workerPort {
		t.Errorf("%s dns_sd_config names %v type %s port %d, want [worker] A %s", workerJob, sd.Names, sd.Type, sd.Port, workerPort)
	}
	if w := service(t, p, "worker"); w.ContainerName != "" {
		t.Errorf("worker has container_name %q: DNS would not list replicas", w.ContainerName)
	}

	server := scrapeJob(t, cfg, serverJob)
	endpoint, _ := env(service(t, p, "temporal"), "PROMETHEUS_ENDPOINT")
	_, serverPort, err := net.SplitHostPort(endpoint)
	if err != nil {
		t.Fatalf("temporal PROMETHEUS_ENDPOINT %q: %v", endpoint, err)
	}
	if got := staticTargets(server.ServiceDiscoveryConfigs); !slices.Equal(got, []string{"temporal:" + serverPort}) {
		t.Errorf("%s targets %v, want [temporal:%s] (temporal's PROMETHEUS_ENDPOINT)", serverJob, got, serverPort)
	}
	if !slices.Contains(service(t, p, "temporal").Expose, serverPort) {
		t.Errorf("temporal does not expose its metrics port %s", serverPort)
	}

	prom := service(t, p, "prometheus")
	target := mountTarget(t, prom, prometheusConfigFile)
	if !slices.Contains(prom.Command, "--config.file="+target) {
		t.Errorf("prometheus command %q does not read the mounted config %s", prom.Command, target)
	}
	if !slices.Contains(prom.Command, "--web.listen-address=:9090") {
		t.Errorf("prometheus command %q: want --web.listen-address=:9090, the port the datasource and the healthcheck use", prom.Command)
	}
}

func staticTargets(cfgs discovery.Configs) []string {
	var out []string
	for _, c := range cfgs {
		static, ok := c.(discovery.StaticConfig)
		if !ok {
			continue
		}
		for _, g := range static {
			for _, tg := range g.Targets {
				for _, v := range tg {
					out = append(out, string(v))
				}
			}
		}
	}
	return out
}

// mountTarget returns where a service mounts a file or directory of this
// repository, which must be read-only.
func mountTarget(t *testing.T, s types.ServiceConfig, repoRel string) string {
	t.Helper()
	want, err := filepath.Abs(repoPath(repoRel))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range s.Volumes {
		if v.Type == types.VolumeTypeBind && filepath.Clean(v.Source) == want {
			if !v.ReadOnly {
				t.Errorf("%s mounts %s writable; want :ro", s.Name, repoRel)
			}
			return v.Target
		}
	}
	t.Fatalf("%s does not mount %s", s.Name, repoRel)
	return ""
}

// TestBindMountsExistAndAreReadOnly: every file or directory a service
// mounts from this repository exists (Docker would otherwise create an
// empty directory in its place) and is mounted read-only.
func TestBindMountsExistAndAreReadOnly(t *testing.T) {
	p := loadProject(t)
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedKeys(p.Services) {
		for _, v := range p.Services[name].Volumes {
			if v.Type != types.VolumeTypeBind || !strings.HasPrefix(v.Source, root+string(filepath.Separator)) {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("%s mounts %s, which does not exist: %v", name, v.Source, err)
			}
			if !v.ReadOnly {
				t.Errorf("%s mounts %s writable; the repository's files are configuration: mount them :ro", name, v.Source)
			}
		}
	}
}

// grafanaDatasource is the provisioned datasource the dashboards query.
type grafanaDatasource struct {
	Name      string `yaml:"name"`
	UID       string `yaml:"uid"`
	Type      string `yaml:"type"`
	Access    string `yaml:"access"`
	URL       string `yaml:"url"`
	IsDefault bool   `yaml:"isDefault"`
	Editable  bool   `yaml:"editable"`
	JSONData  struct {
		TimeInterval string `yaml:"timeInterval"`
		HTTPMethod   string `yaml:"httpMethod"`
	} `yaml:"jsonData"`
}

func loadDatasource(t *testing.T) grafanaDatasource {
	t.Helper()
	var f struct {
		APIVersion  int                 `yaml:"apiVersion"`
		Datasources []grafanaDatasource `yaml:"datasources"`
	}
	if err := yaml.UnmarshalStrict([]byte(readFile(t, grafanaDatasources)), &f); err != nil {
		t.Fatalf("%s: %v", grafanaDatasources, err)
	}
	if f.APIVersion != 1 || len(f.Datasources) != 1 {
		t.Fatalf("%s: apiVersion %d with %d datasources, want 1 and one", grafanaDatasources, f.APIVersion, len(f.Datasources))
	}
	return f.Datasources[0]
}

// TestGrafanaProvisioning: Grafana gets the stack's Prometheus as its
// default datasource, under the uid the dashboards name, and loads the
// dashboards from where compose mounts them.
func TestGrafanaProvisioning(t *testing.T) {
	p := loadProject(t)
	g := service(t, p, "grafana")
	ds := loadDatasource(t)
	u, err := url.Parse(ds.URL)
	if err != nil {
		t.Fatalf("datasource url %q: %v", ds.URL, err)
	}
	if ds.Type != "prometheus" || ds.UID == "" || !ds.IsDefault || ds.Access != "proxy" {
		t.Errorf("datasource %+v: want type prometheus, a fixed uid, the default, proxied by the server", ds)
	}
	if u.Hostname() != "prometheus" || u.Port() != "9090" {
		t.Errorf("datasource url %q, want the prometheus service on 9090", ds.URL)
	}
	if _, ok := g.DependsOn["prometheus"]; !ok {
		t.Error("grafana does not depend on prometheus")
	}
	cfg := loadPrometheusConfig(t)
	if ds.JSONData.TimeInterval != cfg.GlobalConfig.ScrapeInterval.String() {
		t.Errorf("datasource timeInterval %q, Prometheus scrapes every %s: $__rate_interval would be wrong",
			ds.JSONData.TimeInterval, cfg.GlobalConfig.ScrapeInterval)
	}

	provisioning := mountTarget(t, g, "deploy/grafana/provisioning")
	if provisioning != "/etc/grafana/provisioning" {
		t.Errorf("provisioning mounted at %s, want /etc/grafana/provisioning (GF_PATHS_PROVISIONING of the image)", provisioning)
	}
	dashboards := mountTarget(t, g, dashboardsDir)
	var providers struct {
		APIVersion int `yaml:"apiVersion"`
		Providers  []struct {
			Name    string `yaml:"name"`
			OrgID   int    `yaml:"orgId"`
			Folder  string `yaml:"folder"`
			Type    string `yaml:"type"`
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, grafanaProviders)), &providers); err != nil {
		t.Fatalf("%s: %v", grafanaProviders, err)
	}
	if providers.APIVersion != 1 || len(providers.Providers) != 1 || providers.Providers[0].Type != "file" ||
		providers.Providers[0].Options.Path != dashboards {
		t.Errorf("%s: %+v; want one file provider reading %s, where compose mounts %s", grafanaProviders, providers, dashboards, dashboardsDir)
	}
	home, _ := env(g, "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
	if rel, ok := strings.CutPrefix(home, dashboards+"/"); !ok {
		t.Errorf("home dashboard %q is not in %s", home, dashboards)
	} else if _, err := os.Stat(repoPath(dashboardsDir, rel)); err != nil {
		t.Errorf("home dashboard: %v", err)
	}
	if v, _ := env(g, "GF_AUTH_ANONYMOUS_ENABLED"); v != "false" {
		t.Errorf("grafana GF_AUTH_ANONYMOUS_ENABLED = %q, want false", v)
	}
}

// dashboard is the part of a Grafana dashboard JSON these checks read.
type dashboard struct {
	UID    string  `json:"uid"`
	Title  string  `json:"title"`
	Panels []panel `json:"panels"`
}

type panel struct {
	ID         int         `json:"id"`
	Type       string      `json:"type"`
	Title      string      `json:"title"`
	Datasource *datasource `json:"datasource"`
	GridPos    struct {
		H, W, X, Y int
	} `json:"gridPos"`
	Targets []struct {
		RefID      string      `json:"refId"`
		Datasource *datasource `json:"datasource"`
		Expr       string      `json:"expr"`
	} `json:"targets"`
	Panels []panel `json:"panels"` // a collapsed row's
}

type datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

func loadDashboards(t *testing.T) map[string]dashboard {
	t.Helper()
	files, err := filepath.Glob(repoPath(dashboardsDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards in %s: %v", dashboardsDir, err)
	}
	out := map[string]dashboard{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d dashboard
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = d
	}
	return out
}

// grafanaVariables are the variables Grafana substitutes before a query
// reaches Prometheus, with a value of the right kind for the parser.
var grafanaVariables = strings.NewReplacer("$__rate_interval", "1m", "$__interval", "1m", "$__range", "1h")

// parsePromQL parses an expression with Prometheus's parser and returns the
// metric names its selectors name, and the values of its job matchers.
func parsePromQL(expr string) (names, jobs []string, err error) {
	e, err := parser.ParseExpr(grafanaVariables.Replace(expr))
	if err != nil {
		return nil, nil, err
	}
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		vs, ok := n.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		if vs.Name == "" {
			err = fmt.Errorf("a selector without a metric name: %s", vs)
		}
		names = append(names, vs.Name)
		for _, m := range vs.LabelMatchers {
			if m.Name == "job" {
				jobs = append(jobs, m.Value)
			}
		}
		return nil
	})
	return names, jobs, err
}

// TestDashboards: every dashboard parses, has a uid and a title; every
// panel has a unique id, a place on the 24-column grid and the provisioned
// Prometheus datasource; every target has an expression that Prometheus's
// parser accepts, and the jobs it selects are scrape jobs. Together, the
// dashboards show what the issue asks for.
func TestDashboards(t *testing.T) {
	ds := loadDatasource(t)
	cfg := loadPrometheusConfig(t)
	jobs := map[string]bool{}
	for _, sc := range cfg.ScrapeConfigs {
		jobs[sc.JobName] = true
	}
	uids := map[string]string{}
	queried := map[string]bool{}
	targets := 0
	for file, d := range loadDashboards(t) {
		if d.UID == "" || d.Title == "" {
			t.Errorf("%s: uid %q title %q, want both", file, d.UID, d.Title)
		}
		if other, dup := uids[d.UID]; dup {
			t.Errorf("%s and %s share the uid %s", file, other, d.UID)
		}
		uids[d.UID] = file
		ids := map[int]bool{}
		var walk func(ps []panel)
		walk = func(ps []panel) {
			for _, p := range ps {
				where := fmt.Sprintf("%s panel %d %q", file, p.ID, p.Title)
				if ids[p.ID] || p.ID == 0 {
					t.Errorf("%s: id missing or not unique", where)
				}
				ids[p.ID] = true
				if p.GridPos.W <= 0 || p.GridPos.H <= 0 || p.GridPos.X < 0 || p.GridPos.X+p.GridPos.W > 24 {
					t.Errorf("%s: gridPos %+v is off the 24-column grid", where, p.GridPos)
				}
				if p.Type == "row" {
					walk(p.Panels)
					continue
				}
				if p.Datasource == nil || p.Datasource.Type != "prometheus" || p.Datasource.UID != ds.UID {
					t.Errorf("%s: datasource %+v, want the provisioned {prometheus %s}", where, p.Datasource, ds.UID)
				}
				if len(p.Targets) == 0 {
					t.Errorf("%s: no targets", where)
				}
				refs := map[string]bool{}
				for _, tg := range p.Targets {
					targets++
					if tg.RefID == "" || refs[tg.RefID] {
						t.Errorf("%s: refId %q missing or repeated", where, tg.RefID)
					}
					refs[tg.RefID] = true
					if tg.Datasource == nil || tg.Datasource.UID != ds.UID {
						t.Errorf("%s target %s: datasource %+v, want uid %s", where, tg.RefID, tg.Datasource, ds.UID)
					}
					if strings.TrimSpace(tg.Expr) == "" {
						t.Errorf("%s target %s: no expression", where, tg.RefID)
						continue
					}
					names, selected, err := parsePromQL(tg.Expr)
					if err != nil {
						t.Errorf("%s target %s: %q does not parse: %v", where, tg.RefID, tg.Expr, err)
					}
					for _, n := range names {
						queried[n] = true
					}
					for _, j := range selected {
						if !jobs[j] {
							t.Errorf("%s target %s: job %q is no scrape job of %s", where, tg.RefID, j, prometheusConfigFile)
						}
					}
				}
			}
		}
		walk(d.Panels)
	}
	if targets < 30 {
		t.Errorf("only %d targets in all dashboards", targets)
	}
	// Issue 14: SDK latencies, slots, nbaflow's players, chunks, commits,
	// and the dates behind schedule.
	for _, want := range []string{
		"temporal_workflow_endtoend_latency_seconds_bucket",
		"temporal_activity_execution_latency_seconds_bucket",
		"temporal_activity_schedule_to_start_latency_seconds_bucket",
		"temporal_worker_task_slots_available",
		"temporal_worker_task_slots_used",
		"nbaflow_players_processed_total",
		"nbaflow_players_failed_total",
		"nbaflow_chunk_duration_seconds_bucket",
		"nbaflow_commit_duration_seconds_bucket",
		"nbaflow_schedule_missed_nights",
		"nbaflow_schedule_missed_actions",
		"nbaflow_schedule_skipped_actions",
	} {
		if !queried[want] {
			t.Errorf("no dashboard queries %s", want)
		}
	}
}

// alertQueries returns the PromQL code spans of the condition column of
// docs/operations.md §8.2 (commands and words are left out), as
// worker/dashboards_test.go reads them.
func alertQueries(t *testing.T) map[string]string {
	t.Helper()
	doc := readFile(t, "docs", "operations.md")
	start := strings.Index(doc, "### 8.2 Alerts")
	if start < 0 {
		t.Fatal("docs/operations.md has no section '### 8.2 Alerts'")
	}
	section := doc[start:]
	if end := strings.Index(section[1:], "\n#"); end >= 0 {
		section = section[:end+1]
	}
	span := regexp.MustCompile("`([^`]*)`")
	out := map[string]string{}
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		// Pipes inside code spans are PromQL (a|b), not cell borders.
		masked := span.ReplaceAllStringFunc(line, func(s string) string { return strings.ReplaceAll(s, "|", "\x00") })
		cells := strings.Split(masked, "|")
		if len(cells) < 4 || strings.HasPrefix(strings.TrimSpace(cells[2]), "---") {
			continue
		}
		alert := strings.TrimSpace(cells[1])
		for _, m := range span.FindAllStringSubmatch(strings.ReplaceAll(cells[2], "\x00", "|"), -1) {
			first, _, _ := strings.Cut(m[1], " ")
			if first == "temporal" || first == "nbaflow" || first == "docker" || !strings.ContainsAny(m[1], "({[") {
				continue
			}
			out[m[1]] = alert
		}
	}
	if len(out) == 0 {
		t.Fatal("no PromQL in the §8.2 alert table")
	}
	return out
}

// TestAlertQueriesParse: the alert conditions of docs/operations.md §8.2
// are PromQL that Prometheus accepts, on jobs it scrapes.
func TestAlertQueriesParse(t *testing.T) {
	cfg := loadPrometheusConfig(t)
	jobs := map[string]bool{}
	for _, sc := range cfg.ScrapeConfigs {
		jobs[sc.JobName] = true
	}
	queries := alertQueries(t)
	for expr, alert := range queries {
		_, selected, err := parsePromQL(expr)
		if err != nil {
			t.Errorf("alert %q: %q does not parse: %v", alert, expr, err)
		}
		for _, j := range selected {
			if !jobs[j] {
				t.Errorf("alert %q: job %q is no scrape job of %s", alert, j, prometheusConfigFile)
			}
		}
	}
	if len(queries) < 8 {
		t.Errorf("found %d PromQL alert conditions in §8.2, want at least 8: %v", len(queries), queries)
	}
}

// gitBlobHash is the object id git gives a file's content.
func gitBlobHash(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// envRef matches a variable the Temporal config template reads.
var envRef = regexp.MustCompile(`\.Env\.([A-Z0-9_]+)`)

// TestTemporalServerConfig: the server runs the image's own config template
// (unchanged, so that the image's documentation of its variables holds),
// mounted read-only into the tmpfs where the entrypoint renders it; every
// variable compose sets on the server is one the template or the
// entrypoint reads, so none is silently ignored; and the dynamic config
// parses as the server reads it.
func TestTemporalServerConfig(t *testing.T) {
	b, err := os.ReadFile(repoPath(temporalTemplate))
	if err != nil {
		t.Fatal(err)
	}
	if got := gitBlobHash(b); got != temporalTemplateBlob {
		t.Errorf("%s has blob %s, want %s (temporalio/temporal v1.29.1 docker/config_template.yaml): do not edit it, configure through the environment",
			temporalTemplate, got, temporalTemplateBlob)
	}
	s := service(t, loadProject(t), "temporal")
	if got := mountTarget(t, s, temporalTemplate); got != "/etc/temporal/config/config_template.yaml" {
		t.Errorf("template mounted at %s, want /etc/temporal/config/config_template.yaml (the entrypoint's)", got)
	}
	// The template's default DYNAMIC_CONFIG_FILE_PATH.
	if got := mountTarget(t, s, temporalDynamic); got != "/etc/temporal/config/dynamicconfig/docker.yaml" {
		t.Errorf("dynamic config mounted at %s, want /etc/temporal/config/dynamicconfig/docker.yaml", got)
	}
	if !slices.Contains([]string(s.Tmpfs), "/etc/temporal/config") {
		t.Errorf("temporal tmpfs %v lacks /etc/temporal/config, where the entrypoint writes docker.yaml", s.Tmpfs)
	}

	read := map[string]bool{
		// Read by the image's entrypoint.sh, not the template.
		"TEMPORAL_ADDRESS": true,
	}
	for _, m := range envRef.FindAllStringSubmatch(string(b), -1) {
		read[m[1]] = true
	}
	for _, key := range sortedKeys(s.Environment) {
		if !read[key] {
			t.Errorf("temporal sets %s, which neither the config template nor the entrypoint reads", key)
		}
	}

	var dynamic map[string][]struct {
		Constraints map[string]any `yaml:"constraints"`
		Value       any            `yaml:"value"`
	}
	if err := yaml.UnmarshalStrict([]byte(readFile(t, temporalDynamic)), &dynamic); err != nil {
		t.Errorf("%s: %v", temporalDynamic, err)
	}
}
