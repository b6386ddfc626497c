package composecheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSQLTool stands in for temporal-sql-tool of the admin-tools image. It
// logs every call, and whether the connection variables were set, to
// $FAKE_STATE/calls, and fails the call whose arguments contain $FAKE_FAIL
// the way the tool does (a log line, exit status 1).
const fakeSQLTool = `#!/bin/sh
echo "temporal-sql-tool $* [plugin=$SQL_PLUGIN host=$SQL_HOST port=$SQL_PORT user=$SQL_USER password=${SQL_PASSWORD:+set}]" >> "$FAKE_STATE/calls"
case "$*" in
*"$FAKE_FAIL"*)
  if [ -n "$FAKE_FAIL" ]; then
    echo '{"level":"error","msg":"Unable to update SQL schema.","error":"pq: connection refused"}' >&2
    exit 1
  fi ;;
esac
echo '{"level":"info","msg":"done"}'
`

// TestSchemaJobScript runs the schema job's script from docker-compose.yml
// as compose hands it to `sh -c`, against a fake temporal-sql-tool: both
// databases are created, set up and migrated from the admin-tools image's
// versioned schema directories, in that order; the password travels in the
// environment, never on a command line; and a failed step fails the job
// before the next one runs, so the server never starts on a half-migrated
// schema.
func TestSchemaJobScript(t *testing.T) {
	p := loadProject(t)
	job := service(t, p, "temporal-schema")
	if len(job.Entrypoint) == 0 || len(job.Command) != 1 {
		t.Fatalf("schema job entrypoint %q command %q; want a shell and one script", job.Entrypoint, job.Command)
	}
	argv := append(append([]string{}, job.Entrypoint...), job.Command...)
	vars := map[string]string{}
	for _, key := range []string{"SQL_PLUGIN", "SQL_HOST", "SQL_PORT", "SQL_USER", "SQL_PASSWORD", "DBNAME", "VISIBILITY_DBNAME", "SCHEMA_DIR"} {
		v, listed := env(job, key)
		if !listed || v == "" {
			t.Fatalf("schema job environment lacks %s", key)
		}
		vars[key] = v
	}
	if vars["SCHEMA_DIR"] != "/etc/temporal/schema/postgresql/v12" {
		t.Errorf("SCHEMA_DIR %q: the admin-tools image has the PostgreSQL schema at /etc/temporal/schema/postgresql/v12", vars["SCHEMA_DIR"])
	}
	if strings.Contains(strings.Join(job.Command, " "), testPassword) {
		t.Error("the schema job's script contains the password")
	}

	steps := func(db, schema string) []string {
		return []string{
			"--db " + db + " create",
			"--db " + db + " setup-schema -v 0.0",
			"--db " + db + " update-schema -d " + vars["SCHEMA_DIR"] + "/" + schema + "/versioned",
		}
	}
	all := append(steps(vars["DBNAME"], "temporal"), steps(vars["VISIBILITY_DBNAME"], "visibility")...)

	tests := []struct {
		name      string
		fail      string // a substring of the failing call's arguments
		wantOK    bool
		wantCalls []string
	}{
		{name: "fresh or current database", wantOK: true, wantCalls: all},
		{name: "migration of the default store fails", fail: "update-schema -d " + vars["SCHEMA_DIR"] + "/temporal/", wantCalls: all[:3]},
		{name: "database unreachable", fail: "create", wantCalls: all[:1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin, state := fakeTools(t, map[string]string{"temporal-sql-tool": fakeSQLTool})
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "FAKE_STATE=" + state, "FAKE_FAIL=" + tt.fail}
			for k, v := range vars {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			if tt.wantOK != (err == nil) {
				t.Errorf("job ended with %v, want success %v\n%s", err, tt.wantOK, out.String())
			}
			b, _ := os.ReadFile(filepath.Join(state, "calls"))
			calls := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(calls) != len(tt.wantCalls) {
				t.Fatalf("%d calls, want %d:\n%s", len(calls), len(tt.wantCalls), b)
			}
			for i, want := range tt.wantCalls {
				if !strings.Contains(calls[i], "temporal-sql-tool "+want+" [") {
					t.Errorf("call %d = %q, want temporal-sql-tool %s", i+1, calls[i], want)
				}
				if !strings.Contains(calls[i], "password=set]") || strings.Contains(calls[i], vars["SQL_PASSWORD"]) {
					t.Errorf("call %d = %q: the password must come from SQL_PASSWORD, never the command line", i+1, calls[i])
				}
			}
		})
	}
}

// TestSchemaJobAndServerAgree: the job migrates the databases the server
// then opens, as the user it logs in as.
func TestSchemaJobAndServerAgree(t *testing.T) {
	p := loadProject(t)
	job, server := service(t, p, "temporal-schema"), service(t, p, "temporal")
	pairs := []struct{ jobKey, serverKey string }{
		{"SQL_PLUGIN", "DB"},
		{"SQL_HOST", "POSTGRES_SEEDS"},
		{"SQL_PORT", "DB_PORT"},
		{"SQL_USER", "POSTGRES_USER"},
		{"SQL_PASSWORD", "POSTGRES_PWD"},
		{"DBNAME", "DBNAME"},
		{"VISIBILITY_DBNAME", "VISIBILITY_DBNAME"},
	}
	for _, pr := range pairs {
		jv, _ := env(job, pr.jobKey)
		sv, _ := env(server, pr.serverKey)
		if jv == "" || jv != sv {
			t.Errorf("temporal-schema %s = %q, temporal %s = %q: want the same, non-empty", pr.jobKey, jv, pr.serverKey, sv)
		}
	}
	if v, _ := env(server, "SKIP_SCHEMA_SETUP"); v != "" {
		t.Errorf("temporal sets SKIP_SCHEMA_SETUP=%q, an auto-setup variable: the server image never sets up a schema", v)
	}
}
