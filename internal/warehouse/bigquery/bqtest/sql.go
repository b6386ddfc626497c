package bqtest

import (
	"fmt"
	"strings"
)

// The fake reads GoogleSQL only as far as its rules need: tokens, statements
// split at top-level semicolons, and the leading keywords of each.

type tokenKind int

const (
	tWord   tokenKind = iota // identifier or keyword
	tName                    // `quoted identifier`, text without backticks
	tString                  // string or bytes literal, text unquoted
	tNumber                  // numeric literal
	tParam                   // @name, text without @
	tPunct                   // any other character, or @@
	tSemi                    // ;
)

type token struct {
	kind       tokenKind
	text       string
	start, end int // byte offsets in the query text
}

// is reports whether t is the keyword kw (kw in upper case).
func (t token) is(kw string) bool { return t.kind == tWord && strings.EqualFold(t.text, kw) }

func (t token) punct(p string) bool { return t.kind == tPunct && t.text == p }

// position is BigQuery's [line:column] of byte offset pos in sql.
func position(sql string, pos int) string {
	line := 1 + strings.Count(sql[:pos], "\n")
	col := pos - strings.LastIndex(sql[:pos], "\n")
	return fmt.Sprintf("[%d:%d]", line, col)
}

// tokenize splits sql into tokens, dropping whitespace and comments.
func tokenize(sql string) ([]token, error) {
	var toks []token
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '#' || strings.HasPrefix(sql[i:], "--"):
			n := strings.IndexByte(sql[i:], '\n')
			if n < 0 {
				n = len(sql) - i
			}
			i += n
		case strings.HasPrefix(sql[i:], "/*"):
			n := strings.Index(sql[i+2:], "*/")
			if n < 0 {
				return nil, fmt.Errorf("Syntax error: Unclosed comment at %s", position(sql, i))
			}
			i += n + 4
		case c == '`':
			text, end, err := quoted(sql, i, false)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tName, text, i, end})
			i = end
		case c == '\'' || c == '"':
			text, end, err := quoted(sql, i, false)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tString, text, i, end})
			i = end
		case c == '@' && i+1 < len(sql) && isIdentStart(sql[i+1]):
			end := identEnd(sql, i+1)
			toks = append(toks, token{tParam, sql[i+1 : end], i, end})
			i = end
		case c == '@' && strings.HasPrefix(sql[i:], "@@"):
			toks = append(toks, token{tPunct, "@@", i, i + 2})
			i += 2
		case isIdentStart(c):
			end := identEnd(sql, i)
			word := strings.ToLower(sql[i:end])
			if end < len(sql) && (sql[end] == '\'' || sql[end] == '"') && (word == "r" || word == "b" || word == "rb" || word == "br") {
				text, send, err := quoted(sql, end, strings.Contains(word, "r"))
				if err != nil {
					return nil, err
				}
				toks = append(toks, token{tString, text, i, send})
				i = send
				continue
			}
			toks = append(toks, token{tWord, sql[i:end], i, end})
			i = end
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(sql) && sql[i+1] >= '0' && sql[i+1] <= '9':
			end := i + 1
			for end < len(sql) && (isIdentPart(sql[end]) || sql[end] == '.' ||
				(sql[end] == '+' || sql[end] == '-') && (sql[end-1] == 'e' || sql[end-1] == 'E')) {
				end++
			}
			toks = append(toks, token{tNumber, sql[i:end], i, end})
			i = end
		case c == ';':
			toks = append(toks, token{tSemi, ";", i, i + 1})
			i++
		default:
			toks = append(toks, token{tPunct, sql[i : i+1], i, i + 1})
			i++
		}
	}
	return toks, nil
}

// quoted reads the quoted string or identifier that starts at sql[i] (one of
// ' " `, tripled for strings), returning its text and the offset after it.
func quoted(sql string, i int, raw bool) (string, int, error) {
	q := sql[i : i+1]
	if q != "`" && strings.HasPrefix(sql[i:], q+q+q) {
		q = q + q + q
	}
	var b strings.Builder
	for j := i + len(q); j < len(sql); j++ {
		switch {
		case strings.HasPrefix(sql[j:], q):
			return b.String(), j + len(q), nil
		case sql[j] == '\\' && !raw && j+1 < len(sql):
			j++
			b.WriteByte(unescape(sql[j]))
		default:
			b.WriteByte(sql[j])
		}
	}
	what := "string literal"
	if q == "`" {
		what = "identifier literal"
	}
	return "", 0, fmt.Errorf("Syntax error: Unclosed %s at %s", what, position(sql, i))
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	}
	return c
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func identEnd(s string, i int) int {
	for i < len(s) && isIdentPart(s[i]) {
		i++
	}
	return i
}

// splitStatements splits toks at top-level semicolons, dropping empty
// statements.
func splitStatements(toks []token) [][]token {
	var out [][]token
	start := 0
	for i, t := range toks {
		if t.kind == tSemi {
			if i > start {
				out = append(out, toks[start:i])
			}
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// topLevel returns the index of the first token at parenthesis depth 0 in
// toks for which match is true, or -1.
func topLevel(toks []token, match func(token) bool) int {
	depth := 0
	for i, t := range toks {
		if depth == 0 && match(t) {
			return i
		}
		switch {
		case t.punct("(") || t.punct("["):
			depth++
		case t.punct(")") || t.punct("]"):
			depth--
		}
	}
	return -1
}

// splitTopLevel splits toks at the top-level tokens for which sep is true.
func splitTopLevel(toks []token, sep func(token) bool) [][]token {
	var out [][]token
	for len(toks) > 0 {
		i := topLevel(toks, sep)
		if i < 0 {
			return append(out, toks)
		}
		out = append(out, toks[:i])
		toks = toks[i+1:]
	}
	return out
}

// group returns the tokens inside the parenthesised group that opens at
// toks[0], and the tokens after its closing parenthesis.
func group(toks []token) (inner, rest []token, ok bool) {
	if len(toks) == 0 || !toks[0].punct("(") {
		return nil, toks, false
	}
	i := topLevel(toks[1:], func(t token) bool { return t.punct(")") })
	if i < 0 {
		return nil, nil, false
	}
	return toks[1 : i+1], toks[i+2:], true
}

func isComma(t token) bool { return t.punct(",") }
