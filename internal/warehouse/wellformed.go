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
		case c.Kind == KindFloat64 && c.Nullable:
			conds = append(conds, "("+c.Name+" IS NULL OR "+d.NonNegative(c.Name)+")")
		case c.Kind == KindFloat64:
			conds = append(conds, "("+c.Name+" IS NOT NULL AND "+d.NonNegative(c.Name)+")")
		case !c.Nullable:
			conds = append(conds, c.Name+" IS NOT NULL")
		}
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}
