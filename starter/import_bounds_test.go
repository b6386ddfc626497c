package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"nbaflow/internal/testenv"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
)

const scheduleHeader = "game_id,game_date,game_start_utc,season_year,home_team_abbr,away_team_abbr,home_score,away_score,game_status,is_playoffs,is_primetime\n"

// scheduleRows is the header and n good rows of schedule.
func scheduleRows(n int) string {
	var b strings.Builder
	b.WriteString(scheduleHeader)
	for i := range n {
		fmt.Fprintf(&b, "g%07d,2024-10-22,2024-10-22T23:30:00Z,2024,BOS,NYK,,,1,false,false\n", i)
	}
	return b.String()
}

// runStarterWithin is runStarter that fails the test when the command has
// not returned within a minute (it blocks on what it should have refused).
func runStarterWithin(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code        int
		out, stderr string
	}
	done := make(chan result, 1)
	go func() {
		var out, errOut strings.Builder
		e := &env{stdout: &out, stderr: &errOut, environ: environOf(vars)}
		code := run(context.Background(), args, e)
		done <- result{code, out.String(), errOut.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.stderr
	case <-time.After(time.Minute):
		t.Fatalf("nbaflow %s still running after a minute", strings.Join(args, " "))
		return 0, "", ""
	}
}

// tableRows counts the rows of table in the warehouse file path.
func tableRows(t *testing.T, path, table string) int {
	t.Helper()
	w, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var n int
	if err := w.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// mkfifo makes a FIFO at path; nothing ever writes to it.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestImportRefusesWhatIsNotAFile: import reads a regular file only; a
// FIFO (which would hold it until a writer came), a device (/dev/zero never
// ends) or a directory is refused at once, by name, before the warehouse
// is opened.
func TestImportRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "schedule.csv")
	mkfifo(t, fifo)
	tests := []struct{ path, want string }{
		{fifo, "nbaflow import: refusing " + fifo + ": a named pipe (FIFO), not a regular file (- reads standard input)\n"},
		{"/dev/zero", "nbaflow import: refusing /dev/zero: a character device, not a regular file (- reads standard input)\n"},
		{dir, "nbaflow import: refusing " + dir + ": a directory, not a regular file (- reads standard input)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.db")
			code, _, stderr := runStarterWithin(t, nil, "import", "--table", "schedule", "--db", db, tt.path)
			if code != 1 || stderr != tt.want {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the warehouse was opened for a refused file: %v", err)
			}
		})
	}
}

// TestImportDirRefusesWhatIsNotAFile: import-dir reads regular files and
// relative links to them inside the folder; anything else named TABLE.csv
// is refused at once as a problem of that file, by name, and the other
// files still load.
func TestImportDirRefusesWhatIsNotAFile(t *testing.T) {
	arenas, err := os.ReadFile(filepath.Join(realData, "arenas.csv"))
	if err != nil {
		t.Fatal(err)
	}
	schedule, err := os.ReadFile(filepath.Join(csvTestdata, "schedule.csv"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(t *testing.T, path string, b []byte) {
		t.Helper()
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(t *testing.T, target, path string) {
		t.Helper()
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		make func(t *testing.T, dir, path string) // makes dir/schedule.csv at path
		want string                               // its problem; empty: it loads
	}{
		{"FIFO", func(t *testing.T, _, path string) { mkfifo(t, path) }, "refused: a named pipe (FIFO), not a regular file"},
		{"socket", func(t *testing.T, _, path string) {
			l, err := net.Listen("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
		}, "refused: a socket, not a regular file"},
		{"directory", func(t *testing.T, _, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}, "refused: a directory, not a regular file"},
		{"link out of the folder", func(t *testing.T, dir, path string) {
			outside := filepath.Join(filepath.Dir(dir), "outside.csv")
			write(t, outside, schedule)
			symlink(t, filepath.Join("..", "outside.csv"), path)
		}, `refused: a symbolic link out of DIR, to "../outside.csv"`},
		{"absolute link", func(t *testing.T, _, path string) { symlink(t, "/dev/zero", path) },
			`refused: a symbolic link to an absolute path, "/dev/zero"; only relative links inside DIR are followed`},
		{"link to a FIFO inside", func(t *testing.T, dir, path string) {
			mkfifo(t, filepath.Join(dir, "pipe"))
			symlink(t, "pipe", path)
		}, "refused: a named pipe (FIFO), not a regular file"},
		{"dangling link", func(t *testing.T, _, path string) { symlink(t, "nothing.csv", path) },
			`a symbolic link to "nothing.csv", which does not exist`},
		{"link to a file inside", func(t *testing.T, dir, path string) {
			if err := os.Mkdir(filepath.Join(dir, "2017"), 0o700); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "2017", "games.csv"), schedule)
			symlink(t, filepath.Join("2017", "games.csv"), path)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A folder of its own inside a temporary one, for the link out.
			dir := filepath.Join(t.TempDir(), "in")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "arenas.csv"), arenas)
			tt.make(t, dir, filepath.Join(dir, "schedule.csv"))
			db := filepath.Join(t.TempDir(), "w.db")
			vars := map[string]string{"SQLITE_PATH": db}

			code, out, _ := runStarterWithin(t, vars, "import-dir", "--json", dir)
			var rep importDirReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Files) != 2 {
				t.Fatalf("import-dir --json: exit %d, %v:\n%s", code, err, out)
			}
			loaded, sched := rep.Files[0], rep.Files[1]
			if want := (warehouse.TableLoad{Table: "arenas", Inserted: 30}); loaded.TableLoad != want {
				t.Errorf("arenas.csv beside it: %+v; want %v", loaded, want)
			}
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			switch {
			case want == "" && (code != 0 || sched.Inserted != 3 || len(sched.Problems) != 0):
				t.Errorf("schedule.csv: exit %d, %+v; want it loaded", code, sched)
			case want != "" && (code != 1 || sched.Rows() != 0 || len(sched.Problems) != 1 || sched.Problems[0] != want):
				t.Errorf("schedule.csv: exit %d, %+v; want it refused: %s", code, sched, want)
			}

			if want == "" {
				return
			}
			// As text, the problem follows the file's name.
			_, out, _ = runStarterWithin(t, vars, "import-dir", dir)
			if line := "    " + filepath.Join(dir, "schedule.csv") + ": " + want + "\n"; !strings.Contains(out, line) {
				t.Errorf("import-dir prints:\n%s\nwant the line %q", out, line)
			}
		})
	}
}

// TestCoverageRange: coverage reads at most a season's worth of dates.
func TestCoverageRange(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	tests := []struct {
		from, to string
		code     int
		want     string // in stderr
	}{
		{"2024-10-01", "2025-10-01", 0, ""}, // 366 days
		{"2024-10-01", "2025-10-02", 2, "nbaflow coverage: --from 2024-10-01 --to 2025-10-02 is 367 days; coverage reads at most 366 (two queries a date): split the range"},
		{"1946-11-01", "2025-06-30", 2, "is 28732 days; coverage reads at most 366"},
		{"2025-01-02", "2025-01-01", 2, "want two dates, in order"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"_"+tt.to, func(t *testing.T) {
			code, _, stderr := runStarter(t, nil, "coverage", "--from", tt.from, "--to", tt.to, "--db", db)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}

// buildStarter builds this command into a temporary directory, to run it
// as a process that gets signals.
func buildStarter(t *testing.T) string {
	t.Helper()
	return testenv.BuildCommand(t, ".", "nbaflow")
}

// wait waits for cmd to exit, and kills it if it has not within a minute.
func wait(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s still running after a minute", strings.Join(cmd.Args, " "))
	}
}

// stopsWithin bounds how long an import may take to stop after a signal.
const stopsWithin = 3 * time.Second

// TestImportStopsOnSignal: SIGINT or SIGTERM stops an import whose read of
// standard input blocks (a pipe that sends nothing more), and nothing of the
// file is loaded.
func TestImportStopsOnSignal(t *testing.T) {
	bin := buildStarter(t)
	tests := []struct {
		sig  syscall.Signal
		want string
	}{
		{syscall.SIGINT, "nothing loaded: interrupt signal received\n"},
		{syscall.SIGTERM, "nothing loaded: terminated signal received\n"},
	}
	for _, tt := range tests {
		t.Run(tt.sig.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.db")
			cmd := exec.Command(bin, "import", "--table", "schedule", "--db", db, "-")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// 1 MiB of good rows: when the write returns, the import has
			// read most of them (a pipe and the import's buffers hold far
			// less), and it goes on to wait for more.
			if _, err := io.WriteString(stdin, scheduleRows(15_000)); err != nil {
				t.Fatal(err)
			}
			signalled := time.Now()
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			wait(t, cmd)
			// The promise is a second; the margin is for a loaded machine.
			if took := time.Since(signalled); took > stopsWithin {
				t.Errorf("the import took %v to stop after %v, want within %v", took, tt.sig, stopsWithin)
			} else {
				t.Logf("stopped %v after %v", took, tt.sig)
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 ||
				!strings.HasPrefix(stderr.String(), "nbaflow import: import schedule: interrupted at line ") || !strings.HasSuffix(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 1, interrupted, %q", code, stderr.String(), tt.want)
			}
			if n := tableRows(t, db, "schedule"); n != 0 {
				t.Errorf("schedule holds %d rows after an interrupted import", n)
			}
		})
	}
}

// peakLauncher runs a command (its arguments after the first) with its
// standard streams, and writes the command's peak resident memory in KiB
// to the file its first argument names. Linux starts the peak of a process
// that Go starts at the peak of the process it was started from (Go forks
// with the parent's memory, and exec keeps the peak); started from this
// small program, the command's peak is its own, not the test process's.
const peakLauncher = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(125)
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	if err := os.WriteFile(os.Args[1], []byte(fmt.Sprint(peak)), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(125)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
`

// buildPeakLauncher builds peakLauncher into a temporary directory.
func buildPeakLauncher(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte(peakLauncher), 0o600); err != nil {
		t.Fatal(err)
	}
	return testenv.BuildCommand(t, src, "peak")
}

// TestImportEndlessInput: an import of an input without end fails clearly,
// without a crash, in bounded memory: /dev/zero has no newline; an endless
// stream of bad rows lists its first problems and counts the rest. The
// peak resident memory of the process is logged.
func TestImportEndlessInput(t *testing.T) {
	bin, launcher := buildStarter(t), buildPeakLauncher(t)
	tests := []struct {
		name  string
		stdin func(t *testing.T, cmd *exec.Cmd)
		want  []string // lines of stderr
	}{
		{"/dev/zero", func(t *testing.T, cmd *exec.Cmd) {
			f, err := os.Open("/dev/zero")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			cmd.Stdin = f
		}, []string{
			"standard input:1: longer than 1 MiB, the limit of a line; the file was read no further",
			"nbaflow import: standard input: 1 problem, nothing loaded",
		}},
		{"endless bad rows", func(t *testing.T, cmd *exec.Cmd) {
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			rows := []byte(strings.Repeat("bad\n", 16<<10))
			go func() {
				defer stdin.Close()
				if _, err := stdin.Write([]byte(scheduleHeader)); err != nil {
					return
				}
				for {
					if _, err := stdin.Write(rows); err != nil {
						return // the import stopped reading
					}
				}
			}()
		}, []string{
			"standard input:2: 1 fields, the header has 11",
			"standard input:101: 1 fields, the header has 11",
			"standard input:2000002: more than 2000000 rows, the limit of a file; the file was read no further",
			"standard input: ... and 1999900 more problems, not listed",
			"nbaflow import: standard input: 2000001 problems, nothing loaded",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			peakFile := filepath.Join(tmp, "peak")
			cmd := exec.Command(launcher, peakFile, bin, "import", "--table", "schedule", "--db", filepath.Join(tmp, "w.db"), "-")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			tt.stdin(t, cmd)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			wait(t, cmd)
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			if code := cmd.ProcessState.ExitCode(); code != 1 || len(lines) > 105 {
				t.Errorf("exit %d with %d lines of stderr; want 1, at most 105 lines:\n%s", code, len(lines), stderr.String())
			}
			for _, want := range tt.want {
				if !strings.Contains(stderr.String(), want+"\n") {
					t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
				}
			}
			b, err := os.ReadFile(peakFile)
			if err != nil {
				t.Fatal(err)
			}
			kib, err := strconv.ParseInt(string(b), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			peak := kib << 10
			t.Logf("peak resident memory %.1f MiB", float64(peak)/(1<<20))
			if peak > 256<<20 {
				t.Errorf("peak resident memory %d MiB; want less than 256 MiB", peak>>20)
			}
		})
	}
}
