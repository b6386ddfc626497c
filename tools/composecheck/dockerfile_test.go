package composecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	digest "github.com/opencontainers/go-digest"
)

// parseDockerfile parses the Dockerfile with BuildKit's own frontend, the
// parser `docker build` uses: heredocs, line continuations and parser
// directives read exactly as in a real build.
func parseDockerfile(t *testing.T) (stages []instructions.Stage, globalArgs map[string]string) {
	t.Helper()
	ast, err := parser.Parse(strings.NewReader(readFile(t, "Dockerfile")))
	if err != nil {
		t.Fatalf("Dockerfile does not parse: %v", err)
	}
	stages, metaArgs, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		t.Fatalf("Dockerfile instructions do not parse: %v", err)
	}
	globalArgs = map[string]string{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			globalArgs[kv.Key] = kv.ValueString()
		}
	}
	return stages, globalArgs
}

// baseImage is a stage's FROM with the global ARG defaults substituted.
func baseImage(stage instructions.Stage, globalArgs map[string]string) string {
	return os.Expand(stage.BaseName, func(k string) string { return globalArgs[k] })
}

// finalStageCopies is the set of paths the final stage COPYs into the image.
func finalStageCopies(t *testing.T) map[string]bool {
	t.Helper()
	stages, _ := parseDockerfile(t)
	copies := map[string]bool{}
	for _, cmd := range stages[len(stages)-1].Commands {
		if c, ok := cmd.(*instructions.CopyCommand); ok {
			copies[c.DestPath] = true
		}
	}
	return copies
}

// offlineResolver answers BuildKit's base-image lookups without a registry:
// the lint rules need an image config, not the real one.
type offlineResolver struct{}

func (offlineResolver) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	config, err := json.Marshal(map[string]any{
		"architecture": runtime.GOARCH,
		"os":           "linux",
		"config":       map[string]any{"Env": []string{"PATH=/usr/local/go/bin:/usr/local/bin:/usr/bin:/bin"}},
	})
	return ref, digest.FromString(ref), config, err
}

// TestDockerfileLint runs BuildKit's Dockerfile checks, the ones
// `docker build --check` runs (JSONArgsRecommended, SecretsUsedInArgOrEnv,
// UndefinedVar, InvalidDefaultArgInFrom, ...), without a Docker engine.
func TestDockerfileLint(t *testing.T) {
	dt := []byte(readFile(t, "Dockerfile"))
	source := llb.Local("dockerfile")
	def, err := source.Marshal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sourceMap := llb.NewSourceMap(&source, "Dockerfile", "Dockerfile", dt)
	sourceMap.Definition = def

	results, err := dockerfile2llb.DockerfileLint(context.Background(), dt, dockerfile2llb.ConvertOpt{
		MetaResolver: offlineResolver{},
		SourceMap:    sourceMap,
	})
	if err != nil {
		t.Fatal(err)
	}
	if results.Error != nil {
		t.Errorf("build error: %s", results.Error.Message)
	}
	for _, w := range results.Warnings {
		line := int32(0)
		if w.Location != nil && len(w.Location.Ranges) > 0 {
			line = w.Location.Ranges[0].Start.Line
		}
		t.Errorf("Dockerfile:%d: %s: %s (%s)", line, w.RuleName, w.Detail, w.URL)
	}
}

func TestDockerfileIsMultiStage(t *testing.T) {
	stages, args := parseDockerfile(t)
	if len(stages) < 2 {
		t.Fatalf("%d stage(s); want a build stage and a separate runtime stage", len(stages))
	}
	names := map[string]bool{}
	for _, s := range stages {
		names[s.Name] = true
	}
	final := stages[len(stages)-1]
	if names[final.BaseName] {
		t.Errorf("the final stage builds FROM stage %q; it must start from a clean runtime image", final.BaseName)
	}
	if strings.Contains(baseImage(final, args), "golang") {
		t.Errorf("the final stage starts from %q: the Go toolchain would ship in the image", baseImage(final, args))
	}
	for _, s := range stages {
		if names[s.BaseName] {
			continue // FROM an earlier stage
		}
		image := baseImage(s, args)
		ref, err := reference.ParseNormalizedNamed(image)
		if err != nil {
			t.Errorf("stage %q: base image %q does not parse: %v", s.Name, image, err)
			continue
		}
		tagged, ok := ref.(reference.Tagged)
		_, digested := ref.(reference.Digested)
		if !digested && (!ok || tagged.Tag() == "latest") {
			t.Errorf("stage %q: base image %q is not pinned to a tag", s.Name, image)
		}
	}
}

// goBuilds returns every RUN that compiles Go, with the stage's ENV.
func goBuilds(t *testing.T) []struct {
	stage, cmd string
	env        map[string]string
} {
	t.Helper()
	stages, _ := parseDockerfile(t)
	var builds []struct {
		stage, cmd string
		env        map[string]string
	}
	for _, s := range stages {
		env := map[string]string{}
		for _, cmd := range s.Commands {
			switch c := cmd.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					env[kv.Key] = kv.Value
				}
			case *instructions.RunCommand:
				line := strings.Join(c.CmdLine, " ")
				if strings.Contains(line, "go build") {
					builds = append(builds, struct {
						stage, cmd string
						env        map[string]string
					}{s.Name, line, env})
				}
			}
		}
	}
	return builds
}

func TestDockerfileBuildsStaticBinaries(t *testing.T) {
	builds := goBuilds(t)
	if len(builds) == 0 {
		t.Fatal("no RUN compiles Go")
	}
	all := ""
	for _, b := range builds {
		all += b.cmd + "\n"
		// Every `go build` of a command line must run with cgo off, set
		// inline or by the stage's ENV.
		for _, part := range strings.Split(b.cmd, "&&") {
			if !strings.Contains(part, "go build") {
				continue
			}
			if !strings.Contains(part, "CGO_ENABLED=0") && b.env["CGO_ENABLED"] != "0" {
				t.Errorf("stage %q: %q runs without CGO_ENABLED=0", b.stage, strings.TrimSpace(part))
			}
			if !strings.Contains(part, "-trimpath") {
				t.Errorf("stage %q: %q lacks -trimpath", b.stage, strings.TrimSpace(part))
			}
		}
	}
	for _, pkg := range []string{"./worker", "./starter"} {
		if !strings.Contains(all, pkg) {
			t.Errorf("no go build of %s", pkg)
		}
	}
}

func TestDockerfileFinalStageRunsAsNonRoot(t *testing.T) {
	stages, _ := parseDockerfile(t)
	user := ""
	for _, cmd := range stages[len(stages)-1].Commands {
		if c, ok := cmd.(*instructions.UserCommand); ok {
			user = c.User // the last USER wins
		}
	}
	name, _, _ := strings.Cut(user, ":")
	switch name {
	case "":
		t.Fatal("the final stage sets no USER; the image would run as root")
	case "root", "0":
		t.Fatalf("the final stage runs as %q", user)
	}
}

func TestDockerfileAddsNoRemoteURLs(t *testing.T) {
	stages, _ := parseDockerfile(t)
	for _, s := range stages {
		for _, cmd := range s.Commands {
			add, ok := cmd.(*instructions.AddCommand)
			if !ok {
				continue
			}
			for _, src := range add.SourcePaths {
				if strings.Contains(src, "://") || strings.HasPrefix(src, "git@") {
					t.Errorf("stage %q: ADD %s fetches from the network at build time, unverified and uncached", s.Name, src)
				}
			}
		}
	}
}

func TestDockerfileEntrypointIsTheWorker(t *testing.T) {
	stages, _ := parseDockerfile(t)
	final := stages[len(stages)-1]
	var entrypoint *instructions.EntrypointCommand
	var volumes []string
	dataOwner := ""
	for _, cmd := range final.Commands {
		switch c := cmd.(type) {
		case *instructions.EntrypointCommand:
			entrypoint = c
		case *instructions.VolumeCommand:
			volumes = append(volumes, c.Volumes...)
		case *instructions.CopyCommand:
			if c.DestPath == "/data" {
				dataOwner = c.Chown
			}
		}
	}
	if entrypoint == nil {
		t.Fatal("the final stage has no ENTRYPOINT")
	}
	if entrypoint.PrependShell {
		t.Errorf("ENTRYPOINT uses the shell form; the image has no shell, and the worker must be PID 1 to get SIGTERM")
	}
	if len(entrypoint.CmdLine) == 0 || !finalStageCopies(t)[entrypoint.CmdLine[0]] {
		t.Errorf("ENTRYPOINT %v does not run a binary the final stage copies in", entrypoint.CmdLine)
	}
	if !strings.Contains(strings.Join(entrypoint.CmdLine, " "), "worker") {
		t.Errorf("ENTRYPOINT %v is not the worker", entrypoint.CmdLine)
	}
	if !containsString(volumes, "/data") {
		t.Errorf("no VOLUME /data (got %v): the SQLite file would live in the container layer", volumes)
	}
	if dataOwner == "" || strings.HasPrefix(dataOwner, "0") || strings.HasPrefix(dataOwner, "root") {
		t.Errorf("/data is owned by %q; the non-root user must be able to write the SQLite file", dataOwner)
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestHealthcheckProbe builds the probe that the Dockerfile writes from a
// heredoc and runs it against a fake metrics endpoint, so the one piece of
// Go that lives in the Dockerfile is compiled and tested like any other.
func TestHealthcheckProbe(t *testing.T) {
	stages, _ := parseDockerfile(t)
	source := ""
	for _, s := range stages {
		for _, cmd := range s.Commands {
			if c, ok := cmd.(*instructions.CopyCommand); ok {
				for _, sc := range c.SourceContents {
					if strings.HasSuffix(c.DestPath, ".go") {
						source = sc.Data
					}
				}
			}
		}
	}
	if source == "" {
		t.Fatal("found no Go heredoc (COPY <<EOF .../main.go) in the Dockerfile")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(source), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "healthcheck")
	build := exec.Command("go", "build", "-o", bin, "main.go")
	build.Dir = dir
	// As in the Dockerfile: no module, no cgo, and none of this module's flags.
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off", "GO111MODULE=on")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the probe does not compile: %v\n%s", err, out)
	}

	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	run := func(metricsAddr string, args ...string) error {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"METRICS_ADDR=" + metricsAddr}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if err != nil {
			t.Logf("probe METRICS_ADDR=%q %v: %v: %s", metricsAddr, args, err, strings.TrimSpace(stderr.String()))
		}
		return err
	}

	tests := []struct {
		name        string
		status      int
		metricsAddr string
		args        []string
		healthy     bool
	}{
		{"compose form :port probes loopback", http.StatusOK, ":" + port, []string{"/metrics"}, true},
		{"default path is /metrics", http.StatusOK, ":" + port, nil, true},
		{"explicit host", http.StatusOK, "127.0.0.1:" + port, nil, true},
		{"endpoint failing", http.StatusInternalServerError, ":" + port, nil, false},
		{"wrong path", http.StatusOK, ":" + port, []string{"/nope"}, false},
		{"metrics disabled", http.StatusOK, "", nil, false},
		{"malformed address", http.StatusOK, "9090", nil, false},
		{"nothing listening", http.StatusOK, "127.0.0.1:1", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status = tt.status
			err := run(tt.metricsAddr, tt.args...)
			if tt.healthy && err != nil {
				t.Errorf("want healthy, probe failed: %v", err)
			}
			if !tt.healthy && err == nil {
				t.Error("want unhealthy, probe passed")
			}
		})
	}
}

// TestDockerignore applies .dockerignore with the matcher Docker uses: the
// build inputs must reach the builder, local state and secrets must not.
func TestDockerignore(t *testing.T) {
	patterns, err := ignorefile.ReadAll(strings.NewReader(readFile(t, ".dockerignore")))
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path     string
		excluded bool
	}{
		// Needed by `go build ./worker ./starter`.
		{"go.mod", false},
		{"go.sum", false},
		{"worker/main.go", false},
		{"starter/main.go", false},
		{"workflows/daily.go", false},
		{"activities/chunk.go", false},
		{"internal/nba/context.go", false},
		{"internal/warehouse/sqlite/schema.go", false},
		{"schemas/bigquery/player_game_context.sql", false},
		// Not needed, large, or private.
		{".git/HEAD", true},
		{"bin/temporal", true},
		{".data/warehouse.db", true},
		{".temporal/dev.db", true},
		{"workflows/workflows.test", true},
		{"internal/nba/nba.test", true},
		{"cpu.prof", true},
		{"tools/composecheck/go.mod", true},
		{".env", true},
		{".env.production", true},
		{"secrets/application_default_credentials.json", true},
		{"deploy/nbaflow-service-account.json", true},
		{"certs/client.key", true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			excluded, err := pm.MatchesOrParentMatches(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if excluded != tt.excluded {
				t.Errorf("excluded = %v, want %v", excluded, tt.excluded)
			}
		})
	}
}
