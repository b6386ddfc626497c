package activities

import (
	"context"
	"fmt"
	"sync"
	"time"

	"cloud.google.com/go/civil"
	"go.temporal.io/sdk/activity"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// ChunkRequest is one chunk of one processor's players on one date.
type ChunkRequest struct {
	// RunID names the run whose staging the chunk writes to.
	RunID   string              `json:"run_id"`
	Flags   nba.DateFlags       `json:"flags"`
	Mode    nba.RunMode         `json:"mode"`
	Players []nba.PlannedPlayer `json:"players"`
}

// ChunkResult counts what a chunk staged, over all its attempts.
type ChunkResult struct {
	Players int `json:"players"`
	Rows    int `json:"rows"`
	Failed  int `json:"failed"`
	// ResumedAt is the index this attempt started at: 0, or the count of
	// players an earlier attempt had staged and heartbeated.
	ResumedAt int `json:"resumed_at,omitempty"`
}

// ChunkProgress is a chunk's heartbeat: Done players from the start of the
// chunk are staged, with Rows rows and Failed failures among them. A retry
// resumes at index Done.
type ChunkProgress struct {
	Done   int `json:"done"`
	Rows   int `json:"rows"`
	Failed int `json:"failed"`
}

// ComputeContextChunk computes and stages the context rows of a chunk.
func (a *Activities) ComputeContextChunk(ctx context.Context, req ChunkRequest) (ChunkResult, error) {
	res, err := runChunk(ctx, a, req, contextChunks)
	return res, nonRetryableIfRejected(err)
}

// ComputeShotZoneChunk computes and stages the shot-zone rows of a chunk.
func (a *Activities) ComputeShotZoneChunk(ctx context.Context, req ChunkRequest) (ChunkResult, error) {
	res, err := runChunk(ctx, a, req, shotZoneChunks)
	return res, nonRetryableIfRejected(err)
}

// builder is what nba.ContextBuilder and nba.ShotZoneBuilder share.
type builder[R any] interface {
	Build(nba.PlannedPlayer) (R, *nba.Failure)
	Attempt(*nba.Failure) (nba.ReprocessAttempt, bool)
}

// chunkKind is how one processor loads a chunk's inputs and stages its rows.
type chunkKind[R any] struct {
	processor nba.Processor
	load      func(ctx context.Context, wh warehouse.Warehouse, date, seasonStart civil.Date, players []nba.PlannedPlayer, opts nba.BuildOptions) (builder[R], error)
	setRows   func(b *warehouse.StageBatch, rows []R)
}

var contextChunks = chunkKind[nba.PlayerContext]{
	processor: nba.UPGC,
	load: func(ctx context.Context, wh warehouse.Warehouse, date, start civil.Date, players []nba.PlannedPlayer, opts nba.BuildOptions) (builder[nba.PlayerContext], error) {
		in, err := wh.ContextInputs(ctx, date, start, players)
		if err != nil {
			return nil, err
		}
		return nba.NewContextBuilder(in, opts), nil
	},
	setRows: func(b *warehouse.StageBatch, rows []nba.PlayerContext) { b.Contexts = rows },
}

var shotZoneChunks = chunkKind[nba.ShotZoneProfile]{
	processor: nba.PSZA,
	load: func(ctx context.Context, wh warehouse.Warehouse, date, start civil.Date, players []nba.PlannedPlayer, opts nba.BuildOptions) (builder[nba.ShotZoneProfile], error) {
		in, err := wh.ShotZoneInputs(ctx, date, start, players)
		if err != nil {
			return nil, err
		}
		return nba.NewShotZoneBuilder(in, opts), nil
	},
	setRows: func(b *warehouse.StageBatch, rows []nba.ShotZoneProfile) { b.Zones = rows },
}

// runChunk is the body of both chunk activities. It loads the inputs of the
// players not yet staged with one warehouse call, builds each player, stages
// results every StageEvery players, and heartbeats after every player with
// the count of players staged so far: a heartbeated index is always durable,
// so a retry that resumes after it loses nothing and redoes little (Stage
// replaces the run's rows of the players it names, so redoing is safe).
func runChunk[R any](ctx context.Context, a *Activities, req ChunkRequest, kind chunkKind[R]) (ChunkResult, error) {
	if req.RunID == "" {
		return ChunkResult{}, invalidRequest("chunk request without run_id")
	}
	defer a.urgent.begin(req.Mode)()
	begun := time.Now()
	ctx = context.WithValue(ctx, chunkBegunKey{}, begun)
	progress := resumePoint(ctx, len(req.Players))
	result := ChunkResult{Players: len(req.Players), ResumedAt: progress.Done}
	if rest := req.Players[progress.Done:]; len(rest) > 0 {
		var err error
		if progress, err = buildAndStage(ctx, a, req, kind, progress, rest); err != nil {
			return result, err
		}
		activity.GetLogger(ctx).Debug("chunk staged", "processor", kind.processor, "date", req.Flags.GameDate,
			"players", len(req.Players), "rows", progress.Rows, "failed", progress.Failed, "resumedAt", result.ResumedAt)
	}
	result.Rows, result.Failed = progress.Rows, progress.Failed
	recordDuration(ctx, kind.processor, MetricChunkDuration, begun)
	return result, nil
}

// chunkBegunKey holds, in a chunk's context, when its attempt began on
// this worker (Activities.QuietStart): the worker's clock, not the
// server's StartedTime, so that a skew between them cannot hold a
// heartbeat back.
type chunkBegunKey struct{}

// buildAndStage loads, builds and stages the players after progress.
func buildAndStage[R any](ctx context.Context, a *Activities, req ChunkRequest, kind chunkKind[R], progress ChunkProgress, rest []nba.PlannedPlayer) (ChunkProgress, error) {
	// Heartbeat before the load too, so a cancellation is seen early (after
	// the quiet start, when there is one).
	a.recordHeartbeat(ctx, progress)
	opts := nba.BuildOptions{Now: a.now(), Config: a.Config, Flags: req.Flags, Mode: req.Mode}
	var b builder[R]
	err := a.whileWaiting(ctx, progress, func() (err error) {
		if err := a.urgent.yield(ctx, req.Mode); err != nil {
			return err
		}
		b, err = kind.load(ctx, a.Warehouse, req.Flags.GameDate, req.Flags.SeasonStart, rest, opts)
		return err
	})
	if err != nil {
		return progress, fmt.Errorf("load %s inputs for %d players: %w", kind.processor, len(rest), err)
	}
	s := stager[R]{a: a, kind: kind, req: req, progress: progress}
	for i, p := range rest {
		if err := a.whileWaiting(ctx, s.progress, func() error { return a.urgent.yield(ctx, req.Mode) }); err != nil {
			return s.progress, err
		}
		s.add(b, p)
		if len(s.pending) >= a.stageEvery(req.Mode) || i == len(rest)-1 {
			if err := a.whileWaiting(ctx, s.progress, func() error { return s.flush(ctx) }); err != nil {
				return s.progress, err
			}
		}
		a.recordHeartbeat(ctx, s.progress)
	}
	return s.progress, nil
}

// whileWaiting runs a warehouse call, heartbeating the unchanged progress
// every third of the heartbeat timeout meanwhile: a slow call (a BigQuery
// job takes seconds, a busy sqlite file waits for its lock) must not look
// like a lost worker. The progress it reports is the one before the call, so
// nothing unstaged is ever heartbeated.
func (a *Activities) whileWaiting(ctx context.Context, progress ChunkProgress, call func() error) error {
	return a.heartbeatWhile(ctx, activity.GetInfo(ctx).HeartbeatTimeout/3, progress, call)
}

// heartbeatWhile runs call, heartbeating progress every interval (never,
// when interval is not positive).
func (a *Activities) heartbeatWhile(ctx context.Context, interval time.Duration, progress ChunkProgress, call func() error) error {
	return beatWhile(interval, func() { a.recordHeartbeat(ctx, progress) }, call)
}

// beatWhile runs call, running beat every interval from another goroutine
// until call returns (never, when interval is not positive).
func beatWhile(interval time.Duration, beat func(), call func() error) error {
	if interval <= 0 {
		return call()
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				beat()
			}
		}
	})
	err := call()
	close(done)
	wg.Wait()
	return err
}

// resumePoint returns the progress heartbeated by an earlier attempt, or
// zero. Details it cannot trust (unreadable, out of range) mean starting
// over, which is safe because staging is replaced per player.
func resumePoint(ctx context.Context, players int) ChunkProgress {
	var p ChunkProgress
	if !activity.HasHeartbeatDetails(ctx) {
		return p
	}
	if err := activity.GetHeartbeatDetails(ctx, &p); err != nil || p.Done < 0 || p.Done > players {
		activity.GetLogger(ctx).Warn("ignoring heartbeat details", "details", p, "error", err)
		return ChunkProgress{}
	}
	return p
}

// stager collects built players until the next flush to staging.
type stager[R any] struct {
	a        *Activities
	kind     chunkKind[R]
	req      ChunkRequest
	progress ChunkProgress
	pending  []string
	rows     []R
	failures []nba.Failure
	attempts []nba.ReprocessAttempt
}

// add builds one player and keeps its row, or its failure and the circuit
// breaker attempt that failure records.
func (s *stager[R]) add(b builder[R], p nba.PlannedPlayer) {
	s.pending = append(s.pending, p.PlayerLookup)
	row, f := b.Build(p)
	if f == nil {
		s.rows = append(s.rows, row)
		return
	}
	s.failures = append(s.failures, *f)
	if at, ok := b.Attempt(f); ok {
		s.attempts = append(s.attempts, at)
	}
}

// flush stages the pending players and advances the progress past them.
func (s *stager[R]) flush(ctx context.Context) error {
	if len(s.pending) == 0 {
		return nil
	}
	batch := warehouse.StageBatch{
		RunID:     s.req.RunID,
		Processor: s.kind.processor,
		Date:      s.req.Flags.GameDate,
		Players:   s.pending,
		Failures:  s.failures,
		Attempts:  s.attempts,
	}
	s.kind.setRows(&batch, s.rows)
	if err := s.a.Warehouse.Stage(ctx, batch); err != nil {
		return fmt.Errorf("stage %s rows of %d players: %w", s.kind.processor, len(s.pending), err)
	}
	recordStaged(ctx, s.kind.processor, len(s.pending), s.failures)
	s.progress.Done += len(s.pending)
	s.progress.Rows += len(s.rows)
	s.progress.Failed += len(s.failures)
	s.pending, s.rows, s.failures, s.attempts = nil, nil, nil, nil
	return nil
}
