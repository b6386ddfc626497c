package workflows

import (
	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
)

// chunking is how a run splits and schedules its players.
type chunking struct {
	// size is players per chunk, unless perProcessor is set: then each
	// processor's players are cut into perProcessor chunks of equal size.
	size         int
	perProcessor int
	window       int
	parallel     bool
}

// BackfillChunks is how many chunks a date of a backfill cuts each
// processor's players into, when the backfill does not set chunk_size. No
// one watches a backfill player by player, and every chunk costs the
// server an activity and the worker a load of inputs: on 2 cores the dev
// server completes about 94 activities/s, so a season in chunks of 25
// players (about 4,500 activities) spends close to 50 s orchestrating
// alone. Two chunks a processor keep both processors of a date and two
// workers busy, and a lost chunk still resumes after its last heartbeated
// player; measured on a synthetic season in docs/operations.md §4.
const BackfillChunks = 2

// backfillChunksVersion marks daily runs of a backfill (run kind backfill)
// that cut each processor's players into BackfillChunks chunks instead of
// the worker's PLAYER_CHUNK_SIZE. Runs recorded before it schedule chunks
// of the worker's size, and replay so.
const backfillChunksVersion = "backfill-chunks-per-processor"

// chunkingFor merges the run's input over the worker's defaults. A backfill
// date that sets no chunk_size is cut per processor (BackfillChunks); a
// daily run keeps the worker's chunk size, so that an operator watching a
// date sees its players go by. An explicit chunk_size always wins.
func (p dailyParams) chunkingFor(ctx workflow.Context, d activities.ChunkDefaults) chunking {
	c := chunking{size: d.ChunkSize, window: d.MaxParallelChunks, parallel: d.Parallel}
	switch {
	case p.input.ChunkSize > 0:
		c.size = p.input.ChunkSize
	case p.kind == RunBackfill && cutsBackfillPerProcessor(ctx):
		c.perProcessor = BackfillChunks
	}
	if p.input.MaxParallelChunks > 0 {
		c.window = p.input.MaxParallelChunks
	}
	if p.input.Parallel != nil {
		c.parallel = *p.input.Parallel
	}
	c.size = max(c.size, 1)
	c.window = min(max(c.window, 1), MaxParallelChunks)
	if !c.parallel {
		c.window = 1
	}
	return c
}

// cutsBackfillPerProcessor reports whether this backfill date cuts its
// players per processor (backfillChunksVersion).
func cutsBackfillPerProcessor(ctx workflow.Context) bool {
	return workflow.GetVersion(ctx, backfillChunksVersion, workflow.DefaultVersion, 1) >= 1
}

// sizeFor is the chunk size for a processor of n players.
func (c chunking) sizeFor(n int) int {
	if c.perProcessor > 0 {
		return max((n+c.perProcessor-1)/c.perProcessor, 1)
	}
	return c.size
}
