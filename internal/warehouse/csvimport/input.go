package csvimport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"
)

// chunkSize is how much of the source one read asks for.
const chunkSize = 64 << 10

// limitError is a limit the file passed: a problem that stops the reading.
type limitError struct{ Problem }

func (e *limitError) Error() string { return e.Problem.String() }

// chunk is the outcome of one read of the source.
type chunk struct {
	buf []byte // the whole buffer, to be reused
	n   int
	err error
}

// input is the bytes of a CSV file on their way to the csv.Reader, which
// would buffer a line without end, so input bounds the record being read
// and hands the csv.Reader at most one line per Read: what it has handed
// over when a record ends is exactly that record, and the counts of the
// record start afresh there (endRecord).
//
// The source is read by a goroutine, so that a read blocked on a pipe does
// not hold the import when ctx ends: Read returns at once, and the blocked
// read is left to finish (see stop).
type input struct {
	ctx    context.Context
	lim    Limits
	src    io.Reader
	chunks chan chunk
	free   chan []byte   // buffers the goroutine may read into
	done   chan struct{} // closed by stop
	ended  bool          // the goroutine has sent its last chunk

	buf  []byte // the chunk being handed over, to give back to free
	rest []byte // its bytes not handed over yet
	err  error  // sticky: io.EOF, a read error, a *limitError, or ctx's cause

	line        int // the line being read, 1-based
	lineBytes   int // of the line being read, its newline excluded
	recordLine  int // the line the record being read began on
	recordBytes int // of the record being read, its last newline excluded
	fileBytes   int64
}

func newInput(ctx context.Context, src io.Reader, lim Limits) *input {
	in := &input{
		ctx: ctx, lim: lim, src: src,
		chunks: make(chan chunk), free: make(chan []byte, 2), done: make(chan struct{}),
		line: 1, recordLine: 1,
	}
	// Two buffers: the goroutine reads into one while the other is handed
	// over.
	in.free <- make([]byte, chunkSize)
	in.free <- make([]byte, chunkSize)
	go in.readSource()
	return in
}

// readSource reads the source into free buffers until it fails or ends, or
// stop is called.
func (in *input) readSource() {
	for {
		var buf []byte
		select {
		case buf = <-in.free:
		case <-in.done:
			return
		}
		n, err := in.src.Read(buf)
		select {
		case in.chunks <- chunk{buf: buf, n: n, err: err}:
		case <-in.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// stop ends the reading goroutine. A read of the source still in flight
// (a pipe that sends nothing) ends with the source's next data, its end or
// its closing; a source with SetReadDeadline (a pipe opened by os.Pipe, a
// network connection) gets a deadline in the past to end it at once.
func (in *input) stop() {
	close(in.done)
	if in.ended {
		return
	}
	if d, ok := in.src.(interface{ SetReadDeadline(time.Time) error }); ok {
		d.SetReadDeadline(time.Now()) //nolint:errcheck // a source without deadlines keeps its read; nothing else to do
	}
}

// Read implements io.Reader for the csv.Reader: at most one line, or the
// part of one that fits in p.
func (in *input) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for len(in.rest) == 0 {
		if in.err != nil {
			return 0, in.err
		}
		in.next()
	}
	b := in.rest[:min(len(in.rest), len(p))]
	nl := bytes.IndexByte(b, '\n')
	if nl >= 0 {
		b = b[:nl+1]
	}
	if err := in.count(b, nl >= 0); err != nil {
		in.err, in.rest = err, nil
		return 0, err
	}
	n := copy(p, b)
	in.rest = in.rest[n:]
	return n, nil
}

// next takes the next chunk of the source, or sets err when ctx ends first.
func (in *input) next() {
	if in.buf != nil {
		in.free <- in.buf // never blocks: free holds every buffer there is
		in.buf = nil
	}
	if in.ctx.Err() != nil {
		in.err = context.Cause(in.ctx)
		return
	}
	select {
	case c := <-in.chunks:
		in.buf, in.rest = c.buf, c.buf[:c.n]
		if c.err != nil {
			in.err, in.ended = c.err, true
		}
	case <-in.ctx.Done():
		in.err = context.Cause(in.ctx)
	}
}

// count adds b, the next bytes handed over, to the counts of the line, the
// record and the file, and fails when one passes its limit.
func (in *input) count(b []byte, endsLine bool) error {
	content := len(b)
	if endsLine {
		content--
	}
	in.lineBytes += content
	in.recordBytes += content
	in.fileBytes += int64(len(b))
	limit := int64(in.lim.MaxRecordBytes)
	switch {
	case int64(in.lineBytes) > limit:
		return &limitError{Problem{Line: in.line, Reason: fmt.Sprintf("longer than %s, the limit of a line; the file was read no further", size(limit))}}
	case int64(in.recordBytes) > limit:
		return &limitError{Problem{Line: in.recordLine, Reason: fmt.Sprintf(
			"a record longer than %s, the limit of a record, by line %d (a quoted field left open?); the file was read no further", size(limit), in.line)}}
	case in.fileBytes > in.lim.MaxFileBytes:
		return &limitError{Problem{Line: in.line, Reason: fmt.Sprintf(
			"the file is longer than %s, the limit of a file; it was read no further", size(in.lim.MaxFileBytes))}}
	}
	if endsLine {
		in.line++
		in.lineBytes = 0
		in.recordBytes++ // the newline, which is part of the record if it goes on
	}
	return nil
}

// endRecord starts the counts of a new record: the csv.Reader has returned
// one, and consumed exactly what was handed over.
func (in *input) endRecord() {
	in.recordLine = in.line
	in.recordBytes = in.lineBytes
}
