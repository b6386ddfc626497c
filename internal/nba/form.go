package nba

// Form is a player's recent scoring and prop streaks (docs/domain.md §3.7.2).
type Form struct {
	PointsAvgLast5   *float64
	PointsAvgLast10  *float64
	L5GamesUsed      int64
	L10GamesUsed     int64
	L5SampleQuality  string
	L10SampleQuality string
	PropOverStreak   int64
	PropUnderStreak  int64
}

// ComputeForm measures recent scoring from history h, newest first, against
// the current points line (nil when there is none). Games with NULL points
// are not "played" and do not count.
//
// A.2.1: a mean of 0.0 is a real average (five scoreless games) and is kept;
// the legacy code turned it into NULL with a falsy check.
func ComputeForm(h []PlayerGame, line *float64) Form {
	var played []float64
	for _, g := range h {
		if g.Points != nil {
			played = append(played, *g.Points)
		}
	}
	l5, l10 := played[:min(5, len(played))], played[:min(10, len(played))]
	f := Form{
		PointsAvgLast5:   meanPoints(l5),
		PointsAvgLast10:  meanPoints(l10),
		L5GamesUsed:      int64(len(l5)),
		L10GamesUsed:     int64(len(l10)),
		L5SampleQuality:  SampleQuality(len(l5), 5),
		L10SampleQuality: SampleQuality(len(l10), 10),
	}
	if line != nil {
		f.PropOverStreak, f.PropUnderStreak = PropStreak(h, *line)
	}
	return f
}

// meanPoints is the exact mean of points rounded to one decimal, or nil.
func meanPoints(points []float64) *float64 {
	if len(points) == 0 {
		return nil
	}
	s := ratInt(0)
	for _, p := range points {
		s.addInput(p)
	}
	return s.quoInt(len(points)).roundedPtr(1)
}

// PropStreak walks history newest first and counts consecutive games over
// (or under) the line. A push neither counts nor breaks the streak; NULL
// points end the walk; at most one of the two counts is non-zero.
func PropStreak(h []PlayerGame, line float64) (over, under int64) {
	for _, g := range h {
		if g.Points == nil {
			break
		}
		switch p := *g.Points; {
		case p > line:
			if under > 0 {
				return over, under
			}
			over++
		case p < line:
			if over > 0 {
				return over, under
			}
			under++
		}
	}
	return over, under
}
