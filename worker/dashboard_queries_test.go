package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The queries the checks run over: the dashboards' targets and the
// alerts of docs/operations.md §8.2.

// dashboardQueries returns every target expression of every panel of every
// dashboard, rows' nested panels included.
func dashboardQueries(t *testing.T) []promQuery {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dashboardsDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards in %s: %v", dashboardsDir, err)
	}
	type panel struct {
		Title   string  `json:"title"`
		Panels  []panel `json:"panels"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
	}
	var out []promQuery
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d struct {
			Panels []panel `json:"panels"`
		}
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var walk func(ps []panel)
		walk = func(ps []panel) {
			for _, p := range ps {
				for _, tg := range p.Targets {
					out = append(out, promQuery{source: fmt.Sprintf("%s panel %q", filepath.Base(f), p.Title), expr: tg.Expr})
				}
				walk(p.Panels)
			}
		}
		walk(d.Panels)
	}
	return out
}

// alertQueries returns the PromQL of the condition column of the alert
// table in docs/operations.md §8.2: every code span there that is an
// expression (it has a call, a selector or a range), not a command.
func alertQueries(t *testing.T) []promQuery {
	t.Helper()
	b, err := os.ReadFile(operationsDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "### 8.2 Alerts")
	if start < 0 {
		t.Fatalf("%s has no section '### 8.2 Alerts'", operationsDoc)
	}
	section := doc[start:]
	if end := strings.Index(section[1:], "\n#"); end >= 0 {
		section = section[:end+1]
	}
	var out []promQuery
	for _, line := range strings.Split(section, "\n") {
		cells := markdownCells(line)
		if len(cells) < 3 || strings.HasPrefix(cells[1], "---") || cells[1] == "condition (PromQL sketch)" {
			continue
		}
		for _, span := range markdownCodeSpans(cells[1]) {
			if isPromQL(span) {
				out = append(out, promQuery{source: fmt.Sprintf("operations.md §8.2 alert %q", cells[0]), expr: span})
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("found no PromQL in the §8.2 alert table of %s", operationsDoc)
	}
	return out
}

// markdownCells splits a Markdown table row on the pipes outside code spans.
func markdownCells(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") {
		return nil
	}
	var cells []string
	var cur strings.Builder
	inCode := false
	for _, r := range line[1:] {
		switch {
		case r == '`':
			inCode = !inCode
			cur.WriteRune(r)
		case r == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	return cells
}

// markdownCodeSpans returns the contents of the code spans of s.
func markdownCodeSpans(s string) []string {
	parts := strings.Split(s, "`")
	var spans []string
	for i := 1; i < len(parts); i += 2 {
		spans = append(spans, parts[i])
	}
	return spans
}

// isPromQL tells an expression from a command or a word in a code span.
func isPromQL(span string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(span), " ")
	switch first {
	case "temporal", "nbaflow", "docker", "bin/temporal":
		return false
	}
	return strings.ContainsAny(span, "({[")
}
