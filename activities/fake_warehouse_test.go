package activities

import (
	"context"
	"slices"
	"sync"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// fakeWarehouse is an in-memory warehouse.Warehouse for activity tests: it
// serves fixed plan inputs and records what is staged, committed and
// discarded. Input loads return empty inputs, so builders report failures;
// the tests count staged players, whatever the builder made of them.
type fakeWarehouse struct {
	mu sync.Mutex

	gameDates    []civil.Date
	seasonStarts map[int]civil.Date
	planInputs   nba.PlanInputs
	boxScores    []nba.PlayerGame

	// failStage, when set, is asked before every Stage call (1-based).
	failStage func(call int) error
	// failLoad, when set, fails input loads.
	failLoad error

	stageCalls  int
	staged      map[string]map[string]warehouse.StageBatch // run/processor -> player -> the batch that staged it
	loads       [][]string                                 // players of each input load
	boxLoads    int
	commits     []warehouse.CommitRequest
	discarded   []string
	commitReply warehouse.CommitResult
	commitErr   error
}

var _ warehouse.Warehouse = (*fakeWarehouse)(nil)

func newFakeWarehouse() *fakeWarehouse {
	return &fakeWarehouse{seasonStarts: map[int]civil.Date{}, staged: map[string]map[string]warehouse.StageBatch{}}
}

func (f *fakeWarehouse) GameDates(_ context.Context, from, to civil.Date) ([]civil.Date, error) {
	var out []civil.Date
	for _, d := range f.gameDates {
		if !d.Before(from) && !d.After(to) {
			out = append(out, d)
		}
	}
	return out, nil
}

func (f *fakeWarehouse) SeasonStart(_ context.Context, year int) (civil.Date, bool, error) {
	d, ok := f.seasonStarts[year]
	return d, ok, nil
}

func (f *fakeWarehouse) PlanInputs(context.Context, civil.Date) (nba.PlanInputs, error) {
	return f.planInputs, nil
}

func (f *fakeWarehouse) ShotZoneCandidates(_ context.Context, date, seasonStart civil.Date) ([]nba.ShotZoneCandidate, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.boxLoads++
	return nba.ShotZoneCandidates(date, seasonStart, f.boxScores), nil
}

func (f *fakeWarehouse) recordLoad(players []nba.PlannedPlayer) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failLoad != nil {
		return f.failLoad
	}
	var names []string
	for _, p := range players {
		names = append(names, p.PlayerLookup)
	}
	f.loads = append(f.loads, names)
	return nil
}

func (f *fakeWarehouse) ContextInputs(_ context.Context, date, start civil.Date, players []nba.PlannedPlayer) (*nba.ContextInputs, error) {
	if err := f.recordLoad(players); err != nil {
		return nil, err
	}
	return &nba.ContextInputs{Date: date, SeasonStart: start}, nil
}

func (f *fakeWarehouse) ShotZoneInputs(_ context.Context, date, start civil.Date, players []nba.PlannedPlayer) (*nba.ShotZoneInputs, error) {
	if err := f.recordLoad(players); err != nil {
		return nil, err
	}
	return &nba.ShotZoneInputs{Date: date, SeasonStart: start}, nil
}

func (f *fakeWarehouse) Stage(_ context.Context, b warehouse.StageBatch) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stageCalls++
	if f.failStage != nil {
		if err := f.failStage(f.stageCalls); err != nil {
			return err
		}
	}
	key := b.RunID + "/" + string(b.Processor)
	if f.staged[key] == nil {
		f.staged[key] = map[string]warehouse.StageBatch{}
	}
	for _, p := range b.Players {
		f.staged[key][p] = b
	}
	return nil
}

// stagedPlayers lists the players staged for a run and processor, sorted.
func (f *fakeWarehouse) stagedPlayers(runID string, p nba.Processor) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for name := range f.staged[runID+"/"+string(p)] {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func (f *fakeWarehouse) Commit(_ context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commits = append(f.commits, req)
	return f.commitReply, f.commitErr
}

func (f *fakeWarehouse) DiscardRun(_ context.Context, runID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.discarded = append(f.discarded, runID)
	return nil
}

func (f *fakeWarehouse) LoadDataset(context.Context, *nba.Dataset) (warehouse.LoadReport, error) {
	return warehouse.LoadReport{}, nil
}

func (f *fakeWarehouse) PlayerContexts(context.Context, civil.Date) ([]nba.PlayerContext, error) {
	return nil, nil
}

func (f *fakeWarehouse) ShotZoneProfiles(context.Context, civil.Date) ([]nba.ShotZoneProfile, error) {
	return nil, nil
}

func (f *fakeWarehouse) EntityFailures(context.Context, civil.Date) ([]warehouse.FailureRecord, error) {
	return nil, nil
}

func (f *fakeWarehouse) RunHistory(context.Context, civil.Date) ([]warehouse.RunRecord, error) {
	return nil, nil
}

func (f *fakeWarehouse) CommittedRuns(context.Context, civil.Date, civil.Date) ([]warehouse.CommittedRunRow, error) {
	return nil, nil
}

func (f *fakeWarehouse) StagedRuns(context.Context) ([]warehouse.StagedRun, error) { return nil, nil }

func (f *fakeWarehouse) SweepStaging(context.Context, time.Time) ([]warehouse.StagedRun, error) {
	return nil, nil
}

func (f *fakeWarehouse) Close() error { return nil }
