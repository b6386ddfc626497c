package workflows

import (
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/workflow"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

// TestChunkingPerRunKind: a daily run cuts its players into the worker's
// chunk size, so an operator watching the date sees its players go by; a
// backfill date cuts each processor's players into BackfillChunks chunks of
// equal size, unless it was recorded before that (backfillChunksVersion);
// a chunk_size in the input wins over both.
func TestChunkingPerRunKind(t *testing.T) {
	const upgc, psza = 331, 300
	tests := []struct {
		name      string
		kind      string
		chunkSize int
		recorded  bool // before backfillChunksVersion
		want      map[nba.Processor][]int
	}{
		{"manual run: the worker's size", RunManual, 0, false, map[nba.Processor][]int{nba.UPGC: sizes(upgc, 25), nba.PSZA: sizes(psza, 25)}},
		{"scheduled run: the worker's size", RunScheduled, 0, false, map[nba.Processor][]int{nba.UPGC: sizes(upgc, 25), nba.PSZA: sizes(psza, 25)}},
		{"backfill date: two chunks a processor", RunBackfill, 0, false, map[nba.Processor][]int{nba.UPGC: {165, 166}, nba.PSZA: {150, 150}}},
		{"backfill date recorded before the version", RunBackfill, 0, true, map[nba.Processor][]int{nba.UPGC: sizes(upgc, 25), nba.PSZA: sizes(psza, 25)}},
		{"backfill date with a chunk_size", RunBackfill, 40, false, map[nba.Processor][]int{nba.UPGC: sizes(upgc, 40), nba.PSZA: sizes(psza, 40)}},
		{"manual run with a chunk_size", RunManual, 1, false, map[nba.Processor][]int{nba.UPGC: sizes(upgc, 1), nba.PSZA: sizes(psza, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			mockPlan(env, testPlan(upgc, psza, activities.DefaultChunking))
			fake := newFakeChunks(time.Millisecond)
			fake.mock(env)
			if tt.recorded {
				env.OnGetVersion(backfillChunksVersion, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
			}
			env.ExecuteWorkflow(DailyWorkflow, DailyInput{GameDate: testDate.String(), RunKind: tt.kind, ChunkSize: tt.chunkSize})
			res := dailyResult(t, env)
			for i, p := range allProcessors {
				got := slices.Sorted(slices.Values(fake.sizes[p]))
				if !slices.Equal(got, tt.want[p]) || res.Processors[i].Chunks != len(tt.want[p]) {
					t.Errorf("%s: chunks of %v players (%d reported), want %v", shortName(p), got, res.Processors[i].Chunks, tt.want[p])
				}
			}
		})
	}
}

// sizes is the sorted chunk sizes of n players in chunks of size.
func sizes(n, size int) []int {
	var out []int
	for ; n > 0; n -= size {
		out = append(out, min(n, size))
	}
	slices.Sort(out)
	return out
}

// TestChunkSizeFor: cutting per processor spreads the players evenly and
// never makes an empty chunk size.
func TestChunkSizeFor(t *testing.T) {
	tests := []struct {
		c       chunking
		players int
		want    int
	}{
		{chunking{size: 25}, 331, 25},
		{chunking{size: 25, perProcessor: 2}, 331, 166},
		{chunking{size: 25, perProcessor: 2}, 300, 150},
		{chunking{size: 25, perProcessor: 2}, 1, 1},
		{chunking{size: 25, perProcessor: 2}, 0, 1},
	}
	for _, tt := range tests {
		if got := tt.c.sizeFor(tt.players); got != tt.want {
			t.Errorf("%+v.sizeFor(%d) = %d, want %d", tt.c, tt.players, got, tt.want)
		}
	}
}
