package workflows

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

// days returns n consecutive dates from start.
func days(start civil.Date, n int) []civil.Date {
	out := make([]civil.Date, n)
	for i := range out {
		out[i] = start.AddDays(i)
	}
	return out
}

// fakeDays stands in for the daily child runs of a backfill: each takes a
// minute of workflow time, processes 10 players per processor, and fails
// on the dates in failOn.
type fakeDays struct {
	mu          sync.Mutex
	failOn      map[civil.Date]bool
	failCode    map[civil.Date]string // the error type of a failing date; ErrPlanFailed by default
	failMessage string                // its message; "PlanDate failed: box scores missing" by default
	inFlight    int
	maxInFlight int
	ran         []civil.Date
	inputs      []DailyInput
	cancelled   int
}

// newBackfillEnv returns a test environment running BackfillWorkflow over
// the fake daily runs. They are registered, not mocked: the test
// environment does not pass cancellation on to mocked child workflows.
func newBackfillEnv(t *testing.T, f *fakeDays) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger)
	env := suite.NewTestWorkflowEnvironment()
	env.SetTestTimeout(time.Minute)
	env.RegisterWorkflowWithOptions(BackfillWorkflow, workflow.RegisterOptions{Name: BackfillWorkflowName})
	env.RegisterWorkflowWithOptions(f.daily, workflow.RegisterOptions{Name: DailyWorkflowName})
	activities.Register(env, &activities.Activities{})
	return env
}

func (f *fakeDays) daily(ctx workflow.Context, in DailyInput) (DailyResult, error) {
	date, _ := civil.ParseDate(in.GameDate)
	f.mu.Lock()
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.ran = append(f.ran, date)
	f.inputs = append(f.inputs, in)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	if err := workflow.Sleep(ctx, time.Minute); err != nil {
		f.mu.Lock()
		f.cancelled++
		f.mu.Unlock()
		return DailyResult{}, err
	}
	if f.failOn[date] {
		code, msg := cmp.Or(f.failCode[date], ErrPlanFailed), cmp.Or(f.failMessage, "PlanDate failed: box scores missing")
		return DailyResult{}, temporal.NewApplicationError(msg, code)
	}
	return DailyResult{GameDate: in.GameDate, Status: StatusSuccess, FailedPlayers: 1, Processors: []ProcessorResult{
		{Processor: nba.UPGC, Planned: 10}, {Processor: nba.PSZA, Planned: 10},
	}}, nil
}

func mockListDates(env *testsuite.TestWorkflowEnvironment, list activities.GameDateList) *int {
	calls := 0
	env.OnActivity(activities.ListGameDatesName, mock.Anything, mock.Anything).Return(
		func(context.Context, activities.DatesRequest) (activities.GameDateList, error) {
			calls++
			return list, nil
		})
	return &calls
}

func backfillResult(t *testing.T, env *testsuite.TestWorkflowEnvironment) BackfillResult {
	t.Helper()
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("backfill failed: %v", err)
	}
	var res BackfillResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	return res
}

// continuedInput returns the input a backfill continued as new with.
func continuedInput(t *testing.T, env *testsuite.TestWorkflowEnvironment) BackfillInput {
	t.Helper()
	err := env.GetWorkflowError()
	var can *workflow.ContinueAsNewError
	if !errors.As(err, &can) {
		t.Fatalf("backfill ended with %v, want continue-as-new", err)
	}
	if can.WorkflowType.Name != BackfillWorkflowName {
		t.Errorf("continued as %s", can.WorkflowType.Name)
	}
	var next BackfillInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatal(err)
	}
	return next
}

func TestBackfillSkipsOffDaysAndListsFailedDates(t *testing.T) {
	start := civil.Date{Year: 2025, Month: time.February, Day: 10}
	all := days(start, 10)
	games := slices.Concat(all[:4], all[9:]) // the All-Star break: five days off
	fake := &fakeDays{failOn: map[civil.Date]bool{games[2]: true}}
	env := newBackfillEnv(t, fake)
	mockListDates(env, activities.GameDateList{GameDates: games, OffDays: all[4:9]})
	env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{StartDate: all[0].String(), EndDate: all[9].String(), MaxParallelDates: 2, Processors: []string{"upgc"}})
	res := backfillResult(t, env)

	if res.Status != StatusPartial || res.DatesTotal != 5 || res.DatesDone != 4 || res.DatesFailed != 1 {
		t.Errorf("result %+v, want 5 game dates: 4 done, 1 failed", res)
	}
	if len(res.Failed) != 1 || res.Failed[0].Date != games[2] || res.Failed[0].Error != ErrPlanFailed+": PlanDate failed: box scores missing" {
		t.Errorf("failed %+v, want %s with its error", res.Failed, games[2])
	}
	if !slices.Equal(res.SkippedOffDays, all[4:9]) {
		t.Errorf("skipped %v, want the five off-days", res.SkippedOffDays)
	}
	if res.PlayersProcessed != 4*20 || res.FailedPlayers != 4 {
		t.Errorf("players %d (failed %d), want 80 (4)", res.PlayersProcessed, res.FailedPlayers)
	}
	if fake.maxInFlight != 2 {
		t.Errorf("%d dates at once, want the window of 2", fake.maxInFlight)
	}
	for _, in := range fake.inputs {
		if in.RunKind != RunBackfill || !slices.Equal(in.Processors, []string{"upgc"}) {
			t.Errorf("child input %+v, want run kind backfill and the backfill's processors", in)
		}
	}
}

// TestBackfillDefaultWindow: a backfill started without max_parallel_dates
// runs DefaultMaxParallelDates dates at once, and one recorded before that
// default (no version marker in its history) keeps its 4 on replay.
func TestBackfillDefaultWindow(t *testing.T) {
	games := days(civil.Date{Year: 2025, Month: time.March, Day: 1}, 2*DefaultMaxParallelDates)
	for _, tt := range []struct {
		name    string
		version workflow.Version
		want    int
	}{
		{"new backfill", 1, DefaultMaxParallelDates},
		{"recorded before the change", workflow.DefaultVersion, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeDays{}
			env := newBackfillEnv(t, fake)
			env.OnGetVersion(parallelDatesVersion, workflow.DefaultVersion, 1).Return(tt.version)
			mockListDates(env, activities.GameDateList{GameDates: games})
			env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{StartDate: games[0].String(), EndDate: games[len(games)-1].String()})
			res := backfillResult(t, env)
			if res.DatesDone != len(games) || fake.maxInFlight != tt.want {
				t.Errorf("%d of %d dates done, %d at once; want all, %d at once", res.DatesDone, len(games), fake.maxInFlight, tt.want)
			}
		})
	}
}

// TestBackfillContinuesAsNewWithItsProgress runs a backfill of 7 game dates
// 3 at a time per run: each run drains its window before continuing as new,
// carries its progress, and the last run reports the whole backfill.
func TestBackfillContinuesAsNewWithItsProgress(t *testing.T) {
	start := civil.Date{Year: 2025, Month: time.March, Day: 1}
	games := days(start, 7)
	offDays := []civil.Date{start.AddDays(7)}
	in := BackfillInput{StartDate: start.String(), EndDate: offDays[0].String(), ContinueEvery: 3, MaxParallelDates: 2}
	failOn := map[civil.Date]bool{games[1]: true}

	var ran []civil.Date
	for run := 1; ; run++ {
		fake := &fakeDays{failOn: failOn}
		env := newBackfillEnv(t, fake)
		listCalls := mockListDates(env, activities.GameDateList{GameDates: games, OffDays: offDays})
		env.ExecuteWorkflow(BackfillWorkflow, in)
		ran = append(ran, fake.ran...)
		if want := min(run, 2) - 1; *listCalls != 1-want {
			t.Errorf("run %d listed the dates %d times", run, *listCalls)
		}
		if run < 3 {
			next := continuedInput(t, env)
			c := next.Carried
			if len(fake.ran) != 3 || fake.inFlight != 0 {
				t.Errorf("run %d started %d dates and left %d in flight, want 3 and 0", run, len(fake.ran), fake.inFlight)
			}
			if c == nil || c.Runs != run || len(c.Pending) != 7-3*run || c.Done+len(c.Failed) != 3*run ||
				len(c.Failed) != 1 || !slices.Equal(c.SkippedOffDays, offDays) || c.StartedAt.IsZero() || c.DatesTotal != 7 {
				t.Fatalf("run %d carried %+v", run, c)
			}
			in = next
			continue
		}
		res := backfillResult(t, env)
		if res.Runs != 3 || res.DatesDone != 6 || res.DatesFailed != 1 || res.Failed[0].Date != games[1] ||
			len(res.SkippedOffDays) != 1 || res.PlayersProcessed != 6*20 {
			t.Errorf("final result %+v, want the whole backfill over 3 runs", res)
		}
		break
	}
	if slices.SortFunc(ran, civil.Date.Compare); !slices.Equal(ran, games) {
		t.Errorf("dates ran %v, want each game date once", ran)
	}
}

func TestBackfillContinuesAsNewWhenTheServerSuggests(t *testing.T) {
	games := days(testDate, 6)
	fake := &fakeDays{}
	env := newBackfillEnv(t, fake)
	mockListDates(env, activities.GameDateList{GameDates: games})
	env.SetContinueAsNewSuggested(true)
	env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{StartDate: games[0].String(), EndDate: games[5].String(), MaxParallelDates: 3})
	next := continuedInput(t, env)
	// One date starts even then, so a run always makes progress.
	if next.Carried.Done != 1 || len(next.Carried.Pending) != 5 {
		t.Errorf("carried %+v, want 1 date done and 5 pending", next.Carried)
	}
}

func TestBackfillCancellationCancelsItsChildren(t *testing.T) {
	games := days(testDate, 12)
	fake := &fakeDays{}
	env := newBackfillEnv(t, fake)
	mockListDates(env, activities.GameDateList{GameDates: games})
	env.RegisterDelayedCallback(env.CancelWorkflow, 90*time.Second)
	env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{StartDate: games[0].String(), EndDate: games[11].String(), MaxParallelDates: 3})

	if err := env.GetWorkflowError(); !temporal.IsCanceledError(err) {
		t.Fatalf("backfill ended with %v, want cancelled", err)
	}
	// Three dates finished in the first minute, three were in flight and
	// were cancelled, and no other started.
	if len(fake.ran) != 6 || fake.cancelled != 3 || fake.inFlight != 0 {
		t.Errorf("%d dates started, %d cancelled, %d still in flight; want 6, 3, 0", len(fake.ran), fake.cancelled, fake.inFlight)
	}
	val, err := env.QueryWorkflow(ProgressQuery)
	if err != nil {
		t.Fatal(err)
	}
	var p BackfillProgress
	if err := val.Get(&p); err != nil {
		t.Fatal(err)
	}
	if p.DatesDone != 3 || p.DatesFailed != 0 || p.DatesInFlight != 0 {
		t.Errorf("progress %+v, want 3 done and the cancelled dates not counted as failed", p)
	}
}

func TestBackfillProgressQuery(t *testing.T) {
	games := days(testDate, 8)
	fake := &fakeDays{}
	env := newBackfillEnv(t, fake)
	mockListDates(env, activities.GameDateList{GameDates: games, OffDays: []civil.Date{games[7].AddDays(1)}})
	var mid BackfillProgress
	env.RegisterDelayedCallback(func() {
		val, err := env.QueryWorkflow(ProgressQuery)
		if err == nil {
			err = val.Get(&mid)
		}
		if err != nil {
			t.Error(err)
		}
	}, 150*time.Second)
	env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{StartDate: games[0].String(), EndDate: games[7].String(), MaxParallelDates: 2})
	backfillResult(t, env)

	// After 2.5 minutes: two windows of two dates done, two in flight, at
	// 4 dates / 2.5 min = 1.6 dates/min, so the 4 left take 150 s.
	want := BackfillProgress{DatesTotal: 8, DatesDone: 4, DatesInFlight: 2, SkippedOffDays: 1, PlayersProcessed: 80,
		DatesPerMinute: 1.6, ETASeconds: 150, Run: 1}
	if mid != want {
		t.Errorf("progress %+v, want %+v", mid, want)
	}
}

func TestBackfillRejectsBadInput(t *testing.T) {
	for _, in := range []BackfillInput{
		{StartDate: "2025-01-01", EndDate: "2025-01-31", MaxParallelDates: MaxParallelDates + 1},
		{StartDate: "2025-01-01", EndDate: "2025-01-31", ContinueEvery: -1},
		{StartDate: "2025-01-01", EndDate: "2025-01-31", Processors: []string{"nope"}},
	} {
		env := newBackfillEnv(t, &fakeDays{})
		env.ExecuteWorkflow(BackfillWorkflow, in)
		var app *temporal.ApplicationError
		if err := env.GetWorkflowError(); !errors.As(err, &app) || app.Type() != ErrInvalidInput {
			t.Errorf("input %+v: error %v, want %s", in, err, ErrInvalidInput)
		}
	}
}

// TestBackfillMultiSeasonRunsStaySmall: five seasons of dates start at most
// continue_every children per run, and what a run carries to the next stays
// a few kilobytes.
func TestBackfillMultiSeasonRunsStaySmall(t *testing.T) {
	all := days(civil.Date{Year: 2020, Month: time.October, Day: 1}, 5*365)
	var games, offDays []civil.Date
	for i, d := range all {
		if i%9 < 4 { // about 830 game dates, the rest off
			games = append(games, d)
		} else {
			offDays = append(offDays, d)
		}
	}
	fake := &fakeDays{}
	env := newBackfillEnv(t, fake)
	mockListDates(env, activities.GameDateList{GameDates: games, OffDays: offDays})
	env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{StartDate: all[0].String(), EndDate: all[len(all)-1].String()})
	next := continuedInput(t, env)
	if len(fake.ran) != DefaultContinueEvery || len(next.Carried.Pending) != len(games)-DefaultContinueEvery {
		t.Errorf("first run started %d dates and left %d, want %d of %d", len(fake.ran), len(next.Carried.Pending), DefaultContinueEvery, len(games))
	}
	payload, err := converter.GetDefaultDataConverter().ToPayload(next)
	if err != nil {
		t.Fatal(err)
	}
	if size := len(payload.GetData()); size > 64<<10 {
		t.Errorf("the carried input is %d bytes, want under 64 KiB (the server warns at 512 KiB)", size)
	}
}

// TestBackfillOnlyStaleRunsTheStaleDates: with only_stale the backfill asks
// SelectStaleDates once, with its processors, and starts children for the
// dates it returns; the rest are reported up to date.
func TestBackfillOnlyStaleRunsTheStaleDates(t *testing.T) {
	start := civil.Date{Year: 2025, Month: time.February, Day: 10}
	games := days(start, 6)
	fake := &fakeDays{}
	env := newBackfillEnv(t, fake)
	mockListDates(env, activities.GameDateList{GameDates: games})
	var asked []activities.StaleDatesRequest
	env.OnActivity(activities.SelectStaleDatesName, mock.Anything, mock.Anything).Return(
		func(_ context.Context, req activities.StaleDatesRequest) (activities.StaleDateList, error) {
			asked = append(asked, req)
			return activities.StaleDateList{Run: []civil.Date{games[1], games[4]},
				UpToDate: []civil.Date{games[0], games[2], games[3], games[5]}}, nil
		})
	env.ExecuteWorkflow(BackfillWorkflow, BackfillInput{StartDate: games[0].String(), EndDate: games[5].String(),
		Processors: []string{"psza"}, OnlyStale: true})
	res := backfillResult(t, env)

	if len(asked) != 1 || len(asked[0].Dates) != 6 || !slices.Equal(asked[0].Processors, []nba.Processor{nba.PSZA}) {
		t.Errorf("SelectStaleDates asked %+v, want once with the 6 game dates and psza", asked)
	}
	slices.SortFunc(fake.ran, civil.Date.Compare)
	if !slices.Equal(fake.ran, []civil.Date{games[1], games[4]}) {
		t.Errorf("ran %v, want the two stale dates", fake.ran)
	}
	if res.DatesTotal != 2 || res.DatesDone != 2 || len(res.UpToDate) != 4 {
		t.Errorf("result %+v, want 2 of 2 dates done and 4 up to date", res)
	}
}
