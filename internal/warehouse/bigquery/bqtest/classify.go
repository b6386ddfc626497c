package bqtest

import (
	"fmt"
	"strings"
)

// StatementKind is what a statement does, read from its leading keywords.
type StatementKind string

// The statement kinds the fake knows. A query text with any other statement
// fails the job: the fake would rather stop a test than guess.
const (
	SelectStmt          StatementKind = "SELECT"
	InsertStmt          StatementKind = "INSERT"
	MergeStmt           StatementKind = "MERGE" // a MERGE with a WHEN clause that updates or deletes
	MergeInsertOnlyStmt StatementKind = "MERGE_INSERT_ONLY"
	UpdateStmt          StatementKind = "UPDATE"
	DeleteStmt          StatementKind = "DELETE"
	TruncateStmt        StatementKind = "TRUNCATE_TABLE"
	CreateTableStmt     StatementKind = "CREATE_TABLE"
	DropTableStmt       StatementKind = "DROP_TABLE"
	AlterTableStmt      StatementKind = "ALTER_TABLE"
	AssertStmt          StatementKind = "ASSERT"
	DeclareStmt         StatementKind = "DECLARE"
	SetStmt             StatementKind = "SET"
	IfStmt              StatementKind = "IF"    // IF, ELSEIF, ELSE, END IF
	BlockStmt           StatementKind = "BLOCK" // BEGIN, EXCEPTION, END, RAISE, RETURN
	LoopStmt            StatementKind = "LOOP"  // LOOP, WHILE, REPEAT, FOR, BREAK, ...
	CallStmt            StatementKind = "CALL"
	BeginStmt           StatementKind = "BEGIN_TRANSACTION"
	CommitStmt          StatementKind = "COMMIT_TRANSACTION"
	RollbackStmt        StatementKind = "ROLLBACK_TRANSACTION"
)

// Mutating reports whether k changes or removes existing rows: the
// statements BigQuery queues and serializes per table.
func (k StatementKind) Mutating() bool {
	return k == UpdateStmt || k == DeleteStmt || k == MergeStmt || k == TruncateStmt
}

// Appending reports whether k only adds rows.
func (k StatementKind) Appending() bool { return k == InsertStmt || k == MergeInsertOnlyStmt }

// DDL reports whether k defines a table.
func (k StatementKind) DDL() bool {
	return k == CreateTableStmt || k == DropTableStmt || k == AlterTableStmt
}

// Control reports whether k is a script statement that touches no table by
// itself.
func (k StatementKind) Control() bool {
	switch k {
	case DeclareStmt, SetStmt, IfStmt, BlockStmt, LoopStmt, CallStmt, BeginStmt, CommitStmt, RollbackStmt:
		return true
	}
	return false
}

// Statement is one statement of a query text.
type Statement struct {
	Kind StatementKind
	Text string
	// Target is the table the statement writes or defines, as
	// "dataset.table"; empty for reads, script statements and temporary
	// tables.
	Target string
	// Reads are the other backticked tables it names, "dataset.table" or a
	// wildcard "dataset.prefix_*".
	Reads []string
}

// stmt is a Statement with what the fake needs to apply its DDL.
type stmt struct {
	Statement
	ifExists, ifNotExists, orReplace bool
	body                             []token // the tokens after the target
	def                              tableDef
	alter                            []alterAction
}

// keywordKinds are the statements known by their first keyword alone.
var keywordKinds = map[string]StatementKind{
	"SELECT": SelectStmt, "WITH": SelectStmt, "ASSERT": AssertStmt,
	"DECLARE": DeclareStmt, "SET": SetStmt, "CALL": CallStmt,
	"IF": IfStmt, "ELSEIF": IfStmt, "ELSE": IfStmt,
	"BEGIN": BeginStmt, "COMMIT": CommitStmt, "ROLLBACK": RollbackStmt,
	"EXCEPTION": BlockStmt, "RAISE": BlockStmt, "RETURN": BlockStmt,
	"LOOP": LoopStmt, "WHILE": LoopStmt, "REPEAT": LoopStmt, "FOR": LoopStmt, "UNTIL": LoopStmt,
	"BREAK": LoopStmt, "LEAVE": LoopStmt, "CONTINUE": LoopStmt, "ITERATE": LoopStmt,
}

// dmlKinds are the DML statements, by first keyword, with the optional
// keyword before their target.
var dmlKinds = map[string]struct {
	kind StatementKind
	then string
}{
	"INSERT": {InsertStmt, "INTO"}, "UPDATE": {UpdateStmt, ""}, "DELETE": {DeleteStmt, "FROM"},
	"TRUNCATE": {TruncateStmt, "TABLE"}, "MERGE": {MergeStmt, "INTO"},
}

// parseQuery splits sql into its statements and classifies each. project is
// the fake's project, which may prefix a table name.
func parseQuery(sql, project string) ([]stmt, []token, error) {
	toks, err := tokenize(sql)
	if err != nil {
		return nil, nil, err
	}
	var out []stmt
	for _, st := range splitStatements(toks) {
		for _, piece := range splitControl(st) {
			s, err := classify(piece.toks, sql, project)
			if err != nil {
				return nil, nil, err
			}
			if piece.block {
				s.Kind = BlockStmt
			}
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("Syntax error: Unexpected end of script at %s", position(sql, len(sql)))
	}
	return out, toks, nil
}

// splitControl separates the script keywords that lead a statement (IF ...
// THEN, ELSE, BEGIN, WHILE ... DO, EXCEPTION WHEN ERROR THEN) from the
// statement they govern, which the text does not end with a semicolon.
func splitControl(toks []token) []controlPiece {
	var out []controlPiece
	for len(toks) > 0 {
		head := strings.ToUpper(toks[0].text)
		if toks[0].kind != tWord {
			head = ""
		}
		n, block := 0, false // how many tokens the control part takes
		switch head {
		case "IF", "ELSEIF", "WHILE", "FOR", "EXCEPTION":
			if i := topLevel(toks, func(t token) bool { return t.is("THEN") || t.is("DO") }); i >= 0 {
				n = i + 1
			}
		case "ELSE", "LOOP", "REPEAT":
			n = 1
		case "BEGIN":
			if len(toks) > 1 && !toks[1].is("TRANSACTION") && !toks[1].is("TRAN") {
				n, block = 1, true
			}
		}
		if n == 0 || n == len(toks) {
			return append(out, controlPiece{toks, false})
		}
		out = append(out, controlPiece{toks[:n], block})
		toks = toks[n:]
	}
	return out
}

// controlPiece is a statement or the control keywords that lead one; block
// marks the BEGIN of a block, which alone would read as BEGIN TRANSACTION.
type controlPiece struct {
	toks  []token
	block bool
}

// classify reads the kind, target and reads of one statement.
func classify(toks []token, sql, project string) (stmt, error) {
	s := stmt{Statement: Statement{Text: sql[toks[0].start:toks[len(toks)-1].end]}}
	lead := 0
	for lead < len(toks)-1 && toks[lead].punct("(") {
		lead++
	}
	p := &cursor{toks: toks, i: lead + 1}
	head := ""
	if toks[lead].kind == tWord {
		head = strings.ToUpper(toks[lead].text)
	}
	target := -1 // the index of the target's token
	dml, isDML := dmlKinds[head]
	switch {
	case isDML:
		s.Kind = dml.kind
		if head == "MERGE" {
			s.Kind = mergeKind(toks)
		}
		p.accept(dml.then) // INSERT [INTO], DELETE [FROM], ...
		target = p.i
	case head == "CREATE" || head == "DROP" || head == "ALTER":
		s.orReplace = head == "CREATE" && p.accept("OR", "REPLACE")
		temp := head == "CREATE" && (p.accept("TEMP") || p.accept("TEMPORARY"))
		if !p.accept("TABLE") {
			return s, unknownStatement(sql, toks[lead])
		}
		s.Kind = map[string]StatementKind{"CREATE": CreateTableStmt, "DROP": DropTableStmt, "ALTER": AlterTableStmt}[head]
		s.ifNotExists = p.accept("IF", "NOT", "EXISTS")
		s.ifExists = p.accept("IF", "EXISTS")
		if !temp {
			target = p.i
		}
		s.body = toks[min(p.i+1, len(toks)):]
	case head == "END":
		s.Kind = BlockStmt
		if p.accept("IF") {
			s.Kind = IfStmt
		} else if p.accept("WHILE") || p.accept("LOOP") || p.accept("REPEAT") || p.accept("FOR") {
			s.Kind = LoopStmt
		}
	default:
		kind, ok := keywordKinds[head]
		if !ok {
			return s, unknownStatement(sql, toks[lead])
		}
		s.Kind = kind
	}
	for i, t := range toks {
		name, ok := tableName(t, project)
		switch {
		case !ok:
		case i == target:
			s.Target = name
		default:
			s.Reads = append(s.Reads, name)
		}
	}
	return s, nil
}

func unknownStatement(sql string, t token) error {
	return fmt.Errorf("bqtest: the fake does not know the statement that starts with %q at %s; it knows SELECT, INSERT, UPDATE, DELETE, MERGE, TRUNCATE TABLE, CREATE/DROP/ALTER TABLE, ASSERT and script statements", t.text, position(sql, t.start))
}

// mergeKind tells a MERGE whose WHEN clauses only insert from one that also
// updates or deletes.
func mergeKind(toks []token) StatementKind {
	for i, t := range toks[:len(toks)-1] {
		if t.is("THEN") && (toks[i+1].is("UPDATE") || toks[i+1].is("DELETE")) {
			return MergeStmt
		}
	}
	return MergeInsertOnlyStmt
}

// tableName is the table a backticked name names, as "dataset.table" when
// the project is the fake's or absent, "project.dataset.table" otherwise.
// Names without a dataset (aliases, temporary tables) name no table.
func tableName(t token, project string) (string, bool) {
	if t.kind != tName {
		return "", false
	}
	parts := strings.Split(t.text, ".")
	switch {
	case len(parts) == 2:
		return t.text, true
	case len(parts) == 3 && parts[0] == project:
		return parts[1] + "." + parts[2], true
	case len(parts) == 3:
		return t.text, true
	}
	return "", false
}

// cursor walks a statement's tokens.
type cursor struct {
	toks []token
	i    int
}

func (c *cursor) done() bool { return c.i >= len(c.toks) }

// accept consumes the keywords kws if the statement continues with them.
func (c *cursor) accept(kws ...string) bool {
	if c.i+len(kws) > len(c.toks) {
		return false
	}
	for j, kw := range kws {
		if !c.toks[c.i+j].is(kw) {
			return false
		}
	}
	c.i += len(kws)
	return true
}
