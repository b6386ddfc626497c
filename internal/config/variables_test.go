package config_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nbaflow/internal/config"
	"nbaflow/internal/config/configtest"
	"nbaflow/internal/temporalconn"
)

// TestEveryVariable: for each variable a binary reads, set but empty and a
// bad value are errors naming it, and a good value loads, for each binary
// that reads it.
func TestEveryVariable(t *testing.T) {
	loads := []struct {
		binary string
		reads  func(configtest.Case) bool
		load   func([]string) error
	}{
		{"worker", func(c configtest.Case) bool { return c.Worker }, func(environ []string) error {
			_, err := config.LoadWorker(environ)
			return err
		}},
		{"nbaflow", func(c configtest.Case) bool { return c.CLI }, func(environ []string) error {
			_, err := config.LoadCLI(environ)
			return err
		}},
	}
	for _, c := range configtest.Cases(t) {
		for _, l := range loads {
			if !l.reads(c) {
				continue
			}
			t.Run(l.binary+"/"+c.Name, func(t *testing.T) {
				if err := l.load([]string{c.Name + "="}); err == nil || !strings.Contains(err.Error(), configtest.EmptyWant(c.Name)) {
					t.Errorf("empty: error %v, want %q", err, configtest.EmptyWant(c.Name))
				}
				if err := l.load(c.Environ(c.Bad)); err == nil || !strings.Contains(err.Error(), c.BadWant) {
					t.Errorf("%q: error %v, want %q", c.Bad, err, c.BadWant)
				}
				if err := l.load(c.Environ(c.Good)); err != nil {
					t.Errorf("%q: %v", c.Good, err)
				}
			})
		}
	}
}

// TestTheCasesCoverEveryVariable: configtest has a case for each variable
// either binary reads, and says rightly which reads it.
func TestTheCasesCoverEveryVariable(t *testing.T) {
	var worker, cli []string
	for _, c := range configtest.Cases(t) {
		if c.Worker {
			worker = append(worker, c.Name)
		}
		if c.CLI {
			cli = append(cli, c.Name)
		}
	}
	connection := append(slices.Clone(temporalconn.Variables), configtest.GRPCMeta)
	for _, b := range []struct {
		binary string
		reads  []string
		cases  []string
	}{
		{"worker", append(config.WorkerVariables(), connection...), worker},
		{"nbaflow", append(config.CLIVariables(), connection...), cli},
	} {
		slices.Sort(b.reads)
		slices.Sort(b.cases)
		if !slices.Equal(b.reads, b.cases) {
			t.Errorf("%s reads %v\nconfigtest has %v", b.binary, b.reads, b.cases)
		}
	}
}

// TestOperationsListsEveryVariable: the table of every variable in
// docs/operations.md §1.2 names each variable the binaries read besides the
// connection's (which §1.4 details), so that the one list stays whole.
func TestOperationsListsEveryVariable(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "operations.md"))
	if err != nil {
		t.Fatal(err)
	}
	const heading = "**Configuration: every variable.**"
	_, section, ok := strings.Cut(string(doc), heading)
	if !ok {
		t.Fatalf("docs/operations.md has no %s", heading)
	}
	section, _, _ = strings.Cut(section, "\n### ")
	for _, name := range append(append(config.WorkerVariables(), config.CLIVariables()...), "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE") {
		if !strings.Contains(section, "`"+name+"`") {
			t.Errorf("docs/operations.md §1.2 does not list %s", name)
		}
	}
}
