package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"nbaflow/activities"
	"nbaflow/internal/nba"
)

// clockTick is the unit of the CPU times in /proc (USER_HZ): 100 per
// second on every Linux architecture Go supports without cgo to ask.
const clockTick = 10 * time.Millisecond

// cpuSample is the CPU time used so far by the dev server, by this process
// (the worker, its client and the benchmark) and by the whole machine.
type cpuSample struct {
	at            time.Time
	server, self  time.Duration
	machineBusy   time.Duration
	machineAll    time.Duration
	serverMissing bool
}

// sampleCPU reads the CPU times of the dev server (a child process of this
// one, found by name), of this process and of the machine.
func sampleCPU(b *testing.B) cpuSample {
	b.Helper()
	s := cpuSample{at: time.Now()}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	s.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if pid := devServerPID(); pid > 0 {
		s.server = processCPU(pid)
	} else {
		s.serverMissing = true
	}
	s.machineBusy, s.machineAll = machineCPU()
	return s
}

// devServerPID finds the dev server: the child of this process whose
// command is temporal (testsuite.StartDevServer keeps its pid to itself).
func devServerPID() int {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, fields := procStat(pid)
		if comm == "temporal" && len(fields) > 1 && fields[1] == strconv.Itoa(os.Getpid()) {
			return pid
		}
	}
	return 0
}

// procStat returns a process's command name and the fields of
// /proc/PID/stat after it (state, ppid, ...).
func procStat(pid int) (string, []string) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return "", nil
	}
	s := string(data)
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open {
		return "", nil
	}
	return s[open+1 : closing], strings.Fields(s[closing+1:])
}

// processCPU is a process's user and system time (fields 14 and 15 of
// /proc/PID/stat).
func processCPU(pid int) time.Duration {
	_, f := procStat(pid)
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * clockTick
}

// machineCPU is the machine's busy and total CPU time, every core summed
// (the cpu line of /proc/stat).
func machineCPU() (busy, all time.Duration) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	for i, f := range strings.Fields(line)[1:] {
		n, _ := strconv.ParseInt(f, 10, 64)
		all += time.Duration(n) * clockTick
		if i != 3 && i != 4 { // idle, iowait
			busy += time.Duration(n) * clockTick
		}
	}
	return busy, all
}

// breakdown is where the time of one orchestrated run went: CPU by process,
// and the time the worker's activities and workflow tasks took, from the
// metrics the worker records.
type breakdown struct {
	name    string
	wall    time.Duration
	before  cpuSample
	after   cpuSample
	metrics *recorder
}

var breakdowns []breakdown

// measureBreakdown starts measuring a run on the worker whose client
// records into rec; the function it returns ends the measure and keeps it
// for the table.
func measureBreakdown(b *testing.B, name string, rec *recorder) func() {
	b.Helper()
	rec.reset()
	before := sampleCPU(b)
	return func() {
		after := sampleCPU(b)
		figuresMu.Lock()
		defer figuresMu.Unlock()
		breakdowns = append(breakdowns, breakdown{name: name, wall: after.at.Sub(before.at), before: before, after: after, metrics: rec.snapshot()})
	}
}

// print writes the breakdown: the CPU each process used (the dev server's
// is the orchestration), then the time the worker's activities, the
// warehouse calls in them and its workflow tasks took. Every figure is a
// sum over the run, so times add up across activities running side by
// side, and on a loaded machine they include waiting for a core.
func (d breakdown) print(w io.Writer) {
	cores := float64(d.after.machineAll-d.before.machineAll) / float64(d.wall)
	server := d.after.server - d.before.server
	self := d.after.self - d.before.self
	busy := d.after.machineBusy - d.before.machineBusy
	fmt.Fprintf(w, "\nWhere the time of %q went: %.1f s wall on %.0f cores (%.1f core-seconds)\n", d.name, d.wall.Seconds(), cores, cores*d.wall.Seconds())
	if d.before.serverMissing {
		fmt.Fprintf(w, "  dev server CPU: not found\n")
	} else {
		fmt.Fprintf(w, "  dev server CPU                 %7.1f s\n", server.Seconds())
	}
	fmt.Fprintf(w, "  worker process CPU             %7.1f s (worker, its client and the benchmark)\n", self.Seconds())
	fmt.Fprintf(w, "  other processes' CPU           %7.1f s (the machine is shared)\n", max(0, busy-server-self).Seconds())
	fmt.Fprintf(w, "  idle                           %7.1f s\n", (d.after.machineAll - d.before.machineAll - busy).Seconds())
	m := d.metrics
	for _, t := range []struct{ label, name, tag string }{
		{"UPGC chunks (load, build, stage)", activities.MetricChunkDuration, string(nba.UPGC)},
		{"  of which reading inputs", timerWarehouseRead, "ContextInputs"},
		{"PSZA chunks (load, build, stage)", activities.MetricChunkDuration, string(nba.PSZA)},
		{"  of which reading inputs", timerWarehouseRead, "ShotZoneInputs"},
		{"chunks of both: staging", timerWarehouseWrite, "Stage"},
		{"commits", activities.MetricCommitDuration, ""},
		{"  of which the warehouse", timerWarehouseWrite, "Commit"},
		{"PlanDate", "temporal_activity_execution_latency", activities.PlanDateName},
		{"  of which reading the plan", timerWarehouseRead, "PlanInputs"},
		{"activity schedule-to-start", "temporal_activity_schedule_to_start_latency", ""},
		{"workflow tasks (execution)", "temporal_workflow_task_execution_latency", ""},
		{"workflow task schedule-to-start", "temporal_workflow_task_schedule_to_start_latency", ""},
	} {
		sum := m.timer(t.name, t.tag)
		if sum.n == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-30s %7.1f s over %5d (mean %s)\n", t.label, sum.total.Seconds(), sum.n, (sum.total / time.Duration(sum.n)).Round(100*time.Microsecond))
	}
	chunks := m.timer(activities.MetricChunkDuration, "").total
	reads := m.timer(timerWarehouseRead, "ContextInputs").total + m.timer(timerWarehouseRead, "ShotZoneInputs").total
	stages := m.timer(timerWarehouseWrite, "Stage").total
	if chunks > 0 {
		fmt.Fprintf(w, "  of the chunks' time: reading %.0f %%, staging %.0f %%, building and heartbeating the rest (%.1f s)\n",
			100*reads.Seconds()/chunks.Seconds(), 100*stages.Seconds()/chunks.Seconds(), (chunks - reads - stages).Seconds())
	}
	fmt.Fprintf(w, "  activities %d, of which chunks %d; heartbeats sent %d; workflow tasks %d\n",
		m.timer("temporal_activity_execution_latency", "").n,
		m.timer(activities.MetricChunkDuration, "").n,
		m.counter("temporal_request", "RecordActivityTaskHeartbeat"),
		m.timer("temporal_workflow_task_execution_latency", "").n)
}

func printBreakdowns(w io.Writer) {
	for _, d := range breakdowns {
		d.print(w)
	}
}

// recorder is a client.MetricsHandler that sums the worker's timers and
// counters in memory, by name and by the one tag that tells them apart
// (activity_type, processor or operation).
type recorder struct {
	shared *recorded
	tag    string
}

type recorded struct {
	timers   map[metricKey]timerSum
	counters map[metricKey]int64
}

type metricKey struct{ name, tag string }

type timerSum struct {
	total time.Duration
	n     int
}

func newRecorder() *recorder {
	return &recorder{shared: &recorded{timers: map[metricKey]timerSum{}, counters: map[metricKey]int64{}}}
}

func (r *recorder) reset() {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	clear(r.shared.timers)
	clear(r.shared.counters)
}

// snapshot copies what is recorded so far.
func (r *recorder) snapshot() *recorder {
	c := newRecorder()
	for k, v := range r.shared.timers {
		c.shared.timers[k] = v
	}
	for k, v := range r.shared.counters {
		c.shared.counters[k] = v
	}
	return c
}

// timer sums a timer over its series whose tag is tag (every series when
// tag is empty).
func (r *recorder) timer(name, tag string) timerSum {
	var s timerSum
	for k, v := range r.shared.timers {
		if k.name == name && (tag == "" || k.tag == tag) {
			s.total += v.total
			s.n += v.n
		}
	}
	return s
}

func (r *recorder) counter(name, tag string) int64 {
	var n int64
	for k, v := range r.shared.counters {
		if k.name == name && (tag == "" || k.tag == tag) {
			n += v
		}
	}
	return n
}

// WithTags keeps the tag that names an activity type, a processor or an
// RPC; the others (namespace, task queue, workflow type) are the same for
// every series of a benchmark.
func (r *recorder) WithTags(tags map[string]string) client.MetricsHandler {
	c := &recorder{shared: r.shared, tag: r.tag}
	for _, k := range []string{"activity_type", activities.LabelProcessor, "operation"} {
		if v, ok := tags[k]; ok && !slices.Contains([]string{"", "none"}, v) {
			c.tag = v
		}
	}
	return c
}

func (r *recorder) Counter(name string) client.MetricsCounter {
	return counterFunc(func(n int64) {
		figuresMu.Lock()
		defer figuresMu.Unlock()
		r.shared.counters[metricKey{name, r.tag}] += n
	})
}

func (r *recorder) Gauge(string) client.MetricsGauge { return gaugeFunc(func(float64) {}) }

func (r *recorder) Timer(name string) client.MetricsTimer {
	return timerFunc(func(d time.Duration) {
		figuresMu.Lock()
		defer figuresMu.Unlock()
		s := r.shared.timers[metricKey{name, r.tag}]
		s.total += d
		s.n++
		r.shared.timers[metricKey{name, r.tag}] = s
	})
}

type counterFunc func(int64)

func (f counterFunc) Inc(n int64) { f(n) }

type gaugeFunc func(float64)

func (f gaugeFunc) Update(v float64) { f(v) }

type timerFunc func(time.Duration)

func (f timerFunc) Record(d time.Duration) { f(d) }
