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

// HeartbeatThrottle is the most time between two heartbeats a worker sends
// for one activity; the SDK's default is 80 % of the heartbeat timeout, which
// leaves one late heartbeat RPC between a live chunk and a timeout. A chunk
// calls RecordHeartbeat after every player, and the SDK sends the latest
// details once per HeartbeatThrottle, so the server hears from a live chunk
// about every second, its progress at most a second stale: a retry resumes
// close to where the lost worker was, and a heartbeat late by up to
// workflows.HeartbeatTimeout minus a second does not time a live chunk
// out. DefaultHeartbeatThrottleInterval is left alone: it applies to
// activities without a heartbeat timeout, and no nbaflow activity
// heartbeats without one.
const HeartbeatThrottle = time.Second

// New registers both workflows and every activity on cfg.TaskQueue over wh.
func New(c client.Client, cfg config.Worker, wh warehouse.Warehouse) worker.Worker {
	w := worker.New(c, cfg.TaskQueue, worker.Options{
		MaxConcurrentActivityExecutionSize: cfg.ActivitySlots(),
		MaxConcurrentActivityTaskPollers:   config.TaskPollers,
		MaxConcurrentWorkflowTaskPollers:   config.TaskPollers,
		WorkerStopTimeout:                  StopTimeout,
		MaxHeartbeatThrottleInterval:       HeartbeatThrottle,
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
