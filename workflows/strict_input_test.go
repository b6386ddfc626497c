package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"github.com/stretchr/testify/mock"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
)

const (
	knownDaily    = "game_date, processors, chunk_size, max_parallel_chunks, parallel, run_kind"
	knownBackfill = "start_date, end_date, dates, processors, max_parallel_dates, chunk_size, max_parallel_chunks, parallel, continue_every, stop_after_failures, only_stale, carried"
	knownCarried  = "pending, dates_total, done, failed, skipped_off_days, up_to_date, players_processed, failed_players, started_at, runs, consecutive_failures, last_failure_code, stopped_reason"
)

// unknownOf decodes data into a T as the data converter does and returns
// what the run would be rejected with, "" for nothing.
func unknownOf[T DailyInput | BackfillInput](t *testing.T, data string) (T, string) {
	t.Helper()
	var in T
	if err := json.Unmarshal([]byte(data), &in); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	var unknown []unknownField
	switch v := any(in).(type) {
	case DailyInput:
		unknown = v.unknown
	case BackfillInput:
		unknown = v.unknown
	}
	if len(unknown) == 0 {
		if unknown != nil {
			t.Errorf("%s: unknown is empty, not nil: inputs would not compare equal", data)
		}
		return in, ""
	}
	return in, describeUnknown(unknown)
}

func TestDailyInputUnknownFields(t *testing.T) {
	tests := []struct {
		name, input, want string
		wantDate          string
	}{
		{"misspelled", `{"game_dat":"2025-01-15"}`, `unknown field "game_dat" (known: ` + knownDaily + `)`, ""},
		{"two, sorted", `{"game_date":"2025-01-15","procesors":["upgc"],"chunks":5}`,
			`unknown fields "chunks", "procesors" (known: ` + knownDaily + `)`, "2025-01-15"},
		{"every field", `{"game_date":"2025-01-15","processors":["upgc"],"chunk_size":5,"max_parallel_chunks":2,"parallel":false,"run_kind":"manual"}`, "", "2025-01-15"},
		// encoding/json takes a key in any case: so does the check.
		{"another case", `{"Game_Date":"2025-01-15"}`, "", "2025-01-15"},
		{"empty object", `{}`, "", ""},
		{"null", `null`, "", ""},
		// A key of a processor name is not a field of DailyInput.
		{"nested keys are values", `{"processors":["upgc"],"game_date":"2025-01-15"}`, "", "2025-01-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, got := unknownOf[DailyInput](t, tt.input)
			if got != tt.want {
				t.Errorf("unknown %q\nwant    %q", got, tt.want)
			}
			if in.GameDate != tt.wantDate {
				t.Errorf("game_date %q, want %q: the known fields decode as before", in.GameDate, tt.wantDate)
			}
		})
	}
}

// TestInputDecodingErrorsAsBefore: a value of the wrong type still fails
// decoding as it did before UnmarshalJSON, naming the type and field.
func TestInputDecodingErrorsAsBefore(t *testing.T) {
	tests := []struct {
		input string
		into  any
		want  string
	}{
		{`{"game_date":5}`, &DailyInput{}, "json: cannot unmarshal number into Go struct field DailyInput.game_date of type string"},
		{`"2025-01-15"`, &DailyInput{}, "json: cannot unmarshal string into Go value of type workflows.DailyInput"},
		{`{"dates":"2025-01-15"}`, &BackfillInput{}, "json: cannot unmarshal string into Go struct field BackfillInput.dates of type []string"},
		{`{"carried":{"done":"3"}}`, &BackfillInput{}, "json: cannot unmarshal string into Go struct field BackfillState.carried.done of type int"},
	}
	for _, tt := range tests {
		if err := json.Unmarshal([]byte(tt.input), tt.into); err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v\nwant %s", tt.input, err, tt.want)
		}
	}
}

func TestBackfillInputUnknownFields(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"misspelled", `{"start_date":"2024-10-22","end_dat":"2025-04-13"}`, `unknown field "end_dat" (known: ` + knownBackfill + `)`},
		{"carried state", `{"carried":{"pending":["2025-01-15"],"done":3,"dones":4}}`, `unknown field "carried.dones" (known: ` + knownCarried + `)`},
		{"a failed date", `{"carried":{"failed":[{"date":"2025-01-14","error":"x"},{"date":"2025-01-15","cod":"X"}]}}`,
			`unknown field "carried.failed[1].cod" (known: date, error, code)`},
		{"at two levels", `{"carried":{"run":1},"stop_after":3}`,
			`unknown field "carried.run" (known: ` + knownCarried + `); unknown field "stop_after" (known: ` + knownBackfill + `)`},
		{"carried null", `{"start_date":"2024-10-22","carried":null}`, ""},
		{"empty object", `{}`, ""},
		{"null", `null`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := unknownOf[BackfillInput](t, tt.input); got != tt.want {
				t.Errorf("unknown %q\nwant    %q", got, tt.want)
			}
		})
	}
}

// TestWrittenInputsAreKnown: every key the code writes into an input is
// known to it: a backfill's child input, and a continued backfill's input
// with every field of its carried state set.
func TestWrittenInputsAreKnown(t *testing.T) {
	b := &backfill{input: BackfillInput{Processors: []string{"upgc"}, ChunkSize: 5, MaxParallelChunks: 2, Parallel: boolPtr(false)}}
	child, err := json.Marshal(b.childInput(testDate))
	if err != nil {
		t.Fatal(err)
	}
	if in, got := unknownOf[DailyInput](t, string(child)); got != "" || in.ChunkSize != 5 {
		t.Errorf("child input %s: %q", child, got)
	}

	full := BackfillInput{
		StartDate: "2024-10-22", EndDate: "2025-04-13", Dates: []string{"2025-01-15"}, Processors: []string{"psza"},
		MaxParallelDates: 4, ChunkSize: 5, MaxParallelChunks: 2, Parallel: boolPtr(true), ContinueEvery: 50, StopAfterFailures: 3, OnlyStale: true,
		Carried: &BackfillState{
			Pending: []civil.Date{testDate}, DatesTotal: 9, Done: 3, Failed: []FailedDate{{Date: testOpener, Error: "e", Code: "C"}},
			SkippedOffDays: []civil.Date{testOpener}, UpToDate: []civil.Date{testOpener}, PlayersProcessed: 100, FailedPlayers: 1, StartedAt: time.Unix(1, 0).UTC(),
			Runs: 2, ConsecutiveFailures: 1, LastFailureCode: "C", StoppedReason: "r",
		},
	}
	data, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	in, got := unknownOf[BackfillInput](t, string(data))
	if got != "" || !reflect.DeepEqual(in, full) {
		t.Errorf("continued input %s: %q, decoded %+v", data, got, in)
	}
	// full sets every field: a field added to these types must be added here.
	for _, s := range []any{full, *full.Carried, full.Carried.Failed[0]} {
		v := reflect.ValueOf(s)
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && v.Field(i).IsZero() {
				t.Errorf("%s.%s is not set in this test", v.Type().Name(), v.Type().Field(i).Name)
			}
		}
	}
}

// TestRecordedInputsAreKnown: every input of the recorded histories (runs
// started, continued as new, and children started) has only known keys, so
// that they replay as they ran; but the one recorded to pin the rejection.
func TestRecordedInputsAreKnown(t *testing.T) {
	rejected := map[string]string{
		"daily_unknown_field.json": `unknown field "game_dat" (known: ` + knownDaily + `)`,
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded histories: %v", err)
	}
	dc := converter.GetDefaultDataConverter()
	checked := 0
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		history, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range history.GetEvents() {
			var wfType string
			var input *commonpb.Payloads
			if a := e.GetWorkflowExecutionStartedEventAttributes(); a != nil {
				wfType, input = a.GetWorkflowType().GetName(), a.GetInput()
			} else if a := e.GetWorkflowExecutionContinuedAsNewEventAttributes(); a != nil {
				wfType, input = a.GetWorkflowType().GetName(), a.GetInput()
			} else if a := e.GetStartChildWorkflowExecutionInitiatedEventAttributes(); a != nil {
				wfType, input = a.GetWorkflowType().GetName(), a.GetInput()
			} else {
				continue
			}
			var unknown []unknownField
			switch wfType {
			case DailyWorkflowName:
				var in DailyInput
				err = dc.FromPayloads(input, &in)
				unknown = in.unknown
			case BackfillWorkflowName:
				var in BackfillInput
				err = dc.FromPayloads(input, &in)
				unknown = in.unknown
			default:
				t.Fatalf("%s: workflow type %s", name, wfType)
			}
			want := ""
			if e.GetEventId() == 1 {
				want = rejected[filepath.Base(name)]
			}
			if got := describeUnknown(unknown); err != nil || got != want {
				t.Errorf("%s, event %d: %v, unknown keys %q, want %q", name, e.GetEventId(), err, got, want)
			}
			checked++
		}
	}
	t.Logf("%d inputs of %d histories", checked, len(files))
}

// TestMisspelledFieldFailsTheRun: a daily or backfill run whose input has
// an unknown key fails at once, a non-retryable invalid input naming the
// key, before it runs an activity or sets a search attribute.
func TestMisspelledFieldFailsTheRun(t *testing.T) {
	tests := []struct {
		name  string
		wf    string
		input any
		want  string
	}{
		{"daily", DailyWorkflowName, json.RawMessage(`{"game_dat":"2025-01-15"}`),
			`invalid input: unknown field "game_dat" (known: ` + knownDaily + `)`},
		{"backfill", BackfillWorkflowName, map[string]any{"start_date": "2024-10-22", "end_date": "2025-04-13", "max_paralel_dates": 2},
			`invalid input: unknown field "max_paralel_dates" (known: ` + knownBackfill + `)`},
		{"continued backfill", BackfillWorkflowName, json.RawMessage(`{"carried":{"pending":["2025-01-15"],"runz":1}}`),
			`invalid input: unknown field "carried.runz" (known: ` + knownCarried + `)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			var started []string
			env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
				started = append(started, info.ActivityType.Name)
			})
			upserts := 0
			env.OnUpsertTypedSearchAttributes(mock.Anything).Run(func(mock.Arguments) { upserts++ }).Return(nil)
			env.ExecuteWorkflow(tt.wf, tt.input) // by name: the input goes as it is
			var app *temporal.ApplicationError
			err := env.GetWorkflowError()
			if !errors.As(err, &app) || app.Type() != ErrInvalidInput || !app.NonRetryable() || app.Message() != tt.want {
				t.Fatalf("workflow error %v\nwant a non-retryable %s: %s", err, ErrInvalidInput, tt.want)
			}
			if len(started) > 0 || upserts > 0 {
				t.Errorf("the run started activities %v and upserted search attributes %d times; want none", started, upserts)
			}
		})
	}
}

// TestUnknownFieldsIgnoredByRunsStartedBefore: a run recorded before
// strict inputs ignored an unknown key, and replays so; a well-formed
// input, null, or an empty object run as before.
func TestUnknownFieldsIgnoredByRunsStartedBefore(t *testing.T) {
	tests := []struct {
		name    string
		input   any
		version workflow.Version
	}{
		{"unknown key, recorded before", json.RawMessage(`{"game_dat":"2025-01-15"}`), workflow.DefaultVersion},
		{"known keys", json.RawMessage(`{"game_date":"2025-01-15"}`), 1},
		{"empty object", json.RawMessage(`{}`), 1},
		{"null", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			asked := false
			env.OnGetVersion(strictInputsVersion, workflow.DefaultVersion, 1).Run(func(mock.Arguments) { asked = true }).Return(tt.version)
			mockPlan(env, activities.Plan{GameDate: testDate, Defaults: activities.DefaultChunking})
			newFakeChunks(0).mock(env)
			env.ExecuteWorkflow(DailyWorkflowName, tt.input)
			if res := dailyResult(t, env); res.Status != StatusNoGames {
				t.Errorf("result %+v, want no_games", res)
			}
			if want := tt.version == workflow.DefaultVersion; asked != want {
				t.Errorf("asked for %s: %v, want %v (only inputs with unknown keys ask)", strictInputsVersion, asked, want)
			}
		})
	}
}
