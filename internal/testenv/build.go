package testenv

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BuildCommand builds the Go command pkg (an import path, a directory, or a
// .go file) into a file named name in a temporary directory of the test, so
// that a test can run it as a process: one that gets signals, whose exit
// status and memory are its own.
func BuildCommand(t testing.TB, pkg, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}
