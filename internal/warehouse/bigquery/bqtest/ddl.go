package bqtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// tableDef is what CREATE TABLE says of the table it creates.
type tableDef struct {
	spec     TableSpec
	like     string // the table of LIKE, COPY or CLONE
	asSelect bool
}

// alterAction is one action of ALTER TABLE.
type alterAction struct {
	add         *Field
	drop        string
	ifNotExists bool // ADD COLUMN IF NOT EXISTS
	ifExists    bool // DROP COLUMN IF EXISTS
	options     tableOptions
}

// tableOptions are the OPTIONS the fake keeps: nil leaves a value as it is.
type tableOptions struct {
	expiration  *time.Time // the zero time clears it
	description *string
}

// ddlEnv is what OPTIONS values are evaluated with.
type ddlEnv struct {
	params  []Param
	now     time.Time
	project string
}

// parseCreate reads the body of CREATE TABLE (what follows the name).
func parseCreate(body []token, env ddlEnv) (tableDef, error) {
	var def tableDef
	c := &cursor{toks: body}
	if cols, rest, ok := group(body); ok {
		for _, item := range splitColumns(cols) {
			if len(item) == 0 || item[0].is("PRIMARY") || item[0].is("FOREIGN") || item[0].is("CONSTRAINT") {
				continue
			}
			f, err := parseColumn(item)
			if err != nil {
				return def, err
			}
			def.spec.Schema = append(def.spec.Schema, f)
		}
		c = &cursor{toks: rest}
	}
	clause := func(t token) bool {
		return t.is("PARTITION") || t.is("CLUSTER") || t.is("OPTIONS") || t.is("AS") || t.is("DEFAULT")
	}
	for !c.done() {
		switch {
		case c.accept("PARTITION", "BY"):
			def.spec.Partitioning = parsePartitioning(c.until(clause))
		case c.accept("CLUSTER", "BY"):
			for _, col := range splitTopLevel(c.until(clause), isComma) {
				if len(col) > 0 {
					def.spec.Clustering = append(def.spec.Clustering, col[0].text)
				}
			}
		case c.accept("OPTIONS"):
			opts, err := parseOptions(c, env)
			if err != nil {
				return def, err
			}
			if opts.expiration != nil {
				def.spec.Expiration = *opts.expiration
			}
			if opts.description != nil {
				def.spec.Description = *opts.description
			}
		case c.accept("DEFAULT", "COLLATE"):
			c.i++
		case c.accept("AS"):
			def.asSelect = true
			return def, nil
		case c.accept("LIKE") || c.accept("COPY") || c.accept("CLONE"):
			name, ok := tableName(c.next(), env.project)
			if !ok {
				return def, fmt.Errorf("bqtest: CREATE TABLE ... LIKE/COPY/CLONE needs a backticked dataset.table")
			}
			def.like = name
		default:
			return def, fmt.Errorf("bqtest: the fake cannot read CREATE TABLE at %q", c.toks[c.i].text)
		}
	}
	return def, nil
}

// parseAlter reads the actions of ALTER TABLE.
func parseAlter(body []token, env ddlEnv) ([]alterAction, error) {
	var out []alterAction
	for _, item := range splitColumns(body) {
		var a alterAction
		c := &cursor{toks: item}
		switch {
		case c.accept("ADD", "COLUMN"):
			a.ifNotExists = c.accept("IF", "NOT", "EXISTS")
			f, err := parseColumn(item[c.i:])
			if err != nil {
				return nil, err
			}
			a.add = &f
		case c.accept("DROP", "COLUMN"):
			a.ifExists = c.accept("IF", "EXISTS")
			a.drop = c.next().text
		case c.accept("SET", "OPTIONS"):
			opts, err := parseOptions(c, env)
			if err != nil {
				return nil, err
			}
			a.options = opts
		default:
			return nil, fmt.Errorf("bqtest: the fake knows ALTER TABLE ADD COLUMN, DROP COLUMN and SET OPTIONS, not %q", strings.Join(texts(item), " "))
		}
		out = append(out, a)
	}
	return out, nil
}

// splitColumns splits a column list at the commas outside parentheses and
// angle brackets (ARRAY<STRUCT<a INT64, b STRING>>).
func splitColumns(toks []token) [][]token {
	depth := 0
	return splitTopLevel(toks, func(t token) bool {
		switch {
		case t.punct("<"):
			depth++
		case t.punct(">"):
			depth--
		}
		return depth == 0 && isComma(t)
	})
}

// parseColumn reads "name type [NOT NULL] [...]".
func parseColumn(item []token) (Field, error) {
	if len(item) < 2 {
		return Field{}, fmt.Errorf("bqtest: cannot read column definition %q", strings.Join(texts(item), " "))
	}
	c := &cursor{toks: item, i: 1}
	f, err := parseType(c)
	if err != nil {
		return Field{}, fmt.Errorf("column %s: %w", item[0].text, err)
	}
	f.Name = item[0].text
	for ; !c.done(); c.i++ {
		if c.accept("NOT", "NULL") {
			f.Mode = "REQUIRED"
			break
		}
	}
	return f, nil
}

// parseType reads a GoogleSQL type: a scalar, ARRAY<T> or STRUCT<name T, ...>.
func parseType(c *cursor) (Field, error) {
	t := c.next()
	name := strings.ToUpper(t.text)
	switch {
	case name == "ARRAY":
		if !c.next().punct("<") {
			return Field{}, fmt.Errorf("ARRAY without <")
		}
		elem, err := parseType(c)
		if err != nil {
			return Field{}, err
		}
		elem.Mode = "REPEATED"
		if !c.next().punct(">") {
			return Field{}, fmt.Errorf("ARRAY without >")
		}
		return elem, nil
	case name == "STRUCT":
		if !c.next().punct("<") {
			return Field{}, fmt.Errorf("STRUCT without <")
		}
		rec := Field{Type: "RECORD", Mode: "NULLABLE"}
		for {
			sub := c.next().text
			f, err := parseType(c)
			if err != nil {
				return Field{}, err
			}
			f.Name = sub
			rec.Fields = append(rec.Fields, f)
			if sep := c.next(); sep.punct(">") {
				return rec, nil
			} else if !sep.punct(",") {
				return Field{}, fmt.Errorf("STRUCT: unexpected %q", sep.text)
			}
		}
	}
	rest, ok := typeNames[name]
	if !ok || t.kind != tWord {
		return Field{}, fmt.Errorf("unknown type %q", t.text)
	}
	if _, after, ok := group(c.toks[c.i:]); ok { // NUMERIC(10, 2), STRING(20)
		c.i = len(c.toks) - len(after)
	}
	return Field{Type: rest, Mode: "NULLABLE"}, nil
}

// parsePartitioning reads the expression of PARTITION BY: a DATE column, or
// DATE(ts), DATE_TRUNC(d, MONTH), TIMESTAMP_TRUNC(ts, HOUR), _PARTITIONDATE.
func parsePartitioning(expr []token) *Partitioning {
	p := &Partitioning{Type: "DAY"}
	for _, t := range expr {
		word := strings.ToUpper(t.text)
		switch {
		case t.kind != tWord && t.kind != tName:
		case word == "DAY" || word == "HOUR" || word == "MONTH" || word == "YEAR":
			p.Type = word
		case word == "RANGE_BUCKET":
			p.Type = "RANGE"
		case slices.Contains([]string{"DATE", "DATETIME", "TIMESTAMP", "DATE_TRUNC", "DATETIME_TRUNC", "TIMESTAMP_TRUNC", "GENERATE_ARRAY", "_PARTITIONDATE", "_PARTITIONTIME"}, word):
		case p.Field == "":
			p.Field = t.text
		}
	}
	return p
}

// parseOptions reads OPTIONS(name = value, ...), keeping expiration_timestamp
// and description.
func parseOptions(c *cursor, env ddlEnv) (tableOptions, error) {
	var opts tableOptions
	inner, rest, ok := group(c.toks[c.i:])
	if !ok {
		return opts, fmt.Errorf("bqtest: OPTIONS without (...)")
	}
	c.i = len(c.toks) - len(rest)
	for _, pair := range splitTopLevel(inner, isComma) {
		if len(pair) < 3 || !pair[1].punct("=") {
			return opts, fmt.Errorf("bqtest: cannot read option %q", strings.Join(texts(pair), " "))
		}
		value := pair[2:]
		switch strings.ToLower(pair[0].text) {
		case "expiration_timestamp":
			exp, err := evalTimestamp(value, env)
			if err != nil {
				return opts, fmt.Errorf("bqtest: expiration_timestamp: %w", err)
			}
			opts.expiration = &exp
		case "description":
			d, err := evalString(value, env)
			if err != nil {
				return opts, fmt.Errorf("bqtest: description: %w", err)
			}
			opts.description = &d
		}
	}
	return opts, nil
}

// evalString evaluates a string literal, NULL or a parameter.
func evalString(v []token, env ddlEnv) (string, error) {
	switch {
	case len(v) == 1 && v[0].kind == tString:
		return v[0].text, nil
	case len(v) == 1 && v[0].is("NULL"):
		return "", nil
	case len(v) == 1 && v[0].kind == tParam:
		for _, p := range env.params {
			if strings.EqualFold(p.Name, v[0].text) {
				return p.Value, nil
			}
		}
	}
	return "", fmt.Errorf("the fake evaluates a string literal, NULL or a parameter, not %q", strings.Join(texts(v), " "))
}

// evalTimestamp evaluates NULL (no expiration), a timestamp literal or
// parameter, or TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL n unit).
func evalTimestamp(v []token, env ddlEnv) (time.Time, error) {
	if len(v) == 1 && v[0].is("NULL") {
		return time.Time{}, nil
	}
	if len(v) == 2 && v[0].is("TIMESTAMP") {
		v = v[1:]
	}
	if len(v) > 0 && v[0].is("TIMESTAMP_ADD") {
		words := texts(v)
		for i := range len(words) - 2 {
			if strings.EqualFold(words[i], "INTERVAL") {
				n, err := strconv.Atoi(words[i+1])
				unit, ok := map[string]time.Duration{"SECOND": time.Second, "MINUTE": time.Minute, "HOUR": time.Hour, "DAY": 24 * time.Hour}[strings.ToUpper(words[i+2])]
				if err == nil && ok && slices.Contains(words, "CURRENT_TIMESTAMP") {
					return env.now.Add(time.Duration(n) * unit), nil
				}
			}
		}
		return time.Time{}, fmt.Errorf("the fake evaluates TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL n SECOND|MINUTE|HOUR|DAY) only")
	}
	s, err := evalString(v, env)
	if err != nil {
		return time.Time{}, err
	}
	return parseTimestamp(s)
}

// parseTimestamp reads a GoogleSQL timestamp literal, or the client's
// TIMESTAMP parameter value.
func parseTimestamp(s string) (time.Time, error) {
	// A literal without a zone is UTC, as time.Parse reads it.
	s = strings.TrimSuffix(strings.TrimSpace(s), " UTC")
	for _, layout := range []string{"2006-01-02 15:04:05.999999999Z07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read timestamp %q", s)
}

// until consumes and returns the tokens up to the first top-level token
// that stop matches.
func (c *cursor) until(stop func(token) bool) []token {
	rest := c.toks[c.i:]
	n := topLevel(rest, stop)
	if n < 0 {
		n = len(rest)
	}
	c.i += n
	return rest[:n]
}

// next consumes a token; past the end it is an empty punctuation.
func (c *cursor) next() token {
	if c.done() {
		return token{kind: tPunct}
	}
	c.i++
	return c.toks[c.i-1]
}

func texts(toks []token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.text)
	}
	return out
}
