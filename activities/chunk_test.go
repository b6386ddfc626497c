package activities

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"

	"nbaflow/internal/nba"
)

var (
	testDate  = civil.Date{Year: 2025, Month: time.January, Day: 15}
	testStart = civil.Date{Year: 2024, Month: time.October, Day: 22}
	testNow   = time.Date(2025, time.January, 16, 12, 0, 0, 0, time.UTC)
)

const testRun = "nba-daily-2025-01-15/run-1"

// chunkKinds are the two chunk activities, tested alike.
var chunkKinds = []struct {
	activity  string
	processor nba.Processor
}{
	{ComputeContextChunkName, nba.UPGC},
	{ComputeShotZoneChunkName, nba.PSZA},
}

// heartbeatFunc observes a chunk's heartbeats.
type heartbeatFunc func(ChunkProgress)

// newActivityEnv registers activities over wh in a fresh test environment.
// onBeat, when set, sees every heartbeat before it goes to the SDK (which
// throttles what it sends, so the SDK's listener would see fewer); configure
// changes the activities before they are registered.
func newActivityEnv(t *testing.T, wh *fakeWarehouse, stageEvery int, onBeat heartbeatFunc, configure ...func(*Activities)) *testsuite.TestActivityEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger())
	env := suite.NewTestActivityEnvironment()
	a := &Activities{
		Warehouse:  wh,
		Clock:      func() time.Time { return testNow },
		Config:     nba.DefaultConfig,
		Chunking:   DefaultChunking,
		StageEvery: stageEvery,
	}
	a.heartbeat = func(ctx context.Context, details ...any) {
		if onBeat != nil {
			onBeat(details[0].(ChunkProgress))
		}
		activity.RecordHeartbeat(ctx, details...)
	}
	for _, c := range configure {
		c(a)
	}
	Register(env, a)
	return env
}

func plannedPlayers(n int) []nba.PlannedPlayer {
	teams := []string{"ATL", "BOS"}
	players := make([]nba.PlannedPlayer, n)
	for i := range players {
		players[i] = nba.PlannedPlayer{PlayerLookup: fmt.Sprintf("player%02d", i), TeamAbbr: teams[i*len(teams)/n]}
	}
	return players
}

func playerNames(players []nba.PlannedPlayer) []string {
	var names []string
	for _, p := range players {
		names = append(names, p.PlayerLookup)
	}
	slices.Sort(names)
	return names
}

func chunkRequest(players []nba.PlannedPlayer) ChunkRequest {
	return ChunkRequest{RunID: testRun, Flags: nba.NewDateFlags(testDate, testStart), Mode: nba.RunDaily, Players: players}
}

// executeChunk runs a chunk activity over players and returns its result.
func executeChunk(t *testing.T, env *testsuite.TestActivityEnvironment, name string, players []nba.PlannedPlayer) ChunkResult {
	t.Helper()
	val, err := env.ExecuteActivity(name, chunkRequest(players))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var res ChunkResult
	if err := val.Get(&res); err != nil {
		t.Fatal(err)
	}
	return res
}

// heartbeatRecorder collects a chunk's heartbeats, checking at each one that
// every player it counts as done is already staged.
func heartbeatRecorder(t *testing.T, wh *fakeWarehouse, proc nba.Processor, players []nba.PlannedPlayer) (*[]ChunkProgress, heartbeatFunc) {
	t.Helper()
	var beats []ChunkProgress
	return &beats, func(p ChunkProgress) {
		staged := wh.stagedPlayers(testRun, proc)
		for _, name := range playerNames(players[:p.Done]) {
			if _, ok := slices.BinarySearch(staged, name); !ok {
				t.Errorf("heartbeat says %d done, but %s is not staged", p.Done, name)
			}
		}
		beats = append(beats, p)
	}
}

func TestChunkHeartbeatsAfterEveryPlayerWithStagedCount(t *testing.T) {
	const n = 7
	for _, kind := range chunkKinds {
		for _, every := range []int{1, 2, 3, 10} {
			t.Run(fmt.Sprintf("%s/stage_every_%d", kind.processor, every), func(t *testing.T) {
				wh := newFakeWarehouse()
				players := plannedPlayers(n)
				beats, onBeat := heartbeatRecorder(t, wh, kind.processor, players)
				env := newActivityEnv(t, wh, every, onBeat)

				res := executeChunk(t, env, kind.activity, players)
				if res.Players != n || res.Rows+res.Failed != n || res.ResumedAt != 0 {
					t.Errorf("result = %+v, want %d players, rows+failed = %d", res, n, n)
				}
				// One heartbeat before the load, then one after every player.
				if len(*beats) != n+1 {
					t.Fatalf("%d heartbeats, want %d", len(*beats), n+1)
				}
				for i, b := range (*beats)[1:] {
					flushed := (i + 1) / every * every
					if i == n-1 {
						flushed = n
					}
					if b.Done != flushed {
						t.Errorf("heartbeat after player %d says %d done, want %d", i, b.Done, flushed)
					}
				}
				if want := (n + every - 1) / every; wh.stageCalls != want {
					t.Errorf("%d stage calls, want %d", wh.stageCalls, want)
				}
				if got := wh.stagedPlayers(testRun, kind.processor); !slices.Equal(got, playerNames(players)) {
					t.Errorf("staged %v, want every player", got)
				}
				if len(wh.loads) != 1 || len(wh.loads[0]) != n {
					t.Errorf("input loads %v, want one load of %d players", wh.loads, n)
				}
			})
		}
	}
}

// TestChunkQuietStart: a chunk sends no heartbeat before it has run for
// QuietStart, and after it every one, each with the staged count. The
// second of four stages is slow, so the quiet start ends in it.
func TestChunkQuietStart(t *testing.T) {
	const n = 4
	slow := 400 * time.Millisecond
	tests := []struct {
		name  string
		quiet time.Duration
		want  []int // Done of each heartbeat
	}{
		{"none", 0, []int{0, 1, 2, 3, 4}},
		{"ends in the slow stage", slow / 2, []int{2, 3, 4}},
		{"longer than the chunk", time.Hour, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wh := newFakeWarehouse()
			wh.failStage = func(call int) error {
				if call == 2 {
					time.Sleep(slow)
				}
				return nil
			}
			players := plannedPlayers(n)
			beats, onBeat := heartbeatRecorder(t, wh, nba.PSZA, players)
			env := newActivityEnv(t, wh, 1, onBeat, func(a *Activities) { a.QuietStart = tt.quiet })
			executeChunk(t, env, ComputeShotZoneChunkName, players)
			var got []int
			for _, b := range *beats {
				got = append(got, b.Done)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("heartbeats say %v done, want %v", got, tt.want)
			}
		})
	}
}

func TestChunkResumesAfterLastHeartbeatedPlayer(t *testing.T) {
	for _, kind := range chunkKinds {
		t.Run(string(kind.processor), func(t *testing.T) {
			wh := newFakeWarehouse()
			env := newActivityEnv(t, wh, 1, nil)
			players := plannedPlayers(6)
			env.SetHeartbeatDetails(ChunkProgress{Done: 4, Rows: 1, Failed: 3})

			res := executeChunk(t, env, kind.activity, players)
			if res.ResumedAt != 4 || res.Rows+res.Failed != 6 {
				t.Errorf("result = %+v, want resumed at 4 with the earlier attempt's counts carried", res)
			}
			if want := playerNames(players[4:]); len(wh.loads) != 1 || !slices.Equal(wh.loads[0], want) {
				t.Errorf("loaded %v, want only the players after the heartbeat %v", wh.loads, want)
			}
			if got, want := wh.stagedPlayers(testRun, kind.processor), playerNames(players[4:]); !slices.Equal(got, want) {
				t.Errorf("staged %v, want %v", got, want)
			}
		})
	}
}

// TestChunkRetryAfterStageFailureLosesNothing fails a chunk's third write to
// staging, then retries it from its last heartbeat, as Temporal would: every
// player ends up staged once and the players before the failure are not redone.
func TestChunkRetryAfterStageFailureLosesNothing(t *testing.T) {
	for _, kind := range chunkKinds {
		t.Run(string(kind.processor), func(t *testing.T) {
			wh := newFakeWarehouse()
			wh.failStage = func(call int) error {
				if call == 3 {
					return errors.New("database is locked")
				}
				return nil
			}
			players := plannedPlayers(5)
			beats, onBeat := heartbeatRecorder(t, wh, kind.processor, players)
			first := newActivityEnv(t, wh, 1, onBeat)
			if _, err := first.ExecuteActivity(kind.activity, chunkRequest(players)); err == nil {
				t.Fatal("first attempt succeeded, want the stage error")
			}
			last := (*beats)[len(*beats)-1]
			if last.Done != 2 {
				t.Fatalf("last heartbeat of the failed attempt says %d done, want 2", last.Done)
			}

			retry := newActivityEnv(t, wh, 1, nil)
			retry.SetHeartbeatDetails(last)
			res := executeChunk(t, retry, kind.activity, players)
			if res.ResumedAt != 2 || res.Rows+res.Failed != 5 {
				t.Errorf("retry result = %+v, want resumed at 2 and all 5 players counted", res)
			}
			if got := wh.stagedPlayers(testRun, kind.processor); !slices.Equal(got, playerNames(players)) {
				t.Errorf("staged %v, want every player", got)
			}
			if wh.stageCalls != 3+3 {
				t.Errorf("%d stage calls, want 3 (failed attempt) + 3 (retry of players 2..4)", wh.stageCalls)
			}
		})
	}
}

func TestChunkErrors(t *testing.T) {
	tests := []struct {
		name         string
		req          ChunkRequest
		loadErr      error
		nonRetryable bool
	}{
		{"no run id", ChunkRequest{Flags: nba.NewDateFlags(testDate, testStart), Players: plannedPlayers(2)}, nil, true},
		{"warehouse down", chunkRequest(plannedPlayers(2)), errors.New("connection refused"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wh := newFakeWarehouse()
			wh.failLoad = tt.loadErr
			env := newActivityEnv(t, wh, 1, nil)
			_, err := env.ExecuteActivity(ComputeContextChunkName, tt.req)
			assertNonRetryable(t, err, tt.nonRetryable, ErrInvalidRequest)
		})
	}
}

func TestSlowWarehouseCallsKeepHeartbeating(t *testing.T) {
	var mu sync.Mutex
	var beats []ChunkProgress
	a := &Activities{heartbeat: func(_ context.Context, details ...any) {
		mu.Lock()
		defer mu.Unlock()
		beats = append(beats, details[0].(ChunkProgress))
	}}
	progress := ChunkProgress{Done: 5, Rows: 4, Failed: 1}
	err := a.heartbeatWhile(context.Background(), 10*time.Millisecond, progress, func() error {
		time.Sleep(55 * time.Millisecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(beats) < 3 {
		t.Errorf("%d heartbeats during a 55 ms call every 10 ms, want several", len(beats))
	}
	for _, b := range beats {
		if b != progress {
			t.Errorf("heartbeat %+v during the call, want the progress before it %+v", b, progress)
		}
	}
}

// TestBeatWhile: a call is run once, its error returned, and beaten for
// every interval it lasts; without an interval it is not beaten at all.
func TestBeatWhile(t *testing.T) {
	failed := errors.New("warehouse gone")
	tests := []struct {
		name     string
		interval time.Duration
		err      error
		minBeats int
		maxBeats int // negative: no bound, as a loaded machine stretches the call
	}{
		{"no heartbeat timeout", 0, nil, 0, 0},
		{"every 10 ms of a 55 ms call", 10 * time.Millisecond, nil, 3, -1},
		{"a failing call", 10 * time.Millisecond, failed, 3, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var beats, calls atomic.Int32
			err := beatWhile(tt.interval, func() { beats.Add(1) }, func() error {
				calls.Add(1)
				time.Sleep(55 * time.Millisecond)
				return tt.err
			})
			if !errors.Is(err, tt.err) || calls.Load() != 1 {
				t.Errorf("error %v after %d calls, want %v after one", err, calls.Load(), tt.err)
			}
			if n := int(beats.Load()); n < tt.minBeats || (tt.maxBeats >= 0 && n > tt.maxBeats) {
				t.Errorf("%d beats, want %d to %d", n, tt.minBeats, tt.maxBeats)
			}
		})
	}
}
