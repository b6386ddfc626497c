package bench

import (
	"context"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

// Timers the timed warehouse records, one series per call (the tag).
const (
	timerWarehouseRead  = "bench_warehouse_read"
	timerWarehouseWrite = "bench_warehouse_write"
)

// timedWarehouse passes every call to the warehouse it wraps, and records
// how long the reads a run makes (plan and chunk inputs) and its writes
// (staging, commits) take, so the breakdown can tell warehouse time from
// building and from orchestration.
type timedWarehouse struct {
	warehouse.Warehouse
	rec *recorder
}

// timed wraps wh, recording into rec.
func timed(wh warehouse.Warehouse, rec *recorder) timedWarehouse {
	return timedWarehouse{Warehouse: wh, rec: rec}
}

// since records the time since begun under timer and call.
func (w timedWarehouse) since(timer, call string, begun time.Time) {
	w.rec.WithTags(map[string]string{"operation": call}).Timer(timer).Record(time.Since(begun))
}

func (w timedWarehouse) PlanInputs(ctx context.Context, date civil.Date) (nba.PlanInputs, error) {
	defer w.since(timerWarehouseRead, "PlanInputs", time.Now())
	return w.Warehouse.PlanInputs(ctx, date)
}

func (w timedWarehouse) ShotZoneCandidates(ctx context.Context, date, seasonStart civil.Date) ([]nba.ShotZoneCandidate, error) {
	defer w.since(timerWarehouseRead, "ShotZoneCandidates", time.Now())
	return w.Warehouse.ShotZoneCandidates(ctx, date, seasonStart)
}

func (w timedWarehouse) ContextInputs(ctx context.Context, date, seasonStart civil.Date, players []nba.PlannedPlayer) (*nba.ContextInputs, error) {
	defer w.since(timerWarehouseRead, "ContextInputs", time.Now())
	return w.Warehouse.ContextInputs(ctx, date, seasonStart, players)
}

func (w timedWarehouse) ShotZoneInputs(ctx context.Context, date, seasonStart civil.Date, players []nba.PlannedPlayer) (*nba.ShotZoneInputs, error) {
	defer w.since(timerWarehouseRead, "ShotZoneInputs", time.Now())
	return w.Warehouse.ShotZoneInputs(ctx, date, seasonStart, players)
}

func (w timedWarehouse) Stage(ctx context.Context, batch warehouse.StageBatch) error {
	defer w.since(timerWarehouseWrite, "Stage", time.Now())
	return w.Warehouse.Stage(ctx, batch)
}

func (w timedWarehouse) Commit(ctx context.Context, req warehouse.CommitRequest) (warehouse.CommitResult, error) {
	defer w.since(timerWarehouseWrite, "Commit", time.Now())
	return w.Warehouse.Commit(ctx, req)
}
