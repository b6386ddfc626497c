package devserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBinary(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "temporal")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "not-executable")
	if err := os.WriteFile(plain, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		env     string
		want    string
		wantErr bool
	}{
		{env: exe, want: exe},
		{env: filepath.Join(dir, "missing"), wantErr: true},
		{env: plain, wantErr: true},
		{env: dir, wantErr: true},
	}
	for _, tt := range tests {
		t.Setenv(EnvBinary, tt.env)
		got, err := Binary()
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "make tools") {
				t.Errorf("%s: error %v, want one that says to run make tools", tt.env, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v", tt.env, got, err)
		}
	}
}

func TestBinaryDefaultsToTheModuleBin(t *testing.T) {
	t.Setenv(EnvBinary, "")
	got, err := Binary()
	root, rootErr := moduleRoot()
	if rootErr != nil {
		t.Fatal(rootErr)
	}
	want := filepath.Join(root, "bin", "temporal")
	if err == nil && got != want {
		t.Errorf("Binary() = %s, want %s", got, want)
	}
	if err != nil && !strings.Contains(err.Error(), want) {
		t.Errorf("error %v does not name %s", err, want)
	}
}
