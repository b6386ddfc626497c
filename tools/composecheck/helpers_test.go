package composecheck

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// repoRoot is the nbaflow repository, two levels up from this module.
const repoRoot = "../.."

func repoPath(parts ...string) string {
	return filepath.Join(append([]string{repoRoot}, parts...)...)
}

// loadProject loads docker-compose.yml the way `docker compose` does (schema
// validation, interpolation, normalisation, consistency checks), with only
// the given variables in the environment: neither the caller's shell nor a
// .env file can change what the test sees.
func loadProject(t *testing.T, env ...string) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions(
		[]string{repoPath("docker-compose.yml")},
		cli.WithWorkingDirectory(repoRoot),
		cli.WithEnv(env),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	project, err := cli.ProjectFromOptions(context.Background(), opts)
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	return project
}

// loadRawModel loads docker-compose.yml without interpolation, so values
// read exactly as committed (`${POSTGRES_PASSWORD:-temporal}`, not
// `temporal`). It is still schema-validated.
func loadRawModel(t *testing.T) map[string]any {
	t.Helper()
	opts, err := cli.NewProjectOptions(
		[]string{repoPath("docker-compose.yml")},
		cli.WithWorkingDirectory(repoRoot),
		cli.WithInterpolation(false),
	)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	model, err := opts.LoadModel(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load without interpolation: %v", err)
	}
	return model
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("service %q: %v", name, err)
	}
	return s
}

// env returns a service's environment variable, and whether it is listed at
// all. A listed variable without a value (`KEY:`) is passed through from
// the environment of `docker compose` when set there.
func env(s types.ServiceConfig, key string) (value string, listed bool) {
	v, ok := s.Environment[key]
	if !ok {
		return "", false
	}
	if v == nil {
		return "", true
	}
	return *v, true
}

func readFile(t *testing.T, parts ...string) string {
	t.Helper()
	b, err := os.ReadFile(repoPath(parts...))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// commandText is a service's entrypoint and command as one string, for
// assertions on a shell script passed through `sh -c`.
func commandText(s types.ServiceConfig) string {
	return strings.Join(append(append([]string{}, s.Entrypoint...), s.Command...), " ")
}
