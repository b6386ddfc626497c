// Package nbaworker builds nbaflow's Temporal worker: both workflows and
// every activity registered on the task queue, with the options the
// configuration sets. The worker binary and the integration tests build
// their workers here, so tests run the worker the binary runs.
package nbaworker

import (
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"nbaflow/activities"
	"nbaflow/internal/config"
	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/workflows"
)

// StopTimeout is how long a stopping worker waits for running activities;
// a chunk takes seconds.
const StopTimeout = 30 * time.Second

// New registers both workflows and every activity on cfg.TaskQueue over wh.
func New(c client.Client, cfg config.Worker, wh warehouse.Warehouse) worker.Worker {
	w := worker.New(c, cfg.TaskQueue, worker.Options{
		MaxConcurrentActivityExecutionSize: cfg.ActivitySlots(),
		MaxConcurrentActivityTaskPollers:   config.TaskPollers,
		MaxConcurrentWorkflowTaskPollers:   config.TaskPollers,
		WorkerStopTimeout:                  StopTimeout,
	})
	workflows.Register(w)
	activities.Register(w, NewActivities(cfg, wh))
	return w
}

// DomainConfig is nba.DefaultConfig with the circuit breaker the worker's
// configuration sets (CIRCUIT_BREAKER_TRIP_ATTEMPT, CIRCUIT_BREAKER_LOCKOUT).
func DomainConfig(cfg config.Worker) nba.Config {
	c := nba.DefaultConfig
	c.Breaker = nba.BreakerConfig{TripAttempt: cfg.TripAttempt, Lockout: cfg.Lockout}
	return c
}

// NewActivities returns the activities a worker of cfg runs over wh.
func NewActivities(cfg config.Worker, wh warehouse.Warehouse) *activities.Activities {
	return &activities.Activities{
		Warehouse: wh,
		Clock:     time.Now,
		Config:    DomainConfig(cfg),
		Chunking: activities.ChunkDefaults{
			ChunkSize:         cfg.PlayerChunkSize,
			MaxParallelChunks: cfg.MaxParallelChunks,
			Parallel:          cfg.EnablePlayerParallelization,
		},
		StageEvery: activities.StageEveryFor(cfg.Backend),
	}
}
