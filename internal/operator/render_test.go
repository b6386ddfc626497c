package operator

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/nba"
	"nbaflow/workflows"
)

func TestBar(t *testing.T) {
	tests := []struct {
		done, total int
		want        string
	}{
		{0, 10, "[>                       ]"},
		{5, 10, "[============>           ]"},
		{10, 10, "[========================]"},
		{3, 0, "[>                       ]"},
	}
	for _, tt := range tests {
		if got := bar(tt.done, tt.total); got != tt.want {
			t.Errorf("bar(%d, %d) = %q, want %q", tt.done, tt.total, got, tt.want)
		}
	}
}

func TestProgressLine(t *testing.T) {
	daily := Progress{Daily: &workflows.DailyProgress{Phase: "compute", Processors: []workflows.ProcessorProgress{
		{Processor: nba.UPGC, Planned: 200, Done: 150, Failed: 2},
		{Processor: nba.PSZA, Planned: 300, Done: 100},
	}}}
	if got := ProgressLine(daily); !strings.Contains(got, "250/500 players · UPGC 150/200 · PSZA 100/300 · 2 failed · compute") {
		t.Errorf("daily line = %q", got)
	}
	backfill := Progress{Backfill: &workflows.BackfillProgress{DatesTotal: 10, DatesDone: 4, DatesFailed: 1, DatesInFlight: 2,
		PlayersProcessed: 900, DatesPerMinute: 2.5, ETASeconds: 120}}
	if got := ProgressLine(backfill); !strings.Contains(got, "5/10 dates · 1 failed · 2 in flight · 900 players · 2.5 dates/min · ETA 2m0s") {
		t.Errorf("backfill line = %q", got)
	}
}

func TestSummaries(t *testing.T) {
	var b bytes.Buffer
	WriteDailySummary(&b, workflows.DailyResult{GameDate: "2025-01-15", RunKind: "manual", Status: "completed", FailedPlayers: 3,
		Processors: []workflows.ProcessorResult{{Processor: nba.PSZA, Planned: 450, Inserted: 440, Deleted: 7, Failed: 3,
			FailuresByCategory: map[string]int{"EXPECTED_INCOMPLETE": 2, "DATA_ERROR": 1}},
			{Processor: nba.UPGC, Planned: 200, Superseded: true, SupersededBy: "nba-daily-2025-01-15/r2"}}}, "http://ui/x")
	for _, want := range []string{"2025-01-15 (manual): completed, 3 failed", "PSZA  450 players planned: 440 inserted",
		"0 unchanged, 7 deleted, 3 failed", "UPGC  200 players planned: superseded by the newer run nba-daily-2025-01-15/r2",
		"DATA_ERROR", "EXPECTED_INCOMPLETE", "UI: http://ui/x"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("daily summary lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Index(b.String(), "DATA_ERROR") > strings.Index(b.String(), "EXPECTED_INCOMPLETE") {
		t.Error("categories are not sorted")
	}
	b.Reset()
	WriteBackfillSummary(&b, workflows.BackfillResult{Status: "partial", DatesTotal: 3, DatesDone: 2, DatesFailed: 1,
		Failed: []workflows.FailedDate{{Error: "boom"}}}, "http://ui/y")
	if !strings.Contains(b.String(), "failed 0000-00-00: boom") || !strings.Contains(b.String(), "retry-failed") {
		t.Errorf("backfill summary:\n%s", b.String())
	}
	b.Reset()
	WriteBackfillSummary(&b, workflows.BackfillResult{Status: "stopped", DatesTotal: 30, DatesFailed: 10, DatesNotStarted: 20,
		StoppedReason: "stopped after 10 dates in a row failed with WAREHOUSE_REJECTED"}, "http://ui/y")
	if !strings.Contains(b.String(), "Backfill: stopped") || !strings.Contains(b.String(), "failed with WAREHOUSE_REJECTED; 20 dates not started") {
		t.Errorf("stopped backfill summary:\n%s", b.String())
	}
}

func TestScheduleSettingsValidate(t *testing.T) {
	tests := []struct {
		s  ScheduleSettings
		ok bool
	}{
		{DefaultScheduleSettings, true},
		{ScheduleSettings{Hour: 24, CatchupWindow: time.Hour}, false},
		{ScheduleSettings{Hour: 9, Minute: 60, CatchupWindow: time.Hour}, false},
		{ScheduleSettings{Hour: 9, CatchupWindow: time.Second, RunTimeout: time.Hour}, false},
		{ScheduleSettings{Hour: 9, CatchupWindow: time.Hour}, false}, // no run timeout: a hung night would run forever
		{ScheduleSettings{Hour: 9, CatchupWindow: time.Hour, RunTimeout: 3 * time.Second}, true},
	}
	for _, tt := range tests {
		if err := tt.s.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%+v) = %v, want ok %v", tt.s, err, tt.ok)
		}
	}
	spec := DefaultScheduleSettings.spec()
	if spec.TimeZoneName != "America/New_York" || spec.Calendars[0].Hour[0].Start != 10 {
		t.Errorf("spec = %+v", spec)
	}
}
