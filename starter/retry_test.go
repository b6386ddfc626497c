package main

import (
	"testing"

	"nbaflow/internal/operator"
	"nbaflow/workflows"
)

func TestRetrySummary(t *testing.T) {
	serial := false
	four := []workflows.FailedDate{{}, {}, {}, {}}
	tests := []struct {
		name  string
		orig  workflows.BackfillInput
		given map[string]string
		want  string
	}{
		{"settings kept", workflows.BackfillInput{Processors: []string{"upgc"}, ChunkSize: 5}, nil,
			"re-running 4 failed dates of X with its settings: processors upgc, chunk size 5"},
		{"a flag overrides one", workflows.BackfillInput{Processors: []string{"upgc"}, ChunkSize: 5}, map[string]string{"chunk-size": "10"},
			"re-running 4 failed dates of X with its settings: processors upgc; --chunk-size 10 overrides chunk size 5"},
		{"a flag overrides a default", workflows.BackfillInput{Processors: []string{"upgc"}}, map[string]string{"max-parallel-dates": "2"},
			"re-running 4 failed dates of X with its settings: processors upgc; --max-parallel-dates 2 overrides the default dates in flight"},
		{"every setting", workflows.BackfillInput{Processors: []string{"psza"}, ChunkSize: 5, MaxParallelChunks: 3, Parallel: &serial,
			MaxParallelDates: 8, ContinueEvery: 50}, map[string]string{"serial": "false", "wait": "true"},
			"re-running 4 failed dates of X with its settings: processors psza, chunk size 5, chunks in flight 3, dates in flight 8, " +
				"dates per run 50; --serial=false overrides serial true"},
		{"none set", workflows.BackfillInput{}, map[string]string{"json": "true"},
			"re-running 4 failed dates of X with its settings: the defaults"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := operator.Retry{Failed: four, Original: tt.orig}
			if got := retrySummary("X", r, tt.given); got != tt.want {
				t.Errorf("retrySummary =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
