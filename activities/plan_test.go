package activities

import (
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
)

func TestPlanDate(t *testing.T) {
	both := []nba.Processor{nba.UPGC, nba.PSZA}
	opener := civil.Date{Year: 2024, Month: time.October, Day: 22}
	early := opener.AddDays(5)
	box := []nba.PlayerGame{
		{GameDate: opener, PlayerLookup: "alpha", TeamAbbr: "ATL", MinutesPlayed: 30},
		{GameDate: opener, PlayerLookup: "bravo", TeamAbbr: "BOS", FGAttempts: 2},
		{GameDate: opener, PlayerLookup: "dnp", TeamAbbr: "BOS"},
	}
	tests := []struct {
		name       string
		date       string
		processors []nba.Processor
		games      []civil.Date
		noOpener   bool
		wantErr    string // error type of a non-retryable failure
		want       func(t *testing.T, p Plan, wh *fakeWarehouse)
	}{
		{
			name: "no games", date: "2025-02-16", processors: both,
			want: func(t *testing.T, p Plan, wh *fakeWarehouse) {
				if p.HasGames || len(p.ContextPlayers)+len(p.ShotZonePlayers) != 0 {
					t.Errorf("plan = %+v, want no games and no players", p)
				}
			},
		},
		{
			name: "shot zones from the season's box scores", date: testDate.String(), processors: both, games: []civil.Date{testDate},
			want: func(t *testing.T, p Plan, wh *fakeWarehouse) {
				if !p.HasGames || p.Flags.SeasonStart != opener || p.Flags.GameDate != testDate {
					t.Errorf("plan = %+v, want games with flags from the opener", p)
				}
				if got := playerNames(p.ShotZonePlayers); len(got) != 2 || got[0] != "alpha" || got[1] != "bravo" {
					t.Errorf("shot-zone players %v, want alpha and bravo (dnp took no shot)", got)
				}
				if p.Defaults != DefaultChunking {
					t.Errorf("defaults %+v, want the worker's %+v", p.Defaults, DefaultChunking)
				}
			},
		},
		{
			name: "shot zones skip the first 14 days", date: early.String(), processors: both, games: []civil.Date{early},
			want: func(t *testing.T, p Plan, wh *fakeWarehouse) {
				if p.SkipReason(nba.PSZA) != SkippedEarlySeason || len(p.ShotZonePlayers) != 0 || wh.boxLoads != 0 {
					t.Errorf("plan = %+v after %d box-score loads, want PSZA skipped without loading", p, wh.boxLoads)
				}
			},
		},
		{
			name: "only the processors asked for", date: testDate.String(), processors: []nba.Processor{nba.UPGC}, games: []civil.Date{testDate},
			want: func(t *testing.T, p Plan, wh *fakeWarehouse) {
				if wh.boxLoads != 0 || p.ShotZonePlayers != nil {
					t.Errorf("box scores loaded %d times for a context-only plan", wh.boxLoads)
				}
			},
		},
		{name: "malformed date", date: "2025-13-45", processors: both, wantErr: ErrInvalidRequest},
		{name: "unknown processor", date: testDate.String(), processors: []nba.Processor{"box_scores"}, wantErr: ErrInvalidRequest},
		{name: "no opener", date: testDate.String(), processors: both, games: []civil.Date{testDate}, noOpener: true, wantErr: ErrNoSeasonStart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wh := newFakeWarehouse()
			wh.gameDates = tt.games
			wh.boxScores = box
			if !tt.noOpener {
				wh.seasonStarts[2024] = opener
			}
			env := newActivityEnv(t, wh, 1, nil)
			val, err := env.ExecuteActivity(PlanDateName, PlanRequest{GameDate: tt.date, Processors: tt.processors})
			if tt.wantErr != "" {
				assertNonRetryable(t, err, true, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			var p Plan
			if err := val.Get(&p); err != nil {
				t.Fatal(err)
			}
			if want := testNow.UTC().Truncate(time.Microsecond); !p.PlannedAt.Equal(want) {
				t.Errorf("planned at %v, want the clock's %v (the run's fence)", p.PlannedAt, want)
			}
			tt.want(t, p, wh)
		})
	}
}
