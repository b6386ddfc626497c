package bqtest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// brief writes statements as "KIND target <- reads".
func brief(stmts []stmt) []string {
	var out []string
	for _, s := range stmts {
		b := string(s.Kind)
		if s.Target != "" {
			b += " " + s.Target
		}
		if len(s.Reads) > 0 {
			b += " <- " + strings.Join(s.Reads, ",")
		}
		out = append(out, b)
	}
	return out
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		want      []string
	}{
		{"quotes and comments hide semicolons",
			"SELECT 1; -- a comment; with a semicolon\nSELECT ';' AS `a;b`, \"\"\"x ; 'y'\"\"\", r'\\' FROM `ds.t` /* ; */ # ;\n;",
			[]string{"SELECT", "SELECT <- ds.t"}},
		{"transaction with control flow",
			"DECLARE x INT64 DEFAULT 0;\nBEGIN TRANSACTION;\nIF x = 0 THEN\n  UPDATE `ds.t` SET n = 1 WHERE TRUE;\n" +
				"ELSEIF x = 1 THEN DELETE FROM `ds.t` WHERE d = @d;\nELSE INSERT INTO `p.ds.u` (n) SELECT n FROM `ds.s_*`;\nEND IF;\n" +
				"MERGE INTO `ds.t` T USING (SELECT * FROM `ds.s`) S ON T.n = S.n WHEN NOT MATCHED BY TARGET THEN INSERT ROW;\nCOMMIT TRANSACTION;",
			[]string{"DECLARE", "BEGIN_TRANSACTION", "IF", "UPDATE ds.t", "IF", "DELETE ds.t", "IF", "INSERT ds.u <- ds.s_*", "IF",
				"MERGE_INSERT_ONLY ds.t <- ds.s", "COMMIT_TRANSACTION"}},
		{"blocks",
			"BEGIN\n  SELECT 1;\nEXCEPTION WHEN ERROR THEN\n  ROLLBACK TRANSACTION;\n  RAISE USING MESSAGE = 'x';\nEND;\nBEGIN;",
			[]string{"BLOCK", "SELECT", "BLOCK", "ROLLBACK_TRANSACTION", "BLOCK", "BLOCK", "BEGIN_TRANSACTION"}},
		{"merge that updates", "MERGE `ds.t` T USING `other.ds.s` S ON T.n = S.n WHEN MATCHED AND S.n > 0 THEN UPDATE SET n = 1 WHEN NOT MATCHED THEN INSERT ROW",
			[]string{"MERGE ds.t <- other.ds.s"}},
		{"DDL", "CREATE OR REPLACE TABLE `ds.n` AS SELECT * FROM `ds.t`; CREATE TEMP TABLE tmp AS SELECT 1; TRUNCATE TABLE `ds.t`;" +
			"ALTER TABLE IF EXISTS `ds.n` ADD COLUMN c STRING; DROP TABLE IF EXISTS `ds.n`; WITH x AS (SELECT 1) SELECT * FROM x; (SELECT 1)",
			[]string{"CREATE_TABLE ds.n <- ds.t", "CREATE_TABLE", "TRUNCATE_TABLE ds.t", "ALTER_TABLE ds.n", "DROP_TABLE ds.n", "SELECT", "SELECT"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stmts, _, err := parseQuery(tc.sql, "p")
			if err != nil {
				t.Fatal(err)
			}
			if got := brief(stmts); !slices.Equal(got, tc.want) {
				t.Errorf("statements\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, tc := range []struct{ sql, want string }{
		{"SELECT 'unclosed", "Syntax error: Unclosed string literal at [1:8]"},
		{"SELECT 1;\nSELECT `unclosed", "Syntax error: Unclosed identifier literal at [2:8]"},
		{"SELECT 1 /* open", "Syntax error: Unclosed comment at [1:10]"},
		{"GRANT `roles/x` ON TABLE `ds.t` TO 'u'", `does not know the statement that starts with "GRANT" at [1:1]`},
		{"EXECUTE IMMEDIATE 'SELECT 1'", `starts with "EXECUTE"`},
		{" ; -- nothing", "Syntax error: Unexpected end of script"},
		{"CREATE VIEW `ds.v` AS SELECT 1", `starts with "CREATE"`},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			if _, _, err := parseQuery(tc.sql, "p"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseCreate(t *testing.T) {
	env := ddlEnv{params: []Param{{Name: "exp", Type: "TIMESTAMP", Value: "2024-06-01 00:00:00+00:00"}}}
	for _, tc := range []struct{ body, want string }{
		{"(a INT64) PARTITION BY DATE_TRUNC(d, MONTH) CLUSTER BY a", "part &{MONTH d} cluster [a] exp 0001-01-01"},
		{"(ts TIMESTAMP) PARTITION BY TIMESTAMP_TRUNC(ts, HOUR) OPTIONS(expiration_timestamp = @exp)", "part &{HOUR ts} cluster [] exp 2024-06-01"},
		{"(d DATE) PARTITION BY _PARTITIONDATE OPTIONS(expiration_timestamp = TIMESTAMP \"2024-07-01\", description = 'x')", "part &{DAY } cluster [] exp 2024-07-01"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			toks, err := tokenize(tc.body)
			if err != nil {
				t.Fatal(err)
			}
			def, err := parseCreate(toks, env)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("part %v cluster %v exp %s", def.spec.Partitioning, def.spec.Clustering, def.spec.Expiration.Format("2006-01-02"))
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
