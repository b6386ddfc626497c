package nba

// ZoneWindow is how a player shot by zone over one window of games (docs/domain.md §4.7
// with A.2.12). Only games with zone data count toward the zone metrics; a
// game without field-goal attempts has nothing to place and counts as having
// zone data. Rates are percentages, pct fields ratios.
type ZoneWindow struct {
	Games     int // games in the window
	ZoneGames int // games with zone data

	PaintRate, MidRangeRate, ThreePtRate          *float64
	PaintPct, MidRangePct, ThreePtPct             *float64
	PaintPerGame, MidRangePerGame, ThreePtPerGame *float64
	AssistedRate, UnassistedRate                  *float64
	TotalShots                                    *int64
	AssistedGames                                 int // games with assisted/unassisted data
}

// hasZoneData reports whether a game's shots were placed in zones.
func hasZoneData(g PlayerGame) bool {
	return g.FGAttempts == 0 || (g.PaintAttempts != nil && g.MidRangeAttempts != nil)
}

// ComputeZoneWindow measures a window of games (§4.7). Threes come from the
// box score; paint and mid-range from the zone columns.
func ComputeZoneWindow(games []PlayerGame) ZoneWindow {
	w := ZoneWindow{Games: len(games)}
	var pa, pm, ma, mm, ta, tm float64 // zone attempts and makes
	var fgm, ast, una float64          // over games with assisted data
	for _, g := range games {
		if g.AssistedFGMakes != nil && g.UnassistedFGMakes != nil {
			w.AssistedGames++
			fgm += g.FGMakes
			ast += *g.AssistedFGMakes
			una += *g.UnassistedFGMakes
		}
		if !hasZoneData(g) {
			continue
		}
		w.ZoneGames++
		pa += deref(g.PaintAttempts)
		pm += deref(g.PaintMakes)
		ma += deref(g.MidRangeAttempts)
		mm += deref(g.MidRangeMakes)
		ta += g.ThreePtAttempts
		tm += g.ThreePtMakes
	}
	if w.ZoneGames == 0 {
		return w
	}
	n := float64(w.ZoneGames)
	w.PaintPerGame, w.MidRangePerGame, w.ThreePtPerGame = roundPtr(pa/n, 1), roundPtr(ma/n, 1), roundPtr(ta/n, 1)
	w.PaintPct, w.MidRangePct, w.ThreePtPct = ratio(pm, pa, 3, 1), ratio(mm, ma, 3, 1), ratio(tm, ta, 3, 1)
	if total := pa + ma + ta; total > 0 {
		shots := int64(total)
		w.TotalShots = &shots
		w.PaintRate, w.MidRangeRate, w.ThreePtRate = ratio(pa, total, 2, 100), ratio(ma, total, 2, 100), ratio(ta, total, 2, 100)
	}
	if fgm > 0 {
		w.AssistedRate, w.UnassistedRate = ratio(ast, fgm, 2, 100), ratio(una, fgm, 2, 100)
	}
	return w
}

// ratio is round(num/den·scale, places), or nil when den is 0.
func ratio(num, den float64, places int, scale float64) *float64 {
	if den == 0 {
		return nil
	}
	return roundPtr(num/den*scale, places)
}

func deref(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}

// Primary scoring zones (§4.8).
const (
	ZonePaint     = "paint"
	ZonePerimeter = "perimeter"
	ZoneMidRange  = "mid_range"
	ZoneBalanced  = "balanced"
)

// PrimaryScoringZone labels a player from the 10-game rates (NULL read as
// 0): paint at 40+, else perimeter at 40+ threes, else mid_range at 35+
// mid-range, else balanced; nil when all three are 0.
func PrimaryScoringZone(paint, mid, three *float64) *string {
	p, m, t := deref(paint), deref(mid), deref(three)
	var z string
	switch {
	case p == 0 && m == 0 && t == 0:
		return nil
	case p >= 40:
		z = ZonePaint
	case t >= 40:
		z = ZonePerimeter
	case m >= 35:
		z = ZoneMidRange
	default:
		z = ZoneBalanced
	}
	return &z
}

// Shot-zone data quality tiers (§4.8).
const (
	TierHigh   = "high"
	TierMedium = "medium"
	TierLow    = "low"
)

// ShotZoneTier rates a sample of n games: high at 10, medium at 7, else low.
func ShotZoneTier(n int) string {
	switch {
	case n >= FullMinGames:
		return TierHigh
	case n >= 7:
		return TierMedium
	default:
		return TierLow
	}
}
