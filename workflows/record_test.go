package workflows_test

import (
	"os"
	"path/filepath"
	"testing"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
)

// EnvRecordHistories, set to 1, makes the integration tests write the
// histories that the replay tests replay into testdata/. A history already
// there is never rewritten: it pins what the code did when it was
// recorded, and a change to the workflows must keep replaying it (or be
// guarded by workflow.GetVersion). Record a new behaviour under a new name:
//
//	NBAFLOW_RECORD_HISTORIES=1 go test -run Integration ./workflows
const EnvRecordHistories = "NBAFLOW_RECORD_HISTORIES"

// recordHistory writes a run's history to testdata/name when recording.
func recordHistory(t *testing.T, c client.Client, id, runID, name string) {
	t.Helper()
	if os.Getenv(EnvRecordHistories) != "1" {
		return
	}
	recordHistoryEvents(t, history(t, c, id, runID), name)
}

// recordHistoryEvents writes events as `temporal workflow show --output
// json` does, which is what the replayer reads.
func recordHistoryEvents(t *testing.T, events []*historypb.HistoryEvent, name string) {
	t.Helper()
	if os.Getenv(EnvRecordHistories) != "1" {
		return
	}
	data, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(&historypb.History{Events: events})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if _, err := os.Stat(path); err == nil {
		t.Logf("%s is recorded already: not rewritten", path)
		return
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d events in %s", len(events), path)
}
