package csvimport

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is one bad value (or a bad header or record, or a repeated key, or
// a limit passed) of a CSV file.
type Problem struct {
	Line   int    // 1-based line of the file; the header is line 1
	Column string // column name, empty for a whole-record problem; cut after keptBytes
	Value  string // the bad value as read, cut after keptBytes
	Reason string
}

// keptBytes is how much of a value or column name a Problem keeps: enough
// to show, and a kept problem holds no record of the file in memory.
const keptBytes = 128

// String writes the problem on one line. The file's text (a column name of
// the header, a value) is quoted unless it is a plain name, so that no
// control character or escape sequence of the file reaches a terminal.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d", p.Line)
	if p.Column != "" {
		fmt.Fprintf(&b, ", column %s", columnName(p.Column))
	}
	if p.Value != "" || p.Column != "" {
		fmt.Fprintf(&b, ": %q", truncate(p.Value, 80))
	}
	fmt.Fprintf(&b, ": %s", p.Reason)
	return b.String()
}

// columnName is name as is when it is a plain name (letters, digits and
// underscores, like every column of the tables), quoted otherwise.
func columnName(name string) string {
	for _, r := range name {
		if !(r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return strconv.Quote(truncate(name, 80))
		}
	}
	return truncate(name, 80)
}

// Error reports the problems of a file that was refused: nothing of it was
// loaded. Problems are the first of them, up to the limit of problems kept,
// and last, when a limit of the file stopped the reading, the problem that
// stopped it; More counts the problems not kept.
type Error struct {
	Table    string
	Problems []Problem
	More     int
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import %s: %s, nothing loaded:", e.Table, e.Count())
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  %s", e.MoreLine())
	}
	return b.String()
}

// Count says how many problems the file had, as "1 problem" or "3 problems".
func (e *Error) Count() string {
	if n := len(e.Problems) + e.More; n != 1 {
		return fmt.Sprintf("%d problems", n)
	}
	return "1 problem"
}

// MoreLine says how many problems are not listed, as "... and 3 more
// problems, not listed"; it is empty when every problem is listed.
func (e *Error) MoreLine() string {
	switch e.More {
	case 0:
		return ""
	case 1:
		return "... and 1 more problem, not listed"
	}
	return fmt.Sprintf("... and %d more problems, not listed", e.More)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
