package warehouse

import (
	"fmt"
	"reflect"
	"sync"
	"time"

	"nbaflow/internal/nba"
)

// Datasets (BigQuery) that group the tables.
const (
	DatasetRaw           = "nba_raw"
	DatasetAnalytics     = "nba_analytics"
	DatasetPrecompute    = "nba_precompute"
	DatasetProcessing    = "nba_processing"
	DatasetOrchestration = "nba_orchestration"
	// DatasetStaging holds the staging tables on BigQuery: a run's own,
	// created by its loads and expiring on their own (StagingExpiration).
	DatasetStaging = "nba_staging"
)

// StagingExpiration is how long a BigQuery staging table lives: a run that
// never commits (terminated, timed out) leaves nothing behind for longer.
const StagingExpiration = 24 * time.Hour

// Role says who writes a table.
type Role int

// Table roles.
const (
	// RoleInput tables hold source rows, written by LoadDataset (seed, import).
	RoleInput Role = iota
	// RoleOutput tables hold the processors' rows, written by Commit.
	RoleOutput
	// RoleProcessing tables hold failures, breaker attempts and run history, written by Commit.
	RoleProcessing
	// RoleStaging tables hold a run's uncommitted rows, written by Stage.
	// SQLite has one of each, keyed by run; on BigQuery each is the schema
	// of the tables a run's loads create (package bigquery, staging.go).
	RoleStaging
)

// Table describes one warehouse table. Both backends, the DDL and the CSV
// import read this one definition; the columns come from the row type's
// `col` tags (nba.ColumnsOf).
type Table struct {
	Name        string
	Dataset     string
	Role        Role
	Description string
	// Row is the Go row type; its `col` tags are the columns.
	Row reflect.Type
	// RunID adds a leading run_id column that Row does not have (staging).
	RunID bool
	// Key is the natural key: loading or committing a row with an existing
	// key replaces it. Empty for append-only tables.
	Key []string
	// Date is the date column that reads filter on (and Stage and Commit
	// scope by); Partition is the BigQuery partitioning column.
	Date      string
	Partition string
	Cluster   []string
	// Indexes are the sqlite indexes, one per access path.
	Indexes [][]string

	once sync.Once
	cols []Column
}

// Columns returns the table's columns in order.
func (t *Table) Columns() []Column {
	t.once.Do(func() {
		if t.RunID {
			t.cols = append(t.cols, Column{Name: "run_id", Kind: KindString, Field: -1})
		}
		t.cols = append(t.cols, columnsOf(t.Row)...)
	})
	return t.cols
}

// Column returns the named column; ok is false when the table has none.
func (t *Table) Column(name string) (c Column, ok bool) {
	for _, c := range t.Columns() {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// MustColumns returns the named columns in the given order; an unknown name
// is a programming error and panics.
func (t *Table) MustColumns(names ...string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		c, ok := t.Column(n)
		if !ok {
			panic(fmt.Sprintf("warehouse: table %s has no column %s", t.Name, n))
		}
		cols[i] = c
	}
	return cols
}

// ColumnNames returns the names of cols.
func ColumnNames(cols []Column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

func rowType[T any]() reflect.Type { return reflect.TypeFor[T]() }

var (
	idxPlayerDate = []string{"player_lookup", "game_date"}
	idxTeamDate   = []string{"team_abbr", "game_date"}
	idxGameDate   = []string{"game_date"}
)

// The input tables (docs/domain.md §2 in the canonical layout).
var (
	Schedule = &Table{Name: "schedule", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.ScheduledGame](),
		Description: "one row per scheduled game, regular season and playoffs",
		Key:         []string{"game_id"}, Date: "game_date", Partition: "", Cluster: []string{"season_year", "game_date"},
		Indexes: [][]string{idxGameDate, {"season_year", "game_date"},
			// a team's games of a season by date, either side: the games completeness windows expect
			{"home_team_abbr", "season_year", "game_date"}, {"away_team_abbr", "season_year", "game_date"}}}
	PlayerGames = &Table{Name: "player_game_summary", Dataset: DatasetAnalytics, Role: RoleInput, Row: rowType[nba.PlayerGame](),
		Description: "one box score per player and game, with shot zones",
		Key:         []string{"game_id", "player_lookup"}, Date: "game_date", Partition: "game_date", Cluster: []string{"player_lookup", "team_abbr"},
		Indexes: [][]string{idxPlayerDate, idxTeamDate, idxGameDate,
			// covers the planner's sums of qualifying games (the shot-zone universe)
			{"game_date", "player_lookup", "minutes_played", "fg_attempts"}}}
	Gamebook = &Table{Name: "gamebook_player_stats", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.GamebookEntry](),
		Description: "who was recorded in each game, DNP rows included",
		Key:         []string{"game_id", "player_lookup"}, Date: "game_date", Partition: "game_date", Cluster: []string{"player_lookup", "team_abbr"},
		Indexes: [][]string{idxPlayerDate, idxTeamDate, idxGameDate}}
	TeamGames = &Table{Name: "team_game_summary", Dataset: DatasetAnalytics, Role: RoleInput, Row: rowType[nba.TeamGame](),
		Description: "one offense and defense summary per team and game",
		Key:         []string{"game_id", "team_abbr"}, Date: "game_date", Partition: "game_date", Cluster: []string{"team_abbr"},
		Indexes: [][]string{idxTeamDate, idxGameDate}}
	OddsProps = &Table{Name: "odds_api_player_points_props", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.OddsProp](),
		Description: "Odds API player points line snapshots",
		Key:         []string{"game_id", "player_lookup", "bookmaker", "snapshot_utc"}, Date: "game_date", Partition: "game_date", Cluster: []string{"player_lookup", "game_id"},
		Indexes: [][]string{idxPlayerDate, idxGameDate}}
	BettingProsProps = &Table{Name: "bettingpros_player_points_props", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.BettingProsProp](),
		Description: "BettingPros player points offers",
		Key:         []string{"game_date", "player_lookup", "bookmaker", "market_type", "bet_side", "bookmaker_last_update"},
		Date:        "game_date", Partition: "game_date", Cluster: []string{"player_lookup"},
		Indexes: [][]string{idxPlayerDate}}
	GameLines = &Table{Name: "game_lines", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.GameLineSnapshot](),
		Description: "spread and total snapshots per game, bookmaker and outcome",
		Key:         []string{"game_id", "bookmaker", "market", "snapshot_utc", "outcome"}, Date: "game_date", Partition: "game_date", Cluster: []string{"game_id"},
		Indexes: [][]string{idxGameDate, {"game_id"}}}
	Rosters = &Table{Name: "team_rosters", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.RosterEntry](),
		Description: "roster snapshots: one row per team, player and roster date",
		Key:         []string{"roster_date", "team_abbr", "player_lookup"}, Date: "roster_date", Partition: "roster_date", Cluster: []string{"team_abbr", "player_lookup"},
		Indexes: [][]string{{"player_lookup", "roster_date"}, {"team_abbr", "roster_date"}}}
	Injuries = &Table{Name: "injury_report", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.InjuryReport](),
		Description: "injury report lines per game date, player and report time",
		Key:         []string{"game_date", "player_lookup", "reported_at"}, Date: "game_date", Partition: "game_date", Cluster: []string{"team_abbr", "player_lookup"},
		Indexes: [][]string{idxGameDate, idxTeamDate}}
	Players = &Table{Name: "players", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.Player](),
		Description: "the player registry: names, birth dates, universal ids",
		Key:         []string{"player_lookup"}}
	Arenas = &Table{Name: "arenas", Dataset: DatasetRaw, Role: RoleInput, Row: rowType[nba.Arena](),
		Description: "each team's home arena with coordinates and IANA time zone",
		Key:         []string{"team_abbr"}}
)

// The output tables of the two processors.
var (
	Contexts = &Table{Name: string(nba.UPGC), Dataset: DatasetAnalytics, Role: RoleOutput, Row: rowType[nba.PlayerContext](),
		Description: "upcoming player game context: one row per player and game date",
		Key:         []string{"game_date", "player_lookup"}, Date: "game_date", Partition: "game_date",
		Cluster: []string{"player_lookup", "universal_player_id", "game_date"}, Indexes: [][]string{idxPlayerDate, {"game_id"}}}
	Zones = &Table{Name: string(nba.PSZA), Dataset: DatasetPrecompute, Role: RoleOutput, Row: rowType[nba.ShotZoneProfile](),
		Description: "player shot zone analysis: one row per player and analysis date",
		Key:         []string{"analysis_date", "player_lookup"}, Date: "analysis_date", Partition: "analysis_date",
		Cluster: []string{"player_lookup", "universal_player_id", "analysis_date"}, Indexes: [][]string{{"player_lookup", "analysis_date"}}}
)

// The processing tables: failures, breaker attempts, run history and the
// committed run of each (processor, date).
var (
	Failures = &Table{Name: "entity_failures", Dataset: DatasetProcessing, Role: RoleProcessing, Row: rowType[FailureRow](),
		Description: "one row per player a committed run could not process, with the category and reason",
		Date:        "analysis_date", Partition: "analysis_date", Cluster: []string{"processor_name", "entity_id"},
		Indexes: [][]string{{"analysis_date", "processor_name", "entity_id"}, {"run_id"}}}
	Attempts = &Table{Name: "reprocess_attempts", Dataset: DatasetOrchestration, Role: RoleProcessing, Row: rowType[nba.ReprocessAttempt](),
		Description: "the entity circuit breaker's recorded failed attempts (§5.3)",
		Date:        "analysis_date", Partition: "analysis_date", Cluster: []string{"processor_name", "entity_id", "analysis_date"},
		Indexes: [][]string{{"analysis_date", "entity_id", "processor_name"}}}
	RunHistory = &Table{Name: "processor_run_history", Dataset: DatasetOrchestration, Role: RoleProcessing, Row: rowType[RunHistoryRow](),
		Description: "one row per committed (processor, date, run) with the commit's counts, superseded runs included",
		Key:         []string{"processor_name", "data_date", "run_id"}, Date: "data_date", Partition: "data_date", Cluster: []string{"processor_name"},
		Indexes: [][]string{{"data_date"}, {"run_id"}}}
	CommittedRuns = &Table{Name: "committed_runs", Dataset: DatasetOrchestration, Role: RoleProcessing, Row: rowType[CommittedRunRow](),
		Description: "the run whose outcome each (processor, date) holds, with its fence (plan time, run id)",
		Key:         []string{"processor_name", "data_date"}, Date: "data_date", Partition: "data_date", Cluster: []string{"processor_name"}}
)

// The staging tables: a run's rows between Stage and Commit.
var (
	StagedContexts = stagingOf(Contexts, []string{"game_date", "player_lookup"})
	StagedZones    = stagingOf(Zones, []string{"analysis_date", "player_lookup"})
	StagedFailures = &Table{Name: "staging_" + Failures.Name, Dataset: DatasetStaging, Role: RoleStaging, Row: Failures.Row,
		Description: "failures staged by a run, moved to entity_failures on commit",
		Date:        "analysis_date", Cluster: []string{"run_id", "processor_name", "analysis_date"},
		Indexes: [][]string{{"run_id", "processor_name", "analysis_date", "entity_id"}}}
	StagedAttempts = &Table{Name: "staging_" + Attempts.Name, Dataset: DatasetStaging, Role: RoleStaging, Row: Attempts.Row, RunID: true,
		Description: "breaker attempts staged by a run, moved to reprocess_attempts on commit",
		Key:         []string{"run_id", "processor_name", "analysis_date", "entity_id", "attempt_number"},
		Date:        "analysis_date", Cluster: []string{"run_id", "processor_name", "analysis_date"}}
)

func stagingOf(out *Table, key []string) *Table {
	return &Table{Name: "staging_" + out.Name, Dataset: DatasetStaging, Role: RoleStaging, Row: out.Row, RunID: true,
		Description: "rows of " + out.Name + " staged by a run, merged on commit",
		Key:         append([]string{"run_id"}, key...), Date: out.Date, Cluster: []string{"run_id", out.Date}}
}

// Tables lists every table, inputs first.
var Tables = []*Table{
	Schedule, PlayerGames, Gamebook, TeamGames, OddsProps, BettingProsProps, GameLines, Rosters, Injuries, Players, Arenas,
	Contexts, Zones,
	Failures, Attempts, RunHistory, CommittedRuns,
	StagedContexts, StagedZones, StagedFailures, StagedAttempts,
}

// TableNamed returns the table of that name.
func TableNamed(name string) (*Table, bool) {
	for _, t := range Tables {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

// OutputTable returns the output table and its staging table of a processor.
func OutputTable(p nba.Processor) (out, staging *Table, err error) {
	switch p {
	case nba.UPGC:
		return Contexts, StagedContexts, nil
	case nba.PSZA:
		return Zones, StagedZones, nil
	}
	return nil, nil, fmt.Errorf("unknown processor %q", p)
}
