package nbaworker

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC: the worker's target applies unless GOGC is in the
// environment, whose value Go has read already.
func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	for _, tt := range []struct {
		name    string
		environ []string
		want    int
	}{
		{"unset", []string{"PATH=/bin"}, GCPercent},
		{"set by the operator", []string{"GOGC=150"}, 100},
		{"set to off", []string{"GOGC=off"}, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			TuneGC(tt.environ)
			if got := debug.SetGCPercent(100); got != tt.want {
				t.Errorf("GC target %d, want %d", got, tt.want)
			}
		})
	}
}
