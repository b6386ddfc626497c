package warehouse

import "strings"

// wellFormed returns a condition true exactly for the rows of t that decode
// and that contain nothing nba's Validate refuses in a column by itself:
// every NOT NULL column holds a value and every float64 column a finite
// number >= 0 (or NULL, where nullable). For the gamebook that is all
// nba.GamebookEntry.Validate checks (its minutes); a table whose Validate
// also compares columns (makes above attempts) or names a team needs more
// than this. Windowed reads return the rows it refuses whatever their
// date, so that nba sees every malformed row of the span it validates;
// warehousetest holds every backend to Validate with a malformed row of
// each kind.
func wellFormed(d Dialect, t *Table) string {
	var conds []string
	for _, c := range t.Columns() {
		switch {
		case c.Kind == KindFloat64 && !c.Nullable:
			conds = append(conds, "("+c.Name+" IS NOT NULL AND "+valueCheck(d, c)+")")
		case c.Kind == KindFloat64:
			conds = append(conds, valueCheck(d, c))
		case !c.Nullable:
			conds = append(conds, c.Name+" IS NOT NULL")
		}
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

// valueCheck is true for a value of the float64 column c that nba's
// Validate accepts: a finite number >= 0, or NULL where c is nullable. A
// NULL where c is not is refused by the schema (or, in wellFormed, by the
// test before it).
func valueCheck(d Dialect, c Column) string {
	if c.Nullable {
		return "(" + c.Name + " IS NULL OR " + d.NonNegative(c.Name) + ")"
	}
	return d.NonNegative(c.Name)
}

// BoxScoreChecks returns a condition true exactly for the box scores whose
// values nba's PlayerGame.Validate accepts: valueCheck of every float64
// column, and no makes above their attempts (the zone pairs only when both
// are there). The team is left out, since a known team is a row of another
// table (arenas), and so are the NOT NULL columns: both schemas refuse a
// NULL in them (SQLite's NOT NULL, BigQuery's REQUIRED), and SQLite drops
// such a test from a query, so a partial index over a condition with one
// would never serve it.
func BoxScoreChecks(d Dialect) string {
	conds := append(valueChecks(d, PlayerGames), "fg_makes <= fg_attempts", "three_pt_makes <= three_pt_attempts", "ft_makes <= ft_attempts")
	for _, zone := range []string{"paint", "mid_range"} {
		conds = append(conds, "("+zone+"_makes IS NULL OR "+zone+"_attempts IS NULL OR "+zone+"_makes <= "+zone+"_attempts)")
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

// ValueChecks returns a condition true exactly for the rows of t whose
// float64 values wellFormed accepts, without its NOT NULL tests (which
// BoxScoreChecks says why a partial index cannot have). For the gamebook
// that is all Validate checks.
func ValueChecks(d Dialect, t *Table) string {
	return "(" + strings.Join(valueChecks(d, t), " AND ") + ")"
}

func valueChecks(d Dialect, t *Table) []string {
	var conds []string
	for _, c := range t.Columns() {
		if c.Kind == KindFloat64 {
			conds = append(conds, valueCheck(d, c))
		}
	}
	return conds
}
