package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

// windowedReadIndexes are the indexes migration 3 adds for the windowed reads.
var windowedReadIndexes = []string{
	"schedule_home_team_abbr_season_year_game_date",
	"schedule_away_team_abbr_season_year_game_date",
	"player_game_summary_game_date_player_lookup_minutes_played_fg_attempts",
}

// TestMigrationToWindowedReadIndexes opens a database of schema version 2,
// made before the windowed reads: opening it again creates their indexes.
func TestMigrationToWindowedReadIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	w := openFile(t, path)
	if missing := missingIndexes(t, w.DB()); len(missing) > 0 {
		t.Fatalf("a new database lacks %v", missing)
	}
	for _, idx := range windowedReadIndexes {
		if _, err := w.DB().Exec("DROP INDEX " + idx); err != nil {
			t.Fatal(err)
		}
	}
	rewind(t, w, 2)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w = openFile(t, path)
	if missing := missingIndexes(t, w.DB()); len(missing) > 0 {
		t.Errorf("after migration 3 the database lacks %v", missing)
	}
}

// missingIndexes returns the windowed reads' indexes the database lacks.
func missingIndexes(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'index'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		have = append(have, name)
	}
	var missing []string
	for _, idx := range windowedReadIndexes {
		if !slices.Contains(have, idx) {
			missing = append(missing, idx)
		}
	}
	return missing
}
