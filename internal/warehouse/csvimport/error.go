package csvimport

import (
	"fmt"
	"strings"
)

// MaxReported is how many problems an Error's message lists; the rest are
// counted.
const MaxReported = 100

// Problem is one bad value (or a bad header or record, or a repeated key) of
// a CSV file.
type Problem struct {
	Line   int    // 1-based line of the file; the header is line 1
	Column string // column name, empty for a whole-record problem
	Value  string // the bad value as read
	Reason string
}

func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d", p.Line)
	if p.Column != "" {
		fmt.Fprintf(&b, ", column %s", p.Column)
	}
	if p.Value != "" || p.Column != "" {
		fmt.Fprintf(&b, ": %q", truncate(p.Value, 80))
	}
	fmt.Fprintf(&b, ": %s", p.Reason)
	return b.String()
}

// Error reports every problem of a file that was refused: nothing of it was
// loaded.
type Error struct {
	Table    string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import %s: %s, nothing loaded:", e.Table, e.Count())
	for i, p := range e.Problems {
		if i == MaxReported {
			fmt.Fprintf(&b, "\n  ... and %d more", len(e.Problems)-MaxReported)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Count says how many problems the file had, as "1 problem" or "3 problems".
func (e *Error) Count() string {
	if len(e.Problems) == 1 {
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", len(e.Problems))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
