package main

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// The names a PromQL expression uses, found without the Prometheus module,
// which the main module does not depend on.

// promqlAggregations may be followed by `by`/`without` before their
// parenthesis, so they are not always followed by `(` as functions are.
var promqlAggregations = map[string]bool{
	"sum": true, "min": true, "max": true, "avg": true, "group": true, "stddev": true, "stdvar": true,
	"count": true, "count_values": true, "bottomk": true, "topk": true, "quantile": true,
	"limitk": true, "limit_ratio": true,
}

// promqlKeywords are the words of PromQL that are neither metrics nor
// functions: binary operators, modifiers and the special numbers.
var promqlKeywords = map[string]bool{
	"and": true, "or": true, "unless": true, "atan2": true, "bool": true, "offset": true,
	"inf": true, "nan": true,
}

// promqlLabelLists are the modifiers followed by a list of label names.
var promqlLabelLists = map[string]bool{
	"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
}

// promqlNames returns the metric names an expression selects and the
// label names it matches on, groups by or joins on, each sorted and once.
// It tokenizes: strings, comments, numbers, durations, ranges and Grafana
// variables ($__rate_interval, ${x}) are skipped; an identifier followed by
// `(` is a function, an aggregation followed by by/without is one too,
// keywords are skipped, the lists after by/without/on/ignoring/group_left/
// group_right and the names before a matcher operator inside {} are labels,
// and every other identifier is a metric. It does not check the grammar:
// tools/composecheck parses the same expressions with Prometheus's parser.
func promqlNames(expr string) (metricNames, labelNames []string, err error) {
	metricSet, labelSet := map[string]bool{}, map[string]bool{}
	rs := []rune(expr)
	i := 0
	skipSpace := func() {
		for i < len(rs) && unicode.IsSpace(rs[i]) {
			i++
		}
	}
	isIdentStart := func(r rune) bool { return r == '_' || r == ':' || unicode.IsLetter(r) }
	isIdent := func(r rune) bool { return isIdentStart(r) || unicode.IsDigit(r) }
	ident := func() string {
		start := i
		for i < len(rs) && isIdent(rs[i]) {
			i++
		}
		return string(rs[start:i])
	}
	str := func() (string, error) { // at a quote
		quote := rs[i]
		i++
		var b strings.Builder
		for i < len(rs) && rs[i] != quote {
			if rs[i] == '\\' && quote != '`' && i+1 < len(rs) {
				i++
			}
			b.WriteRune(rs[i])
			i++
		}
		if i >= len(rs) {
			return "", fmt.Errorf("unterminated string at %d", i)
		}
		i++
		return b.String(), nil
	}
	variable := func() { // at '$'
		i++
		if i < len(rs) && rs[i] == '{' {
			for i < len(rs) && rs[i] != '}' {
				i++
			}
			i++
			return
		}
		ident()
	}
	labelList := func() error { // at '('
		i++
		for {
			skipSpace()
			switch {
			case i >= len(rs):
				return errors.New("unterminated label list")
			case rs[i] == ')':
				i++
				return nil
			case rs[i] == ',':
				i++
			case rs[i] == '"' || rs[i] == '\'':
				s, err := str()
				if err != nil {
					return err
				}
				labelSet[s] = true
			case isIdentStart(rs[i]):
				labelSet[ident()] = true
			default:
				return fmt.Errorf("unexpected %q in a label list", rs[i])
			}
		}
	}
	matchers := func() error { // at '{'
		i++
		for {
			skipSpace()
			if i >= len(rs) {
				return errors.New("unterminated selector")
			}
			switch r := rs[i]; {
			case r == '}':
				i++
				return nil
			case r == ',':
				i++
				continue
			case r == '"' || r == '\'' || isIdentStart(r):
				var name string
				if isIdentStart(r) {
					name = ident()
				} else if name, err = str(); err != nil {
					return err
				}
				skipSpace()
				if i < len(rs) && (rs[i] == '=' || rs[i] == '!') {
					labelSet[name] = true
					for i < len(rs) && strings.ContainsRune("=!~", rs[i]) {
						i++
					}
					skipSpace()
					if i >= len(rs) || (rs[i] != '"' && rs[i] != '\'' && rs[i] != '`') {
						return fmt.Errorf("matcher on %s has no string value", name)
					}
					if _, err := str(); err != nil {
						return err
					}
				} else {
					metricSet[name] = true // {"metric.name"}: a quoted metric name
				}
			default:
				return fmt.Errorf("unexpected %q in a selector", r)
			}
		}
	}
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '#':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == '"' || r == '\'' || r == '`':
			if _, err := str(); err != nil {
				return nil, nil, err
			}
		case r == '$':
			variable()
		case r == '[':
			for i < len(rs) && rs[i] != ']' {
				i++
			}
			if i >= len(rs) {
				return nil, nil, errors.New("unterminated range")
			}
			i++
		case r == '{':
			if err := matchers(); err != nil {
				return nil, nil, err
			}
		case unicode.IsDigit(r) || (r == '.' && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
			for i < len(rs) && (isIdent(rs[i]) || rs[i] == '.') {
				if (rs[i] == 'e' || rs[i] == 'E') && i+1 < len(rs) && (rs[i+1] == '+' || rs[i+1] == '-') {
					i++
				}
				i++
			}
		case isIdentStart(r):
			word := ident()
			lower := strings.ToLower(word)
			save := i
			skipSpace()
			next := rune(0)
			if i < len(rs) {
				next = rs[i]
			}
			switch {
			case promqlLabelLists[lower] && next == '(':
				if err := labelList(); err != nil {
					return nil, nil, err
				}
				continue
			case promqlKeywords[lower], promqlLabelLists[lower]:
			case next == '(':
				// a function or an aggregation: its arguments follow
			case promqlAggregations[lower] && isIdentStart(next):
				// sum by (...) (...): the modifier is read next
			default:
				metricSet[word] = true
			}
			i = save
		default:
			i++ // operators, parentheses, commas, @
		}
	}
	return sortedNames(metricSet), sortedNames(labelSet), nil
}

// sortedNames returns the keys of m, sorted.
func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestPromQLNames(t *testing.T) {
	tests := []struct {
		expr            string
		metrics, labels []string
	}{
		{`up`, []string{"up"}, nil},
		{`up{job="nbaflow-worker"} == 0`, []string{"up"}, []string{"job"}},
		{`sum by (processor) (rate(nbaflow_players_processed_total[$__rate_interval]))`,
			[]string{"nbaflow_players_processed_total"}, []string{"processor"}},
		{`histogram_quantile(0.95, sum by (le, task_queue) (rate(temporal_activity_schedule_to_start_latency_seconds_bucket[10m]))) > 30`,
			[]string{"temporal_activity_schedule_to_start_latency_seconds_bucket"}, []string{"le", "task_queue"}},
		{`sum(rate(x_total{a="1",b!~"v|w"}[5m])) without (instance) / ignoring(c) group_left(d) sum(y)`,
			[]string{"x_total", "y"}, []string{"a", "b", "c", "d", "instance"}},
		{`SUM BY (a) (x) and on (b) Y or bool z unless atan2 w offset 5m`,
			[]string{"Y", "w", "x", "z"}, []string{"a", "b"}},
		{`label_replace(m, "dst", "$1", "src", "(.*)") > Inf and n < NaN`, []string{"m", "n"}, nil},
		{`count_values("value", build_info) > 1e-3 + 0x1F - 1.5E+2`, []string{"build_info"}, nil},
		{`max_over_time(deriv(rate(q[5m])[1h:1m])[${window}:]) @ end()`, []string{"q"}, nil},
		{`sum(increase(s[$__range])) # a comment with fake_metric{x="y"}`, []string{"s"}, nil},
		{`topk(5, sum by (op) (r)) / scalar(vector(1))`, []string{"r"}, []string{"op"}},
		{`{"utf8.metric", "la-bel"="v"}`, []string{"utf8.metric"}, []string{"la-bel"}},
		{`vector(0)`, nil, nil},
		{`sum(rate(metric:recorded_rule[5m]))`, []string{"metric:recorded_rule"}, nil},
		{"sum by(processor,category)(increase(f[1d]))", []string{"f"}, []string{"category", "processor"}},
	}
	for _, tt := range tests {
		metricNames, labelNames, err := promqlNames(tt.expr)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if !slices.Equal(metricNames, sortedCopy(tt.metrics)) || !slices.Equal(labelNames, sortedCopy(tt.labels)) {
			t.Errorf("%s:\n got metrics %q labels %q\nwant metrics %q labels %q", tt.expr, metricNames, labelNames, sortedCopy(tt.metrics), sortedCopy(tt.labels))
		}
	}
	for _, bad := range []string{`x{a="b"`, `rate(x[5m)`, `x{a=}`, `sum by (a`, `x{a="b}`} {
		if _, _, err := promqlNames(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// sortedCopy returns a sorted copy of s, empty rather than nil.
func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

func TestAlertQueriesAreFound(t *testing.T) {
	qs := alertQueries(t)
	var exprs []string
	for _, q := range qs {
		exprs = append(exprs, q.expr)
	}
	for _, want := range []string{
		`increase(temporal_workflow_failed_total{workflow_type="DailyWorkflow"}[1h]) > 0`,
		`up{job="nbaflow-worker"} == 0`,
		`increase(schedule_missed_catchup_window[1d]) > 0`,
	} {
		if !slices.Contains(exprs, want) {
			t.Errorf("§8.2 promQuery %q not found among %q", want, exprs)
		}
	}
	for _, e := range exprs {
		if strings.HasPrefix(e, "temporal ") || strings.HasPrefix(e, "nbaflow ") {
			t.Errorf("a command taken for PromQL: %q", e)
		}
	}
}
