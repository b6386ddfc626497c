package warehouse

import (
	"slices"
	"strings"
)

// commitStamps are the columns a commit sets but never compares: when a
// row is written, not what it says. An unchanged row keeps the ones it has.
var commitStamps = []string{"data_hash", "created_at", "processed_at"}

// RowChanged is the SQL condition under which the stored row t of the
// output table out differs from the staged row s with the same key, and a
// commit must rewrite it. data_hash stands for the columns it covers; the
// columns it leaves out are compared one by one, since the shot-zone hash
// keeps the legacy pipeline's 25 fields (docs/domain.md §5.6) while the
// completeness, readiness and source columns beside them still change from
// run to run. distinct writes one such comparison in a backend's dialect.
func RowChanged(out *Table, t, s string, distinct func(c Column, t, s string) string) string {
	conds := []string{t + ".data_hash <> " + s + ".data_hash"}
	for _, c := range out.Columns() {
		if c.Hashed || slices.Contains(out.Key, c.Name) || slices.Contains(commitStamps, c.Name) {
			continue
		}
		conds = append(conds, distinct(c, t+"."+c.Name, s+"."+c.Name))
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}
