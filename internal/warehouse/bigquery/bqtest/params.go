package bqtest

import (
	"encoding/json"
	"slices"
	"strings"

	"cloud.google.com/go/civil"
	bqv2 "google.golang.org/api/bigquery/v2"
)

// Param is a query parameter as the client sent it.
type Param struct {
	Name string
	// Type is the parameter's type: "DATE", "STRING", "ARRAY<DATE>",
	// "STRUCT<a INT64, b STRING>", ...
	Type string
	// Value is a scalar's value, or a STRUCT's values as JSON; empty for
	// arrays and NULL.
	Value string
	Null  bool
	// Array holds the values of an ARRAY of scalars.
	Array []string
}

func paramFromBQ(p *bqv2.QueryParameter) Param {
	out := Param{Name: p.Name, Type: paramType(p.ParameterType)}
	v := p.ParameterValue
	switch {
	case v == nil || slices.Contains(v.NullFields, "Value"):
		out.Null = true
	case len(v.StructValues) > 0:
		b, _ := json.Marshal(v.StructValues)
		out.Value = string(b)
	case len(v.ArrayValues) > 0:
		for _, e := range v.ArrayValues {
			out.Array = append(out.Array, e.Value)
		}
	default:
		out.Value = v.Value
	}
	return out
}

func paramType(t *bqv2.QueryParameterType) string {
	switch {
	case t == nil:
		return ""
	case t.ArrayType != nil:
		return "ARRAY<" + paramType(t.ArrayType) + ">"
	case len(t.StructTypes) > 0:
		var fields []string
		for _, f := range t.StructTypes {
			fields = append(fields, strings.TrimSpace(f.Name+" "+paramType(f.Type)))
		}
		return "STRUCT<" + strings.Join(fields, ", ") + ">"
	}
	return t.Type
}

// checkParams enforces that the parameters and the @names of the text match
// one to one (BigQuery itself tolerates an unused parameter; the fake does
// not, so that a test catches a value the text forgot) and that every
// parameter has a type and, for DATE, a valid value.
func checkParams(params []Param, toks []token, sql string) *JobError {
	declared := map[string]bool{}
	for _, p := range params {
		key := strings.ToLower(p.Name)
		switch {
		case p.Name == "":
			return unsupported("positional query parameters are not supported: name every parameter")
		case declared[key]:
			return errorf("invalidQuery", "Duplicate query parameter name: %s", p.Name)
		case p.Type == "" || strings.HasSuffix(p.Type, "<>"):
			return errorf("invalidQuery", "Query parameter '%s' has no type", p.Name)
		}
		declared[key] = true
		for _, d := range dates(p) {
			if _, err := civil.ParseDate(d); err != nil {
				return errorf("invalidQuery", "Query parameter '%s' has an invalid DATE value '%s'", p.Name, d)
			}
		}
	}
	used := map[string]bool{}
	for _, t := range toks {
		if t.kind != tParam {
			continue
		}
		key := strings.ToLower(t.text)
		if !declared[key] {
			return errorf("invalidQuery", "Query parameter '%s' not found at %s", t.text, position(sql, t.start))
		}
		used[key] = true
	}
	for _, p := range params {
		if !used[strings.ToLower(p.Name)] {
			return errorf("invalidQuery", "Query parameter '%s' is not used in the query (bqtest requires every parameter to be used)", p.Name)
		}
	}
	return nil
}

// dates are the DATE values of p, a DATE or an ARRAY<DATE>.
func dates(p Param) []string {
	switch {
	case p.Type == "DATE" && !p.Null:
		return []string{p.Value}
	case p.Type == "ARRAY<DATE>":
		return p.Array
	}
	return nil
}

// partitions are the partitions a job with params mutates: the values of all
// its DATE parameters, sorted; nil, every partition, when it has none.
func partitions(params []Param) []string {
	var out []string
	for _, p := range params {
		out = append(out, dates(p)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
