package bench

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// The rows of the table make bench prints, in its order: the measures
// docs/design.md ("Performance targets") sets targets for.
const (
	dateDefault        = "1. one game date, ~650 players, both processors, default chunking"
	datePerPlayer      = "2. one game date, one activity per player"
	seasonOrchestrated = "3. synthetic season backfill on the dev server"
	seasonInProcess    = "4. the same season in process, no Temporal (the floor)"
	realSeason         = "5. real 2017-18 season, 2017-12-01 to 2018-04-11, after import-dir"
	killedWorker       = "6. chunks of a killed worker finished on another worker"
	seasonRatio        = "7. orchestrated season / in-process floor"
	contextsOneCore    = "8. internal/nba player contexts on one core"
	tonightAlone       = "9. tonight's game date alone (as row 10 runs it)"
	tonightBusy        = "10. tonight's game date beside a season backfill"
)

// row is a line of the table: its target, and whether a figure meets it.
type row struct {
	name, target string
	met          func(figure) bool
}

var rows = []row{
	{dateDefault, "under 0.5 s", func(f figure) bool { return f.seconds < 0.5 }},
	{datePerPlayer, "at least 120 players/s", func(f figure) bool { return f.rate() >= 120 }},
	{seasonOrchestrated, "under 40 s", func(f figure) bool { return f.seconds < 40 }},
	{seasonInProcess, "under 15 s", func(f figure) bool { return f.seconds < 15 }},
	{realSeason, "under 30 s", func(f figure) bool { return f.seconds < 30 }},
	{killedWorker, "within 10 s", nil},
	{seasonRatio, "at most 3x", nil},
	{contextsOneCore, "at least 20,000/s", func(f figure) bool { return f.rate() >= 20000 }},
	{tonightAlone, "the reference of row 10", nil},
	{tonightBusy, "at most 2x row 9", func(f figure) bool {
		alone, ok := figures[tonightAlone]
		return ok && f.seconds <= 2*alone.seconds
	}},
}

// figure is what one benchmark measured: the wall time of one run and the
// players (or contexts) it processed.
type figure struct {
	seconds float64
	players int
}

func (f figure) rate() float64 { return float64(f.players) / f.seconds }

var (
	figuresMu sync.Mutex
	figures   = map[string]figure{}
)

// record keeps the figure of a row; a later run of the row replaces it.
func record(name string, elapsed time.Duration, players int) {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	figures[name] = figure{seconds: elapsed.Seconds(), players: players}
}

// printTable prints every row: the figure this run measured and whether it
// meets its target, or why there is none.
func printTable(w io.Writer) {
	if len(figures) == 0 {
		return
	}
	fmt.Fprintf(w, "\n| measure | wall time | players | players/s | target | met |\n|---|---|---|---|---|---|\n")
	for _, r := range rows {
		f, ok := figures[r.name]
		switch {
		case r.name == killedWorker && ok:
			fmt.Fprintf(w, "| %s | %.2f s | %d chunks | | %s | %s |\n", r.name, f.seconds, f.players, r.target, yesNo(f.seconds < 10))
		case r.name == killedWorker:
			fmt.Fprintf(w, "| %s | not measured (set %s, see make bench) | | | %s | |\n", r.name, envRecoveryFile, r.target)
		case r.name == seasonRatio:
			orchestrated, ok1 := figures[seasonOrchestrated]
			floor, ok2 := figures[seasonInProcess]
			if !ok1 || !ok2 {
				fmt.Fprintf(w, "| %s | not measured | | | %s | |\n", r.name, r.target)
				continue
			}
			ratio := orchestrated.seconds / floor.seconds
			fmt.Fprintf(w, "| %s | %.2fx | | | %s | %s |\n", r.name, ratio, r.target, yesNo(ratio <= 3))
		case !ok:
			fmt.Fprintf(w, "| %s | not measured | | | %s | |\n", r.name, r.target)
		case r.met == nil:
			fmt.Fprintf(w, "| %s | %.2f s | %d | %.0f | %s | |\n", r.name, f.seconds, f.players, f.rate(), r.target)
		default:
			fmt.Fprintf(w, "| %s | %.2f s | %d | %.0f | %s | %s |\n", r.name, f.seconds, f.players, f.rate(), r.target, yesNo(r.met(f)))
		}
	}
}

// envRecoveryFile is where faults.TestKill9WorkerMidBackfill wrote its
// recovery figure (faults.EnvRecoveryFile): make bench runs it first.
const envRecoveryFile = "NBAFLOW_KILL_RECOVERY_FILE"

// recordKillRecovery reads the kill test's figure, "SECONDS CHUNKS", into
// its row, when make bench had the kill test write one.
func recordKillRecovery() error {
	path := os.Getenv(envRecoveryFile)
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var seconds float64
	var chunks int
	if _, err := fmt.Sscanf(string(data), "%f %d", &seconds, &chunks); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	record(killedWorker, time.Duration(seconds*float64(time.Second)), chunks)
	return nil
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
