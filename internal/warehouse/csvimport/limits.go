package csvimport

import "fmt"

// Limits bound what an import reads and keeps, so that no input, not even
// an endless one, makes it buffer more than one record or keep more than
// MaxProblems problems. A field left zero takes its default.
//
// The rows of a file load all or nothing, in one LoadDataset, so the rows of
// a file without problems are held in memory until it ends: MaxRows and
// MaxFileBytes bound that memory. A row of the widest table
// (player_game_summary) takes about 470 bytes, so the DefaultMaxRows rows
// take about 1 GB. A file with a problem keeps no rows, only the keys of
// its good rows, to find repeats.
type Limits struct {
	// MaxRecordBytes bounds a line, and a record of several lines (a quoted
	// field may hold newlines), newlines inside it included.
	MaxRecordBytes int
	// MaxFieldBytes bounds one field of a record.
	MaxFieldBytes int
	// MaxRows bounds the data records of a file.
	MaxRows int
	// MaxFileBytes bounds the bytes of a file.
	MaxFileBytes int64
	// MaxProblems is how many problems a refused file lists; the rest are
	// counted.
	MaxProblems int
}

// The default limits. A season's largest file (player_game_summary) has
// 26,106 rows in 2.7 MB with lines of about 100 bytes.
const (
	DefaultMaxRecordBytes       = 1 << 20
	DefaultMaxFieldBytes        = 64 << 10
	DefaultMaxRows              = 2_000_000
	DefaultMaxFileBytes   int64 = 1 << 30
	DefaultMaxProblems          = 100
)

func (l Limits) withDefaults() Limits {
	if l.MaxRecordBytes <= 0 {
		l.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if l.MaxFieldBytes <= 0 {
		l.MaxFieldBytes = DefaultMaxFieldBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxProblems <= 0 {
		l.MaxProblems = DefaultMaxProblems
	}
	return l
}

// size writes a limit in bytes as people read it: "1 MiB", "64 KiB".
func size(n int64) string {
	for _, u := range []struct {
		unit  string
		bytes int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.bytes && n%u.bytes == 0 {
			return fmt.Sprintf("%d %s", n/u.bytes, u.unit)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// String describes the limits l puts on a file (zero fields as their
// defaults), for a command's help.
func (l Limits) String() string {
	l = l.withDefaults()
	return fmt.Sprintf("a line or record of at most %s, a field of %s, a file of %d rows and %s; the first %d problems listed, the rest counted",
		size(int64(l.MaxRecordBytes)), size(int64(l.MaxFieldBytes)), l.MaxRows, size(l.MaxFileBytes), l.MaxProblems)
}
