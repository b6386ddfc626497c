package composecheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTemporal stands in for the `temporal` CLI of the admin-tools image. It
// logs every call to $FAKE_STATE/calls and answers like CLI v1.5 against a
// server 1.29 with SQL visibility, as steered by files in $FAKE_STATE:
//
//	ns_failures  namespace describe fails this many more times
//	registered   the three search attributes exist
//	list_lag     search-attribute list omits them this many more times
//
// and by $FAKE_CREATE: ok, exists, conflict or down.
const fakeTemporal = `#!/bin/sh
state="$FAKE_STATE"
echo "temporal $*" >> "$state/calls"
countdown() { # prints and decrements the counter in file $1
  n=$(cat "$1" 2>/dev/null || echo 0)
  if [ "$n" -gt 0 ]; then echo $((n - 1)) > "$1"; fi
  echo "$n"
}
case "$1 $2 $3" in
"operator namespace describe")
  if [ "$(countdown "$state/ns_failures")" -gt 0 ]; then
    echo "Error: Namespace $NAMESPACE is not found." >&2; exit 1
  fi
  echo "NamespaceInfo.Name  $NAMESPACE" ;;
"operator search-attribute create")
  case "$FAKE_CREATE" in
  ok) touch "$state/registered"; echo "Search attributes have been added" ;;
  exists) echo "Error: unable to add search attributes: Search attribute NbaGameDate already exists." >&2; exit 1 ;;
  conflict) echo "Error: search attribute NbaGameDate already exists and has different type Text" >&2; exit 1 ;;
  down) echo "Error: failed reaching server: connection refused" >&2; exit 1 ;;
  esac ;;
"operator search-attribute list")
  printf '         Name              Type\n  BatcherUser              Keyword\n  WorkflowType             Keyword\n'
  if [ -e "$state/registered" ] && [ "$(countdown "$state/list_lag")" -eq 0 ]; then
    printf '  NbaFailedPlayers         Int\n  NbaGameDate              Keyword\n  NbaRunKind               Keyword\n'
  fi ;;
*) echo "fake temporal: unexpected call: $*" >&2; exit 2 ;;
esac
`

// fakeSleep records the wait instead of waiting, so the retry loops run in
// milliseconds.
const fakeSleep = `#!/bin/sh
echo "sleep $*" >> "$FAKE_STATE/calls"
`

// TestAdminJobScript runs the admin job's shell script from
// docker-compose.yml, exactly as compose hands it to `sh -c`, against a fake
// CLI: it must register the attributes once, rerun harmlessly, and fail
// loudly on a type conflict or an unreachable server.
func TestAdminJobScript(t *testing.T) {
	admin := service(t, loadProject(t), "temporal-admin-tools")
	if len(admin.Entrypoint) == 0 || len(admin.Command) != 1 {
		t.Fatalf("admin job entrypoint %q command %q; want a shell and one script", admin.Entrypoint, admin.Command)
	}
	argv := append(append([]string{}, admin.Entrypoint...), admin.Command...)
	if _, err := exec.LookPath(argv[0]); err != nil {
		t.Fatalf("%s, the admin job's shell, is not on this machine: %v", argv[0], err)
	}
	namespace, _ := env(admin, "NAMESPACE")

	tests := []struct {
		name       string
		create     string
		files      map[string]string
		wantOK     bool
		wantOutput string
		wantCalls  []string // substrings expected in the call log, in order
	}{
		{
			name:   "fresh stack waits for the namespace, registers, waits for visibility",
			create: "ok", files: map[string]string{"ns_failures": "3", "list_lag": "2"},
			wantOK: true, wantOutput: "ready in " + namespace,
			wantCalls: []string{
				"temporal operator namespace describe --namespace " + namespace,
				"sleep 2", "sleep 2", "sleep 2",
				"temporal operator search-attribute create --namespace " + namespace +
					" --name NbaGameDate --type Keyword --name NbaRunKind --type Keyword --name NbaFailedPlayers --type Int",
				"temporal operator search-attribute list", "sleep 2",
				"temporal operator search-attribute list", "sleep 2",
				"temporal operator search-attribute list", "sleep 12",
			},
		},
		{
			name:   "rerun on a stack that has them is a no-op",
			create: "exists", files: map[string]string{"registered": ""},
			wantOK: true, wantOutput: "already registered",
			wantCalls: []string{"search-attribute create", "search-attribute list", "sleep 12"},
		},
		{
			name:   "same name with another type fails the job",
			create: "conflict", files: map[string]string{"registered": ""},
			wantOK: false, wantOutput: "different type",
		},
		{
			name:   "server error fails the job",
			create: "down",
			wantOK: false, wantOutput: "connection refused",
		},
		{
			name:   "namespace never created gives up",
			create: "ok", files: map[string]string{"ns_failures": "1000"},
			wantOK: false, wantOutput: "still missing",
		},
		{
			name:   "attributes never visible gives up",
			create: "ok", files: map[string]string{"list_lag": "1000"},
			wantOK: false, wantOutput: "not visible",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			bin, state := filepath.Join(dir, "bin"), filepath.Join(dir, "state")
			for _, d := range []string{bin, state} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			writeExecutable(t, filepath.Join(bin, "temporal"), fakeTemporal)
			writeExecutable(t, filepath.Join(bin, "sleep"), fakeSleep)
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(state, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Env = []string{
				"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
				"NAMESPACE=" + namespace,
				"TEMPORAL_ADDRESS=temporal:7233",
				"FAKE_STATE=" + state,
				"FAKE_CREATE=" + tt.create,
			}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()

			if tt.wantOK && err != nil {
				t.Errorf("job failed: %v\n%s", err, out.String())
			}
			if !tt.wantOK && err == nil {
				t.Errorf("job succeeded; want a failure\n%s", out.String())
			}
			if !strings.Contains(out.String(), tt.wantOutput) {
				t.Errorf("output lacks %q:\n%s", tt.wantOutput, out.String())
			}
			calls, _ := os.ReadFile(filepath.Join(state, "calls"))
			rest := string(calls)
			for _, want := range tt.wantCalls {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Errorf("call %q missing (in order) from:\n%s", want, calls)
					break
				}
				rest = rest[i+len(want):]
			}
		})
	}
}

func writeExecutable(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}
