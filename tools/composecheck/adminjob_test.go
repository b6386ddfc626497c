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
//	ns_exists     the namespace exists
//	ns_cache_lag  search-attribute list answers "not found" this many more
//	              times after the namespace exists (the namespace cache)
//	registered    the three search attributes exist
//	list_lag      search-attribute list omits them this many more times
//
// by $FAKE_NS_CREATE: ok, exists (created meanwhile) or down; and by
// $FAKE_CREATE: ok, exists, conflict or down.
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
  if [ ! -e "$state/ns_exists" ]; then
    echo "Error: Namespace $NAMESPACE is not found." >&2; exit 1
  fi
  echo "NamespaceInfo.Name  $NAMESPACE" ;;
"operator namespace create")
  case "${FAKE_NS_CREATE:-ok}" in
  ok) touch "$state/ns_exists"; echo "Namespace $NAMESPACE successfully registered." ;;
  exists) touch "$state/ns_exists"; echo "Error: unable to create namespace: Namespace already exists." >&2; exit 1 ;;
  down) echo "Error: failed reaching server: connection refused" >&2; exit 1 ;;
  esac ;;
"operator search-attribute create")
  case "$FAKE_CREATE" in
  ok) touch "$state/registered"; echo "Search attributes have been added" ;;
  exists) echo "Error: unable to add search attributes: Search attribute NbaGameDate already exists." >&2; exit 1 ;;
  conflict) echo "Error: search attribute NbaGameDate already exists and has different type Text" >&2; exit 1 ;;
  down) echo "Error: failed reaching server: connection refused" >&2; exit 1 ;;
  esac ;;
"operator search-attribute list")
  if [ ! -e "$state/ns_exists" ] || [ "$(countdown "$state/ns_cache_lag")" -gt 0 ]; then
    echo "Error: unable to list search attributes: Namespace $NAMESPACE is not found." >&2; exit 1
  fi
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
// CLI: on a fresh stack it must create the namespace, wait for it to be
// usable and register the attributes once; rerun harmlessly; and fail
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
	retention, _ := env(admin, "RETENTION")
	createAttributes := "temporal operator search-attribute create --namespace " + namespace +
		" --name NbaGameDate --type Keyword --name NbaRunKind --type Keyword --name NbaFailedPlayers --type Int"

	tests := []struct {
		name       string
		nsCreate   string
		create     string
		files      map[string]string
		wantOK     bool
		wantOutput []string
		wantCalls  []string // substrings expected in the call log, in order
		wantNot    []string // substrings the call log must not have
	}{
		{
			name:     "fresh stack creates the namespace, waits for it, registers, waits for visibility",
			nsCreate: "ok", create: "ok", files: map[string]string{"ns_cache_lag": "3", "list_lag": "2"},
			wantOK:     true,
			wantOutput: []string{"namespace " + namespace + " created, retention " + retention, "ready in " + namespace},
			wantCalls: []string{
				"temporal operator namespace describe --namespace " + namespace,
				"temporal operator namespace create --namespace " + namespace + " --retention " + retention,
				"temporal operator search-attribute list", "sleep 2",
				"temporal operator search-attribute list", "sleep 2",
				"temporal operator search-attribute list", "sleep 2",
				"temporal operator search-attribute list",
				createAttributes,
				"temporal operator search-attribute list", "sleep 2",
				"temporal operator search-attribute list", "sleep 2",
				"temporal operator search-attribute list", "sleep 12",
			},
		},
		{
			name:   "rerun on a stack that has everything is a no-op",
			create: "exists", files: map[string]string{"ns_exists": "", "registered": ""},
			wantOK:     true,
			wantOutput: []string{"namespace " + namespace + " exists", "already registered"},
			wantCalls:  []string{"namespace describe", "search-attribute list", "search-attribute create", "search-attribute list", "sleep 12"},
			wantNot:    []string{"namespace create"},
		},
		{
			name:     "namespace created meanwhile by someone else",
			nsCreate: "exists", create: "ok",
			wantOK:     true,
			wantOutput: []string{"namespace " + namespace + " exists", "ready in " + namespace},
		},
		{
			name:     "server down when creating the namespace fails the job",
			nsCreate: "down", create: "ok",
			wantOK: false, wantOutput: []string{"connection refused"},
			wantNot: []string{"search-attribute"},
		},
		{
			name:     "namespace never usable gives up",
			nsCreate: "ok", create: "ok", files: map[string]string{"ns_cache_lag": "1000"},
			wantOK: false, wantOutput: []string{"still not usable"},
			wantNot: []string{"search-attribute create"},
		},
		{
			name:   "same name with another type fails the job",
			create: "conflict", files: map[string]string{"ns_exists": "", "registered": ""},
			wantOK: false, wantOutput: []string{"different type"},
		},
		{
			name:   "server error registering fails the job",
			create: "down", files: map[string]string{"ns_exists": ""},
			wantOK: false, wantOutput: []string{"connection refused"},
		},
		{
			name:   "attributes never visible gives up",
			create: "ok", files: map[string]string{"ns_exists": "", "list_lag": "1000"},
			wantOK: false, wantOutput: []string{"not visible"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin, state := fakeTools(t, map[string]string{"temporal": fakeTemporal, "sleep": fakeSleep})
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(state, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Env = []string{
				"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
				"NAMESPACE=" + namespace,
				"RETENTION=" + retention,
				"TEMPORAL_ADDRESS=temporal:7233",
				"FAKE_STATE=" + state,
				"FAKE_NS_CREATE=" + tt.nsCreate,
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
			for _, want := range tt.wantOutput {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
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
			for _, not := range tt.wantNot {
				if strings.Contains(string(calls), not) {
					t.Errorf("unexpected call %q in:\n%s", not, calls)
				}
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

// fakeTools makes a directory of fake commands (name to shell script) to
// put first on a job's PATH, and a state directory the fakes record their
// calls in and read their scripted answers from.
func fakeTools(t *testing.T, tools map[string]string) (bin, state string) {
	t.Helper()
	dir := t.TempDir()
	bin, state = filepath.Join(dir, "bin"), filepath.Join(dir, "state")
	for _, d := range []string{bin, state} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, script := range tools {
		writeExecutable(t, filepath.Join(bin, name), script)
	}
	return bin, state
}
