package league

import "math/rand/v2"

// Stream tags keep the random draws of each part of the league independent:
// a change to how box scores draw numbers must not reshuffle the schedule.
const (
	streamNames uint64 = iota + 1
	streamTenures
	streamLineups
	streamPlayers
	streamMatchups
	streamSchedule
	streamTipoff
	streamStrength
	streamInjuries
	streamGames
	streamProps
	streamLines
)

// stream returns a PCG generator seeded from the seed and the given parts
// (stream tag, season, identifiers). Every random draw of the package comes
// from such a stream, never from the global source or the clock.
func stream(seed int64, parts ...uint64) *rand.Rand {
	h := mix64(uint64(seed))
	for _, p := range parts {
		h = mix64(h ^ p)
	}
	return rand.New(rand.NewPCG(h, mix64(h^0x9e3779b97f4a7c15)))
}

// mix64 is the SplitMix64 finalizer: it spreads nearby inputs (seed 1 and
// seed 2) over unrelated PCG states.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
