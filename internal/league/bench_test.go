package league

import "testing"

// BenchmarkGenerateSeason measures one full season: schedule, 1,230 games of
// box scores, injuries, props, lines and rosters. The target is under 10 s
// on the 2-core machine.
func BenchmarkGenerateSeason(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		if _, err := Generate(Config{SeasonYear: 2024, Seed: int64(i)}); err != nil {
			b.Fatal(err)
		}
	}
}
