package nba

// Sample quality labels (docs/domain.md §3.7.2).
const (
	SampleExcellent    = "excellent"
	SampleGood         = "good"
	SampleLimited      = "limited"
	SampleInsufficient = "insufficient"
)

// SampleQuality rates n games against a window of w: excellent at w, good at
// ⌊0.7w⌋, limited at ⌊0.5w⌋, else insufficient.
func SampleQuality(n, w int) string {
	switch {
	case n >= w:
		return SampleExcellent
	case n >= w*7/10:
		return SampleGood
	case n >= w/2:
		return SampleLimited
	default:
		return SampleInsufficient
	}
}
