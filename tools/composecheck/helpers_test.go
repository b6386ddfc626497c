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

// testPassword stands in for POSTGRES_PASSWORD, which docker-compose.yml
// requires: without one, no compose command loads the file.
const testPassword = "composecheck-not-a-real-password"

// testGrafanaPassword stands in for GRAFANA_ADMIN_PASSWORD, required the
// same way (compose interpolates every service, whatever the profiles).
const testGrafanaPassword = "composecheck-not-a-real-grafana-password"

// requiredEnv is the environment every load starts from: the required
// credentials, and nothing else.
var requiredEnv = []string{"POSTGRES_PASSWORD=" + testPassword, "GRAFANA_ADMIN_PASSWORD=" + testGrafanaPassword}

// allProfiles enables every service, those of profiles (observability)
// included, so that every check sees every service.
var allProfiles = []string{"*"}

// composeFile is the file under test.
var composeFile = repoPath("docker-compose.yml")

// loadProject loads docker-compose.yml the way `docker compose --profile
// '*'` does (schema validation, interpolation, normalisation, consistency
// checks, every profile enabled), with only the required credentials and
// the given variables in the environment: neither the caller's shell nor a
// .env file can change what the test sees.
func loadProject(t *testing.T, env ...string) *types.Project {
	t.Helper()
	project, err := loadProjectFile(composeFile, append(append([]string{}, requiredEnv...), env...))
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	return project
}

// loadProjectFile loads a compose file with exactly the environment env and
// every profile enabled, relative paths resolved against the repository
// root.
func loadProjectFile(path string, env []string) (*types.Project, error) {
	return loadProjectProfiles(path, env, allProfiles)
}

// loadProjectProfiles loads a compose file with exactly the environment env
// and the given profiles enabled, as `docker compose --profile P...` does.
func loadProjectProfiles(path string, env, profiles []string) (*types.Project, error) {
	opts, err := cli.NewProjectOptions(
		[]string{path},
		cli.WithWorkingDirectory(repoRoot),
		cli.WithEnv(env),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithProfiles(profiles),
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}

// loadRawModel loads docker-compose.yml without interpolation, so values
// read exactly as committed (`${POSTGRES_PASSWORD:?...}`, not the test
// password). It is still schema-validated.
func loadRawModel(t *testing.T) map[string]any {
	t.Helper()
	model, err := loadRawModelFile(composeFile)
	if err != nil {
		t.Fatalf("docker-compose.yml does not load without interpolation: %v", err)
	}
	return model
}

func loadRawModelFile(path string) (map[string]any, error) {
	opts, err := cli.NewProjectOptions(
		[]string{path},
		cli.WithWorkingDirectory(repoRoot),
		cli.WithInterpolation(false),
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadModel(context.Background())
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
