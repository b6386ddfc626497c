package warehouse

import "strings"

// rowRules is what an input row type's Validate checks beyond what its
// columns say by themselves (internal/nba/validate.go).
type rowRules struct {
	notAbove [][2]string // makes, attempts: makes above attempts are malformed
	team     string      // a column naming a team, which must have an arena when any arena is loaded
}

// validated holds the rules of the tables whose rows windowed reads return
// when malformed.
var validated = map[*Table]rowRules{
	PlayerGames: {notAbove: [][2]string{
		{"fg_makes", "fg_attempts"}, {"three_pt_makes", "three_pt_attempts"}, {"ft_makes", "ft_attempts"},
		{"paint_makes", "paint_attempts"}, {"mid_range_makes", "mid_range_attempts"},
	}, team: "team_abbr"},
	Gamebook: {},
}

// wellFormed returns a condition, never NULL, true exactly for the rows of t
// that decode and that nba's Validate accepts (nba.PlayerGame.Validate,
// nba.GamebookEntry.Validate): every NOT NULL column holds a value, every
// float64 column a finite number >= 0 (or NULL, where nullable), makes are
// not above attempts, and the team has an arena when any arena is loaded.
// Windowed reads return the rows it refuses whatever their date, so that
// nba sees every malformed row of the span it validates; warehousetest
// holds every backend to Validate with a malformed row of each kind.
func wellFormed(d Dialect, t *Table) string { return wellFormedOf(d, t, "") }

// wellFormedOf is wellFormed over the columns of t named by prefix, an
// alias and a dot in a join.
func wellFormedOf(d Dialect, t *Table, prefix string) string {
	var conds []string
	for _, c := range t.Columns() {
		name := prefix + c.Name
		switch {
		case c.Kind == KindFloat64 && c.Nullable:
			conds = append(conds, "("+name+" IS NULL OR "+d.NonNegative(name)+")")
		case c.Kind == KindFloat64:
			conds = append(conds, "("+name+" IS NOT NULL AND "+d.NonNegative(name)+")")
		case !c.Nullable:
			conds = append(conds, name+" IS NOT NULL")
		}
	}
	rules := validated[t]
	for _, p := range rules.notAbove {
		m, a := prefix+p[0], prefix+p[1]
		conds = append(conds, "("+m+" IS NULL OR "+a+" IS NULL OR "+m+" <= "+a+")")
	}
	if rules.team != "" {
		arenas := d.Table(Arenas)
		// NULL only when the team is NULL, which the column's own
		// condition already makes false.
		conds = append(conds, "("+prefix+rules.team+" IN (SELECT team_abbr FROM "+arenas+") OR NOT EXISTS (SELECT 1 FROM "+arenas+"))")
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}
