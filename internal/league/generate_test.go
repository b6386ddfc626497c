package league

import (
	"errors"
	"reflect"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	again := generate(t, testConfig)
	if !reflect.DeepEqual(season(t), again) {
		t.Fatalf("two runs of %+v differ", testConfig)
	}
}

func TestGenerateDependsOnSeedAndSeason(t *testing.T) {
	base := season(t)
	tests := []struct {
		name string
		cfg  Config
	}{
		{"other seed", Config{SeasonYear: testConfig.SeasonYear, Seed: testConfig.Seed + 1}},
		{"other season", Config{SeasonYear: testConfig.SeasonYear + 1, Seed: testConfig.Seed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := generate(t, tt.cfg)
			if reflect.DeepEqual(ds.Schedule, base.Schedule) {
				t.Error("schedule did not change")
			}
			if reflect.DeepEqual(ds.PlayerGames, base.PlayerGames) {
				t.Error("box scores did not change")
			}
		})
	}
}

func TestGenerateConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr bool
		perTeam int
	}{
		{"default roster size", Config{SeasonYear: 2024, Seed: 3}, false, 15},
		{"small rosters", Config{SeasonYear: 2024, Seed: 3, PlayersPerTeam: 12}, false, 12},
		{"too few players", Config{SeasonYear: 2024, Seed: 3, PlayersPerTeam: 5}, true, 0},
		{"too many players", Config{SeasonYear: 2024, Seed: 3, PlayersPerTeam: 40}, true, 0},
		{"no season", Config{Seed: 3}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := Generate(tt.cfg)
			if tt.wantErr {
				if !errors.Is(err, errConfig) {
					t.Fatalf("Generate(%+v) error = %v, want a config error", tt.cfg, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Generate(%+v): %v", tt.cfg, err)
			}
			if got, want := len(ds.Players), tt.perTeam*numTeams; got != want {
				t.Errorf("players = %d, want %d", got, want)
			}
			if got, want := len(ds.Gamebook), 2*len(ds.Schedule)*tt.perTeam; got != want {
				t.Errorf("gamebook rows = %d, want one per rostered player and game (%d)", got, want)
			}
		})
	}
}
