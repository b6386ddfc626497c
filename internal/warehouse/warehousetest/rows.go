package warehousetest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// Context returns a context row of a fixture player on d whose content
// depends on points; at stamps created_at and processed_at.
func Context(player string, d civil.Date, points float64, at time.Time) nba.PlayerContext {
	c := nba.PlayerContext{
		PlayerLookup: player, UniversalPlayerID: str(player + "_001"), GameID: "g_" + d.String(), GameDate: d,
		TeamAbbr: teamOf(player, d), OpponentTeamAbbr: "BBB", HasPropLine: true, CurrentPointsLine: f64(20.5),
		CurrentPointsLineSource: str("draftkings"), GameSpread: f64(-3.5), HomeGame: true, SeasonPhase: nba.SeasonPhase(d),
		DaysRest: i64(1), GamesInLast7Days: 3, PointsAvgLast5: f64(points), L5GamesUsed: 5, L5SampleQuality: "good",
		QualityTier: "high", QualityScore: 95.5, QualityIssues: []string{"no_bettingpros", `quote ' and "double"`},
		DataSources: []string{"odds_api"}, DataQualityIssues: []string{}, CompletenessPercentage: 100, IsProductionReady: true,
		ProcessingDecisionReason: "processed_successfully", ContextVersion: nba.ContextVersion, CreatedAt: at, ProcessedAt: at,
	}
	c.DataHash = nba.ContentHash(&c)
	return c
}

// Zone returns a shot-zone row of a fixture player on d whose content
// depends on paintRate; at stamps created_at and processed_at.
func Zone(player string, d civil.Date, paintRate float64, at time.Time) nba.ShotZoneProfile {
	sourceUpdated := utc(d, 1) // the box scores', not the run's
	z := nba.ShotZoneProfile{
		PlayerLookup: player, UniversalPlayerID: str(player + "_001"), AnalysisDate: d, PaintRateLast10: f64(paintRate),
		TotalShotsLast10: i64(170), GamesInSample10: 10, SampleQuality10: "excellent", PaintPctLast10: f64(0.6),
		PrimaryScoringZone: str("paint"), DataQualityTier: "high", SourcePlayerGameLastUpdated: &sourceUpdated,
		DataQualityIssues: []string{}, ProcessingDecisionReason: "processed_successfully", CreatedAt: at, ProcessedAt: at,
	}
	z.DataHash = nba.ContentHash(&z)
	return z
}

// ContextBatch is a context batch of run on d: one row per player, whose
// content depends on points.
func ContextBatch(run string, d civil.Date, players []string, points float64, at time.Time) warehouse.StageBatch {
	b := warehouse.StageBatch{RunID: run, Processor: nba.UPGC, Date: d, Players: players}
	for _, p := range players {
		b.Contexts = append(b.Contexts, Context(p, d, points, at))
	}
	return b
}

// Failure returns a failure of player.
func Failure(p nba.Processor, player string, c nba.Category) nba.Failure {
	return nba.Failure{Processor: p, PlayerLookup: player, GameID: "g_" + player, Category: c, Reason: "fixture " + string(c),
		CanRetry: c == nba.IncompleteData, Completeness: f64(42.5)}
}

// stageAndCommit stages b (its run, processor and date set from the
// arguments) and commits it.
func stageAndCommit(t *testing.T, w warehouse.Warehouse, run string, p nba.Processor, d civil.Date, b warehouse.StageBatch) warehouse.CommitResult {
	t.Helper()
	stage(t, w, run, p, d, b)
	return commit(t, w, run, p, d)
}

// stage stages b with its run, processor and date set from the arguments.
func stage(t *testing.T, w warehouse.Warehouse, run string, p nba.Processor, d civil.Date, b warehouse.StageBatch) {
	t.Helper()
	b.RunID, b.Processor, b.Date = run, p, d
	if err := w.Stage(ctx(t), b); err != nil {
		t.Fatalf("Stage(%s): %v", run, err)
	}
}

// commit commits run for p on d with CommitRequest.
func commit(t *testing.T, w warehouse.Warehouse, run string, p nba.Processor, d civil.Date) warehouse.CommitResult {
	t.Helper()
	return commitRequest(t, w, CommitRequest(run, p, d))
}

func commitRequest(t *testing.T, w warehouse.Warehouse, req warehouse.CommitRequest) warehouse.CommitResult {
	t.Helper()
	res, err := w.Commit(ctx(t), req)
	if err != nil {
		t.Fatalf("Commit(%s, %s, %s): %v", req.RunID, req.Processor, req.Date, err)
	}
	return res
}

// CommitRequest is the request the suite commits with: planned at 05:00
// of d, started at 06:00, committed at 07:00. Runs committed with it tie on
// their plan time, so the greater run ID is the newer run.
func CommitRequest(run string, p nba.Processor, d civil.Date) warehouse.CommitRequest {
	return PlannedCommit(run, p, d, utc(d, 5))
}

// PlannedCommit is CommitRequest with a plan time of its own.
func PlannedCommit(run string, p nba.Processor, d civil.Date, plannedAt time.Time) warehouse.CommitRequest {
	return warehouse.CommitRequest{RunID: run, Processor: p, Date: d, RunKind: "manual",
		StartedAt: utc(d, 6), PlannedAt: plannedAt, Now: utc(d, 7)}
}

func valueOf(v any) reflect.Value { return reflect.ValueOf(v) }

func sortDates(d []civil.Date) {
	slices.SortFunc(d, func(a, b civil.Date) int { return a.DaysSince(b) })
}

func assertResult(t *testing.T, what string, got, want warehouse.CommitResult) {
	t.Helper()
	if canon(valueOf(got)) != canon(valueOf(want)) || len(got.FailuresByCategory) != len(want.FailuresByCategory) {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}
