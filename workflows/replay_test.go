package workflows

import (
	"os"
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// TestReplayRecordedHistories replays histories recorded from real runs on
// the dev server (see record_test.go) against today's workflow code: a
// change that would break running workflows fails here as nondeterminism.
func TestReplayRecordedHistories(t *testing.T) {
	for _, name := range []string{
		"daily_failed_player.json",       // a daily run in which players failed
		"backfill_continued_as_new.json", // the first run of a backfill that continued as new
		// Recorded before runs committed empty outcomes (commitEmptyOutcomesVersion):
		"daily_no_games.json",           // a date without games: no commit
		"daily_shot_zones_skipped.json", // PSZA skipped early in the season: no PSZA commit
		// Recorded with the fences, empty outcomes, serial commits and bounded backfills:
		"daily_no_games_committed.json",     // a date that lost its games commits no players
		"daily_serial.json",                 // one chunk at a time
		"daily_cancelled_with_discard.json", // cancelled mid-compute: discards its staging
		"daily_scheduled.json",              // started by a Schedule: its date from the scheduled time
		"daily_reset.json",                  // a reset to the first workflow task, committing for real
		"backfill_carried_state.json",       // a backfill run continued as new with its progress
		"backfill_of_listed_dates.json",     // listed dates, one processor: what retry-failed starts
		// Recorded with strict inputs (strictInputsVersion):
		"daily_unknown_field.json", // {"game_dat": ...}: fails as an invalid input naming the key
		// Recorded with backfill dates in chunks per processor (backfillChunksVersion):
		"daily_backfill_chunks.json", // a backfill's daily run: two chunks a processor
		// Recorded with only_stale and backfill priority (backfillPriorityVersion):
		"backfill_only_stale.json", // SelectStaleDates, then one child at priority 5
		// Recorded with backfill children on their own queue (backfillQueueVersion):
		"backfill_only_stale_own_queue.json", // the same, its child on the backfill queue
	} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			history, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// Replay as the recorded execution: child workflow IDs derive
			// from the workflow ID.
			started := history.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
			replayer := worker.NewWorkflowReplayer()
			Register(replayer)
			err = replayer.ReplayWorkflowHistoryWithOptions(quietLogger, history, worker.ReplayWorkflowHistoryOptions{
				OriginalExecution: workflow.Execution{ID: started.GetWorkflowId(), RunID: started.GetOriginalExecutionRunId()},
			})
			if err != nil {
				t.Fatalf("replay %s: %v", name, err)
			}
		})
	}
}
