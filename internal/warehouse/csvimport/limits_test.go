package csvimport_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"nbaflow/internal/warehouse/csvimport"
)

const scheduleHeader = "game_id,game_date,game_start_utc,season_year,home_team_abbr,away_team_abbr,home_score,away_score,game_status,is_playoffs,is_primetime\n"

// scheduleRow is a good row of schedule, its key made of i.
func scheduleRow(i int) string {
	return fmt.Sprintf("g%07d,2024-10-22,2024-10-22T23:30:00Z,2024,BOS,NYK,,,1,false,false\n", i)
}

// endless reads prefix, then repeat (or, without it, the rows of
// scheduleRow) without end.
type endless struct {
	prefix, repeat string
	rows           int
	pending        []byte
}

func (r *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.pending) == 0 {
			switch {
			case r.prefix != "":
				r.pending, r.prefix = []byte(r.prefix), ""
			case r.repeat != "":
				r.pending = []byte(strings.Repeat(r.repeat, max(1, 4096/len(r.repeat))))
			default:
				r.pending = []byte(scheduleRow(r.rows))
				r.rows++
			}
		}
		c := copy(p[n:], r.pending)
		r.pending, n = r.pending[c:], n+c
	}
	return n, nil
}

// allocated runs f and returns how many bytes of heap it allocated in all:
// more than its peak of live heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestParseEndlessInput: an input without end fails on the first limit it
// passes, with a problem naming its line, and what Parse allocates does not
// grow with the input (it would with every byte of it).
func TestParseEndlessInput(t *testing.T) {
	devZero, err := os.Open("/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	defer devZero.Close()
	tests := []struct {
		name   string
		lim    csvimport.Limits
		r      io.Reader
		line   int
		reason string
	}{
		{"/dev/zero", csvimport.Limits{}, devZero, 1, "longer than 1 MiB, the limit of a line; the file was read no further"},
		{"endless second line", csvimport.Limits{}, &endless{prefix: scheduleHeader + "g1,", repeat: "x"}, 2, "longer than 1 MiB, the limit of a line"},
		{"quoted field left open", csvimport.Limits{}, &endless{prefix: scheduleHeader + `"g1`, repeat: "a\n"}, 2,
			"a record longer than 1 MiB, the limit of a record, by line 524289 (a quoted field left open?)"},
		{"endless rows", csvimport.Limits{MaxRows: 10_000}, &endless{prefix: scheduleHeader}, 10_002, "more than 10000 rows, the limit of a file"},
		{"endless bytes", csvimport.Limits{MaxFileBytes: 1 << 20}, &endless{prefix: scheduleHeader}, 14_979, "the file is longer than 1 MiB, the limit of a file"},
		{"endless bad rows", csvimport.Limits{MaxRows: 50_000}, &endless{prefix: scheduleHeader, repeat: "bad\n"}, 50_002, "more than 50000 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			bytes := allocated(func() { _, _, err = tt.lim.Parse(context.Background(), "schedule", tt.r) })
			var ierr *csvimport.Error
			if !errors.As(err, &ierr) || len(ierr.Problems) == 0 {
				t.Fatalf("Parse = %v; want a *csvimport.Error", err)
			}
			last := ierr.Problems[len(ierr.Problems)-1]
			if ierr.More == 0 && (last.Line != tt.line || !strings.Contains(last.Reason, tt.reason)) {
				t.Errorf("last problem %s; want line %d: %s", last, tt.line, tt.reason)
			}
			if ierr.More > 0 && !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("Parse = %v; want %q among the problems", err, tt.reason)
			}
			t.Logf("allocated %.1f MiB in all", float64(bytes)/(1<<20))
			// The buffers of one record (a few times 1 MiB) and, for the
			// good rows, their keys and the rows themselves.
			if bytes > 64<<20 {
				t.Errorf("Parse allocated %d MiB; want less than 64 MiB", bytes>>20)
			}
		})
	}
}

// TestParseFieldLimit: a field longer than the limit is a problem of its
// line and column; the problem keeps only the start of it.
func TestParseFieldLimit(t *testing.T) {
	long := strings.Repeat("x", csvimport.DefaultMaxFieldBytes+1)
	in := scheduleHeader + strings.Replace(scheduleRow(1), "BOS", long, 1) + scheduleRow(2)
	_, _, err := csvimport.Parse(context.Background(), "schedule", strings.NewReader(in))
	var ierr *csvimport.Error
	if !errors.As(err, &ierr) || len(ierr.Problems) != 1 {
		t.Fatalf("Parse = %v; want one problem", err)
	}
	p := ierr.Problems[0]
	if want := "line 2, column home_team_abbr: \"" + long[:80] + "...\": 65537 bytes, longer than 64 KiB, the limit of a field"; p.String() != want || len(p.Value) > 128 {
		t.Errorf("problem %s (value of %d bytes); want %s", p, len(p.Value), want)
	}
}

// TestProblemQuotesTheFile: text of the file reaches a message quoted, so
// that no escape sequence of a header reaches a terminal.
func TestProblemQuotesTheFile(t *testing.T) {
	in := "game_id,\x1b]0;owned\x07,\x1b[2J,game_date\n"
	_, _, err := csvimport.Parse(context.Background(), "schedule", strings.NewReader(in))
	if err == nil {
		t.Fatal("Parse of a bad header succeeded")
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\x1b\x07") {
		t.Errorf("message holds the file's control characters raw:\n%q", msg)
	}
	for _, want := range []string{`line 1, column "\x1b]0;owned\a": `, `line 1, column "\x1b[2J": `, "line 1, column game_start_utc: \"\": missing required column"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q; want %q", msg, want)
		}
	}
}

// withoutDeadline hides the SetReadDeadline of a reader: a blocked read of
// it cannot be ended but by data or its end.
type withoutDeadline struct{ io.Reader }

// TestImportInterrupted: when ctx ends while a read of the file blocks,
// Import returns, saying where it was interrupted, and loads nothing, with a
// reader that can be given a deadline and with one that cannot.
func TestImportInterrupted(t *testing.T) {
	cause := errors.New("operator pressed ^C")
	tests := []struct {
		name string
		pipe func(t *testing.T) (io.Reader, io.WriteCloser)
	}{
		{"os.Pipe", func(t *testing.T) (io.Reader, io.WriteCloser) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close() })
			return r, w
		}},
		{"io.Pipe, no deadline", func(t *testing.T) (io.Reader, io.WriteCloser) {
			r, w := io.Pipe()
			return withoutDeadline{r}, w
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := openTemp(t)
			r, pw := tt.pipe(t)
			// Closed last: the read the import left behind ends with it.
			defer pw.Close()
			ctx, cancel := context.WithCancelCause(context.Background())
			type result struct{ err error }
			done := make(chan result, 1)
			go func() {
				_, err := csvimport.Import(ctx, w, "schedule", r)
				done <- result{err}
			}()
			// Once the last row is written, the import has read at least
			// the rows before it; its next read blocks.
			rows := scheduleHeader
			for i := range 3000 {
				rows += scheduleRow(i)
			}
			if _, err := io.WriteString(pw, rows); err != nil {
				t.Fatal(err)
			}
			cancel(cause)
			var res result
			select {
			case res = <-done:
			case <-time.After(time.Minute):
				t.Fatal("Import still reading a minute after its context ended")
			}
			if !errors.Is(res.err, cause) || !strings.HasPrefix(res.err.Error(), "import schedule: interrupted at line ") ||
				!strings.HasSuffix(res.err.Error(), ", nothing loaded: operator pressed ^C") {
				t.Errorf("Import = %v; want it interrupted by %v", res.err, cause)
			}
			if n := count(t, w, "schedule"); n != 0 {
				t.Errorf("schedule holds %d rows after an interrupted import", n)
			}
		})
	}
}

// TestParseCancelledBeforeStart: a context already ended reads nothing.
func TestParseCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := csvimport.Parse(ctx, "schedule", strings.NewReader(scheduleHeader+scheduleRow(1)))
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted at line 1") {
		t.Errorf("Parse = %v; want interrupted at line 1", err)
	}
}
