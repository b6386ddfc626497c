package warehousetest

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"nbaflow/internal/warehouse"
)

// Hostile are values that would break or change a query if they reached its
// text: quotes, a statement injection, a comment, unicode, a 100k-character
// string (no NUL: TEXT values never hold one).
var Hostile = []string{
	"O'Neal",
	"'; DROP TABLE schedule; --",
	`robert"); DELETE FROM players; --`,
	"`nba_raw`.`players`",
	"@players ? :name $1",
	"Dončić 🏀 \\ ' \" \n\t",
	strings.Repeat("x'", 50_000),
}

var paramRef = regexp.MustCompile(`@[A-Za-z_][A-Za-z0-9_]*`)

// AssertParameterized fails when a hostile value appears in the text of q,
// when the text references a parameter q does not pass, or when q passes a
// named parameter its text does not use.
func AssertParameterized(t *testing.T, q warehouse.Query, hostile string) {
	t.Helper()
	if strings.Contains(q.Text, hostile) {
		t.Errorf("hostile value %.40q reached the SQL text %.200q", hostile, q.Text)
	}
	var names []string
	for _, a := range q.Args {
		if a.Name != "" {
			names = append(names, "@"+a.Name)
		}
	}
	used := paramRef.FindAllString(q.Text, -1)
	for _, u := range used {
		if !slices.Contains(names, u) {
			t.Errorf("query %.120q uses %s, which it does not pass", q.Text, u)
		}
	}
	for _, n := range names {
		if !slices.Contains(used, n) {
			t.Errorf("query %.120q passes %s, which it does not use", q.Text, n)
		}
	}
}
