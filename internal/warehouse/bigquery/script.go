package bigquery

import (
	"strings"

	"nbaflow/internal/warehouse"
)

// script joins statements into one multi-statement transaction.
func script(stmts []warehouse.Query) warehouse.Query {
	all := append([]warehouse.Query{{Text: "BEGIN TRANSACTION"}}, stmts...)
	return joinStatements("", append(all, warehouse.Query{Text: "COMMIT TRANSACTION"}))
}

// joinStatements joins statements into one script after prefix (its
// declarations), each ended by a semicolon. A script has one set of
// parameters: those of the same name must have the same value in every
// statement.
func joinStatements(prefix string, stmts []warehouse.Query) warehouse.Query {
	texts := make([]string, len(stmts))
	args := make([][]warehouse.Arg, len(stmts))
	for i, s := range stmts {
		texts[i], args[i] = s.Text, s.Args
	}
	return warehouse.Query{Text: prefix + strings.Join(texts, ";\n") + ";", Args: concatArgs(args...)}
}

// concatArgs joins parameter lists, keeping the first of each name.
func concatArgs(lists ...[]warehouse.Arg) []warehouse.Arg {
	var args []warehouse.Arg
	seen := map[string]bool{}
	for _, list := range lists {
		for _, a := range list {
			if !seen[a.Name] {
				seen[a.Name] = true
				args = append(args, a)
			}
		}
	}
	return args
}
