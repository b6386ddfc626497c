package sqlite_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nbaflow/internal/warehouse/sqlite"
)

// TestOpenPathIsAPath: a path opens exactly the file it names, whatever
// characters it holds: none is read as a URI's query, fragment or escape.
func TestOpenPathIsAPath(t *testing.T) {
	for _, name := range []string{
		"w.db",
		"with space.db",
		"hash#fragment.db",
		"query?mode=ro.db",
		"inject?_pragma=query_only(1)&mode=ro",
		"percent%41%2F.db",
		"amp&semi;eq=plus+.db",
		"ünïcödé.db",
		"colon:at@.db",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			w, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatalf("Open(%q): %v", path, err)
			}
			defer w.Close()
			// Read-write, whatever the name says: a write succeeds.
			if _, err := w.DB().Exec("CREATE TABLE probe (x INTEGER)"); err != nil {
				t.Fatalf("write to %q: %v", path, err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			runs := filepath.Base(sqlite.RunsPath(path))
			want := []string{name, name + "-shm", name + "-wal", runs, runs + "-shm", runs + "-wal"}
			slices.Sort(want)
			if !slices.Equal(names, want) {
				t.Errorf("folder holds %q; want %q", names, want)
			}
		})
	}
}

// TestOpenRelativePath: a relative path is the file of the working
// directory, not a URI's authority.
func TestOpenRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	w, err := sqlite.Open(context.Background(), filepath.Join(".data", "w#1.db"))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(filepath.Join(".data", "w#1.db")); err != nil {
		t.Errorf("the relative file: %v", err)
	}
}

// TestOpenRefusesABadPath: a path that names no file is an error, not
// another file.
func TestOpenRefusesABadPath(t *testing.T) {
	for _, path := range []string{"", "a\x00b.db"} {
		if w, err := sqlite.Open(context.Background(), path); err == nil {
			w.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}
}

// TestOpenModes: what Open creates is the owner's alone: the folders 0700,
// the file, the runs file and their WAL and shared memory 0600. A file
// that exists keeps its mode, and a new runs file takes it.
func TestOpenModes(t *testing.T) {
	base := t.TempDir()
	path := filepath.Join(base, ".data", "sub", "warehouse.db")
	w, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.DB().Exec("CREATE TABLE probe (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want fs.FileMode
	}{
		{filepath.Join(base, ".data"), fs.ModeDir | 0o700},
		{filepath.Join(base, ".data", "sub"), fs.ModeDir | 0o700},
		{path, 0o600},
		{path + "-wal", 0o600},
		{path + "-shm", 0o600},
		{sqlite.RunsPath(path), 0o600},
		{sqlite.RunsPath(path) + "-wal", 0o600},
		{sqlite.RunsPath(path) + "-shm", 0o600},
	} {
		fi, err := os.Stat(tt.path)
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		if got := fi.Mode(); got != tt.want {
			t.Errorf("%s has mode %v; want %v", strings.TrimPrefix(tt.path, base), got, tt.want)
		}
	}

	existing := filepath.Join(base, "shared.db")
	if err := os.WriteFile(existing, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(existing, 0o640); err != nil {
		t.Fatal(err)
	}
	w2, err := sqlite.Open(context.Background(), existing)
	if err != nil {
		t.Fatal(err)
	}
	w2.Close()
	if fi, err := os.Stat(existing); err != nil || fi.Mode() != 0o640 {
		t.Errorf("existing file: %v, %v; want its mode 0640 kept", fi.Mode(), err)
	}
	if fi, err := os.Stat(sqlite.RunsPath(existing)); err != nil || fi.Mode() != 0o640 {
		t.Errorf("runs file of an existing 0640 file: %v, %v; want 0640 too", fi.Mode(), err)
	}
}
