package operator

import (
	"context"
	"fmt"
	"testing"

	"cloud.google.com/go/civil"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/temporalproto"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/workflow"
)

func TestDailyInFlightQuery(t *testing.T) {
	got := dailyInFlightQuery(civil.Date{Year: 2025, Month: 1, Day: 15})
	want := `WorkflowType = 'DailyWorkflow' AND ExecutionStatus = 'Running' AND NbaGameDate = '2025-01-15'`
	if got != want {
		t.Errorf("dailyInFlightQuery(2025-01-15) =\n%s\nwant\n%s", got, want)
	}
}

func TestQueryString(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2025-01-15", `'2025-01-15'`},
		{"", `''`},
		{"it's", `'it\'s'`},
		{`ends in \`, `'ends in \\'`},
		{`\' OR 'a' = 'a`, `'\\\' OR \'a\' = \'a'`},
		{`"double"`, `'"double"'`},
	}
	for _, tt := range tests {
		if got := queryString(tt.in); got != tt.want {
			t.Errorf("queryString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// fakeClient answers a visibility listing, a page per execution, and
// describes each execution with its own status, which may have moved on
// since it was listed: visibility lags.
type fakeClient struct {
	client.Client
	t      *testing.T
	query  string
	listed []*workflowpb.WorkflowExecutionInfo
	status map[string]enumspb.WorkflowExecutionStatus // by run ID; missing is not found
}

func (f *fakeClient) ListWorkflow(_ context.Context, req *workflowservice.ListWorkflowExecutionsRequest) (*workflowservice.ListWorkflowExecutionsResponse, error) {
	if req.GetQuery() != f.query || req.GetNamespace() != "default" {
		f.t.Fatalf("ListWorkflow(%s, %s), want (default, %s)", req.GetNamespace(), req.GetQuery(), f.query)
	}
	i := 0
	if len(req.GetNextPageToken()) > 0 {
		i = int(req.GetNextPageToken()[0])
	}
	resp := &workflowservice.ListWorkflowExecutionsResponse{}
	if i < len(f.listed) {
		resp.Executions = f.listed[i : i+1]
	}
	if i+1 < len(f.listed) {
		resp.NextPageToken = []byte{byte(i + 1)}
	}
	return resp, nil
}

func (f *fakeClient) DescribeWorkflow(_ context.Context, workflowID, runID string) (*client.WorkflowExecutionDescription, error) {
	st, ok := f.status[runID]
	if !ok {
		return nil, serviceerror.NewNotFound("workflow " + workflowID + " not found")
	}
	return &client.WorkflowExecutionDescription{WorkflowExecutionMetadata: client.WorkflowExecutionMetadata{
		WorkflowExecution: workflow.Execution{ID: workflowID, RunID: runID},
		Status:            st,
	}}, nil
}

// listedRun is a run visibility lists as started at minute min, built from
// its proto JSON: timestamppb is not a direct dependency of the module.
func listedRun(t *testing.T, id, runID string, min int) *workflowpb.WorkflowExecutionInfo {
	t.Helper()
	js := fmt.Sprintf(`{"execution": {"workflowId": %q, "runId": %q}, "startTime": "2025-01-15T10:%02d:00Z"}`, id, runID, min)
	info := &workflowpb.WorkflowExecutionInfo{}
	if err := (temporalproto.CustomJSONUnmarshalOptions{}).Unmarshal([]byte(js), info); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return info
}

func TestDailyInFlight(t *testing.T) {
	const (
		running   = enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
		completed = enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED
	)
	scheduled := listedRun(t, "nba-daily-2025-01-15T15:00:00Z", "s", 0)
	manual := listedRun(t, "nba-daily-2025-01-15", "m", 5)
	child := listedRun(t, "nba-backfill-2025-01-01_2025-01-31-2025-01-15", "c", 3)
	tests := []struct {
		name   string
		listed []*workflowpb.WorkflowExecutionInfo
		status map[string]enumspb.WorkflowExecutionStatus
		want   string // run ID; empty for none
	}{
		{"none", nil, nil, ""},
		{"one", []*workflowpb.WorkflowExecutionInfo{child}, map[string]enumspb.WorkflowExecutionStatus{"c": running}, "c"},
		{"the latest started of several", []*workflowpb.WorkflowExecutionInfo{scheduled, manual, child},
			map[string]enumspb.WorkflowExecutionStatus{"s": running, "m": running, "c": running}, "m"},
		{"not one that closed since it was listed", []*workflowpb.WorkflowExecutionInfo{scheduled, manual},
			map[string]enumspb.WorkflowExecutionStatus{"s": running, "m": completed}, "s"},
		{"none when all closed since", []*workflowpb.WorkflowExecutionInfo{scheduled, manual},
			map[string]enumspb.WorkflowExecutionStatus{"s": completed, "m": completed}, ""},
		{"not one deleted since", []*workflowpb.WorkflowExecutionInfo{scheduled}, nil, ""},
	}
	date := civil.Date{Year: 2025, Month: 1, Day: 15}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &fakeClient{t: t, query: dailyInFlightQuery(date), listed: tt.listed, status: tt.status}
			r, ok, err := New(c, "", "", "").dailyInFlight(context.Background(), date)
			if err != nil || ok != (tt.want != "") || r.RunID != tt.want || (ok && !r.Existing) {
				t.Errorf("dailyInFlight = %+v, %v, %v; want run %q", r, ok, err, tt.want)
			}
		})
	}
}
