package nba

// ShotZoneBuilder computes ShotZoneProfile rows for the players of one chunk.
type ShotZoneBuilder struct {
	opts BuildOptions
	in   *ShotZoneInputs
}

// NewShotZoneBuilder indexes a chunk's inputs.
func NewShotZoneBuilder(in *ShotZoneInputs, opts BuildOptions) *ShotZoneBuilder {
	return &ShotZoneBuilder{opts: opts, in: in}
}

// Build computes the shot-zone row of one planned player, or the Failure that
// says why there is none.
func (b *ShotZoneBuilder) Build(p PlannedPlayer) (ShotZoneProfile, *Failure) {
	return ShotZoneProfile{}, newFailure(PSZA, p.PlayerLookup, "", CalculationError, "not implemented yet")
}

// Attempt returns the reprocess attempt to record for a failure of this
// chunk, and false when the failure does not count as an attempt.
func (b *ShotZoneBuilder) Attempt(f *Failure) (ReprocessAttempt, bool) {
	return ReprocessAttempt{}, false
}
