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
// box score; paint and mid-range from the zone columns. Sums are exact and
// each ratio is rounded once, on its exact value (A.2.15).
func ComputeZoneWindow(games []PlayerGame) ZoneWindow {
	w := ZoneWindow{Games: len(games)}
	zero := ratInt(0)
	pa, pm, ma, mm, ta, tm := zero, zero, zero, zero, zero, zero // zone attempts and makes
	fgm, ast, una := zero, zero, zero                            // over games with assisted data
	for _, g := range games {
		if g.AssistedFGMakes != nil && g.UnassistedFGMakes != nil {
			w.AssistedGames++
			fgm.addInput(g.FGMakes)
			ast.addInput(*g.AssistedFGMakes)
			una.addInput(*g.UnassistedFGMakes)
		}
		if !hasZoneData(g) {
			continue
		}
		w.ZoneGames++
		addOptional(&pa, g.PaintAttempts)
		addOptional(&pm, g.PaintMakes)
		addOptional(&ma, g.MidRangeAttempts)
		addOptional(&mm, g.MidRangeMakes)
		ta.addInput(g.ThreePtAttempts)
		tm.addInput(g.ThreePtMakes)
	}
	if w.ZoneGames == 0 {
		return w
	}
	w.PaintPerGame, w.MidRangePerGame, w.ThreePtPerGame = perGame(pa, w.ZoneGames), perGame(ma, w.ZoneGames), perGame(ta, w.ZoneGames)
	w.PaintPct, w.MidRangePct, w.ThreePtPct = ratio(pm, pa, 3, 1), ratio(mm, ma, 3, 1), ratio(tm, ta, 3, 1)
	if total := pa.add(ma).add(ta); total.sign() > 0 {
		shots := total.floor()
		w.TotalShots = &shots
		w.PaintRate, w.MidRangeRate, w.ThreePtRate = ratio(pa, total, 2, 100), ratio(ma, total, 2, 100), ratio(ta, total, 2, 100)
	}
	if fgm.sign() > 0 {
		w.AssistedRate, w.UnassistedRate = ratio(ast, fgm, 2, 100), ratio(una, fgm, 2, 100)
	}
	return w
}

// addOptional adds a nullable count to an exact sum; NULL counts as 0.
func addOptional(sum *rat, v *float64) {
	if v != nil {
		sum.addInput(*v)
	}
}

// perGame is sum / games rounded to one decimal.
func perGame(sum rat, games int) *float64 { return sum.quoInt(games).roundedPtr(1) }

// ratio is num/den·scale rounded to places on the exact value, or nil when
// den is 0.
func ratio(num, den rat, places int, scale int64) *float64 {
	if den.isZero() {
		return nil
	}
	return num.mul(ratInt(scale)).quo(den).roundedPtr(places)
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
