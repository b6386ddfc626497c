package workflows

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"nbaflow/activities"
	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

var (
	testDate    = civil.Date{Year: 2025, Month: time.January, Day: 15}
	testOpener  = civil.Date{Year: 2024, Month: time.October, Day: 22}
	testFlags   = nba.NewDateFlags(testDate, testOpener)
	testTeams   = []string{"ATL", "BOS", "BKN", "CHA", "CHI", "CLE", "DAL", "DEN", "DET", "GSW"}
	quietLogger = tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
)

// newTestEnv returns a workflow test environment with both workflows and
// every activity registered (activities are mocked per test).
func newTestEnv(t *testing.T) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger)
	env := suite.NewTestWorkflowEnvironment()
	env.SetTestTimeout(time.Minute)
	Register(env)
	activities.Register(env, &activities.Activities{})
	return env
}

// testPlan plans a date with nUPGC and nPSZA players, sorted by team as
// the real planner sorts them.
func testPlan(nUPGC, nPSZA int, defaults activities.ChunkDefaults) activities.Plan {
	flags := testFlags
	return activities.Plan{
		GameDate:        testDate,
		HasGames:        true,
		Games:           5,
		Flags:           &flags,
		ContextPlayers:  testPlayers("u", nUPGC),
		ShotZonePlayers: testPlayers("z", nPSZA),
		Defaults:        defaults,
	}
}

func testPlayers(prefix string, n int) []nba.PlannedPlayer {
	players := make([]nba.PlannedPlayer, n)
	for i := range players {
		players[i] = nba.PlannedPlayer{PlayerLookup: fmt.Sprintf("%s%03d", prefix, i), TeamAbbr: testTeams[i*len(testTeams)/n]}
	}
	return players
}

// failsBuild says which test players the fake builder fails: every tenth.
func failsBuild(player string) bool { return strings.HasSuffix(player, "7") }

// fakeChunks stands in for the chunk, commit and discard activities: it
// records what each processor staged and how many chunks ran at once.
type fakeChunks struct {
	mu          sync.Mutex
	delay       time.Duration
	staged      map[nba.Processor][]string
	calls       map[string]int // per chunk (processor and first player)
	sizes       map[nba.Processor][]int
	inFlight    map[nba.Processor]int
	maxInFlight map[nba.Processor]int
	total       int
	maxTotal    int
	commits     []activities.CommitDateRequest
	discards    []string
	// deleted is the count of rows each commit reports deleted;
	// supersededBy, when set, makes every commit report superseded.
	deleted      int
	supersededBy string
	// commitDelay is how long a commit takes; maxCommitsInFlight is the most
	// commits that were in flight at once.
	commitDelay                         time.Duration
	commitsInFlight, maxCommitsInFlight int
	// onCommit, when set, is told how many commits have begun.
	onCommit func(begun int)
	// fail, when set, may fail a chunk's attempt.
	fail func(p nba.Processor, req activities.ChunkRequest, attempt int32) error
	// onStart, when set, is told how many chunk attempts have started.
	onStart func(started int)
	started int
}

func newFakeChunks(delay time.Duration) *fakeChunks {
	return &fakeChunks{
		delay:       delay,
		staged:      map[nba.Processor][]string{},
		calls:       map[string]int{},
		sizes:       map[nba.Processor][]int{},
		inFlight:    map[nba.Processor]int{},
		maxInFlight: map[nba.Processor]int{},
	}
}

// mock registers the fakes for every activity but PlanDate.
func (f *fakeChunks) mock(env *testsuite.TestWorkflowEnvironment) {
	env.OnActivity(activities.ComputeContextChunkName, mock.Anything, mock.Anything).Return(f.chunk(nba.UPGC))
	env.OnActivity(activities.ComputeShotZoneChunkName, mock.Anything, mock.Anything).Return(f.chunk(nba.PSZA))
	env.OnActivity(activities.CommitDateName, mock.Anything, mock.Anything).Return(f.commit)
	env.OnActivity(activities.DiscardRunName, mock.Anything, mock.Anything).Return(f.discard)
}

func (f *fakeChunks) chunk(p nba.Processor) func(context.Context, activities.ChunkRequest) (activities.ChunkResult, error) {
	return func(ctx context.Context, req activities.ChunkRequest) (activities.ChunkResult, error) {
		f.mu.Lock()
		f.calls[string(p)+"/"+req.Players[0].PlayerLookup]++
		f.sizes[p] = append(f.sizes[p], len(req.Players))
		f.inFlight[p]++
		f.total++
		f.maxInFlight[p] = max(f.maxInFlight[p], f.inFlight[p])
		f.maxTotal = max(f.maxTotal, f.total)
		f.started++
		started := f.started
		f.mu.Unlock()
		if f.onStart != nil {
			f.onStart(started)
		}
		defer func() {
			f.mu.Lock()
			f.inFlight[p]--
			f.total--
			f.mu.Unlock()
		}()
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return activities.ChunkResult{}, ctx.Err()
		}
		if f.fail != nil {
			if err := f.fail(p, req, activity.GetInfo(ctx).Attempt); err != nil {
				return activities.ChunkResult{}, err
			}
		}
		res := activities.ChunkResult{Players: len(req.Players)}
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, pl := range req.Players {
			f.staged[p] = append(f.staged[p], pl.PlayerLookup)
			if failsBuild(pl.PlayerLookup) {
				res.Failed++
			} else {
				res.Rows++
			}
		}
		return res, nil
	}
}

// commit reports what was staged as inserted, as a first run would, and
// f.deleted rows deleted.
func (f *fakeChunks) commit(_ context.Context, req activities.CommitDateRequest) (warehouse.CommitResult, error) {
	f.mu.Lock()
	f.commitsInFlight++
	f.maxCommitsInFlight = max(f.maxCommitsInFlight, f.commitsInFlight)
	begun := len(f.commits) + f.commitsInFlight
	f.mu.Unlock()
	if f.onCommit != nil {
		f.onCommit(begun)
	}
	time.Sleep(f.commitDelay)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commitsInFlight--
	f.commits = append(f.commits, req)
	if f.supersededBy != "" {
		return warehouse.CommitResult{Superseded: true, SupersededBy: f.supersededBy}, nil
	}
	res := warehouse.CommitResult{Deleted: f.deleted}
	for _, p := range f.staged[req.Processor] {
		if failsBuild(p) {
			res.Failed++
		} else {
			res.Inserted++
		}
	}
	if res.Failed > 0 {
		res.FailuresByCategory = map[string]int{string(nba.DataError): res.Failed}
	}
	return res, nil
}

func (f *fakeChunks) discard(_ context.Context, runID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.discards = append(f.discards, runID)
	return nil
}

// stagedSorted returns each processor's staged players, sorted.
func (f *fakeChunks) stagedSorted() map[nba.Processor][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[nba.Processor][]string{}
	for p, players := range f.staged {
		out[p] = slices.Sorted(slices.Values(players))
	}
	return out
}

func (f *fakeChunks) committed() []nba.Processor {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []nba.Processor
	for _, c := range f.commits {
		out = append(out, c.Processor)
	}
	return out
}

// mockPlan makes PlanDate return plan, recording the requests it gets.
func mockPlan(env *testsuite.TestWorkflowEnvironment, plan activities.Plan) *[]activities.PlanRequest {
	var reqs []activities.PlanRequest
	env.OnActivity(activities.PlanDateName, mock.Anything, mock.Anything).Return(
		func(_ context.Context, req activities.PlanRequest) (activities.Plan, error) {
			reqs = append(reqs, req)
			return plan, nil
		})
	return &reqs
}

// dailyResult runs env's workflow to the end and returns its result.
func dailyResult(t *testing.T, env *testsuite.TestWorkflowEnvironment) DailyResult {
	t.Helper()
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	var res DailyResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	return res
}

func boolPtr(b bool) *bool { return &b }
