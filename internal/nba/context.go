package nba

// ContextBuilder computes PlayerContext rows for the players of one chunk.
// It indexes the chunk's inputs once; Build is then called per player.
type ContextBuilder struct {
	opts BuildOptions
	in   *ContextInputs
}

// NewContextBuilder indexes a chunk's inputs.
func NewContextBuilder(in *ContextInputs, opts BuildOptions) *ContextBuilder {
	return &ContextBuilder{opts: opts, in: in}
}

// Build computes the context row of one planned player, or the Failure that
// says why there is none.
func (b *ContextBuilder) Build(p PlannedPlayer) (PlayerContext, *Failure) {
	return PlayerContext{}, newFailure(UPGC, p.PlayerLookup, p.GameID, CalculationError, "not implemented yet")
}

// Attempt returns the reprocess attempt to record for a failure of this
// chunk, and false when the failure does not count as an attempt.
func (b *ContextBuilder) Attempt(f *Failure) (ReprocessAttempt, bool) {
	return ReprocessAttempt{}, false
}
