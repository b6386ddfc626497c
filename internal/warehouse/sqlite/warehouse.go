// Package sqlite is the embedded warehouse: two SQLite files (modernc.org/sqlite,
// pure Go) in WAL mode, the inputs and the runs' outputs (runs_file.go), that
// several worker processes on one machine may share.
// Writers use immediate transactions: one process's writers queue on a
// semaphore, other processes' on SQLite's lock with a busy timeout, so
// concurrent writers wait their turn instead of failing.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	sqlitedriver "modernc.org/sqlite"

	"nbaflow/internal/warehouse"
)

// BusyTimeout is how long a writer waits for another's lock before failing.
const BusyTimeout = 10 * time.Second

// Warehouse is the SQLite backend of warehouse.Warehouse.
type Warehouse struct {
	warehouse.Reads
	db   *sql.DB
	path string
	now  func() time.Time

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // prepared statements by text

	// writer lets one write transaction of this process run at a time. Left
	// to SQLite, concurrent writers poll the lock with growing sleeps and sit
	// idle after it is free; queued here, the next one starts at once. Other
	// processes still wait on SQLite's lock and the busy timeout.
	writer chan struct{}

	// seasons keeps the season of a backfill's reads in memory
	// (season_cache.go).
	seasons *seasonCache
}

var _ warehouse.Warehouse = (*Warehouse)(nil)

// Open opens (creating them and their directory if needed) the warehouse
// file at path and its runs file (RunsPath), and brings the schema to the
// latest version. Any path names exactly that file: '?', '#', '%' and
// spaces are escaped, not read as a URI's query, fragment or escapes.
//
// The warehouse is the owner's alone: a new file is created 0600 (its WAL
// and shared-memory files take its mode, and a new runs file the
// warehouse file's) and new directories 0700. An existing file or
// directory keeps its mode.
func Open(ctx context.Context, path string) (*Warehouse, error) {
	dsn, err := dataSourceName(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %q: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// Created empty here first, a file is a new database to SQLite all the
	// same.
	runs := RunsPath(path)
	if err := createFile(path, 0o600); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// The runs file takes the warehouse file's mode, so that whoever may
	// open the one may open the other.
	fi, err := os.Stat(path)
	if err == nil {
		err = createFile(runs, fi.Mode().Perm())
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", runs, err)
	}
	absRuns, err := filepath.Abs(runs)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", runs, err)
	}
	connector, err := sqlitedriver.NewConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db := sql.OpenDB(runsConnector{Connector: connector, runs: absRuns})
	// Enough connections for the parallel reads of one chunk (one per table);
	// writers queue in inTx.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w := &Warehouse{db: db, path: path, now: time.Now, stmts: map[string]*sql.Stmt{}, writer: make(chan struct{}, 1),
		seasons: newSeasonCache(sql.OpenDB(connector))}
	w.Reads = warehouse.Reads{R: reader{w: w}, D: Dialect{}}
	return w, nil
}

// dataSourceName is the driver's name of the file at path: a file: URI
// with its path escaped and the connection's settings as its query.
func dataSourceName(path string) (string, error) {
	if path == "" {
		return "", errors.New("empty path")
	}
	if strings.IndexByte(path, 0) >= 0 {
		return "", errors.New("a NUL byte in the path")
	}
	// Absolute, so that the URI has no authority to mistake a path for
	// ("file://x/...") and a relative path with a colon no scheme.
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout.Milliseconds()))
	q.Set("_txlock", "immediate")
	for _, s := range fileSettings {
		q.Add("_pragma", s[0]+"("+s[1]+")")
	}
	slashed := filepath.ToSlash(abs)
	if !strings.HasPrefix(slashed, "/") {
		slashed = "/" + slashed // a drive letter: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: slashed, RawQuery: q.Encode()}
	return u.String(), nil
}

// Path returns the file the warehouse is stored in.
func (w *Warehouse) Path() string { return w.path }

// DB returns the underlying database, for tests and tools.
func (w *Warehouse) DB() *sql.DB { return w.db }

// Close implements warehouse.Warehouse.
func (w *Warehouse) Close() error {
	w.mu.Lock()
	for text, stmt := range w.stmts {
		stmt.Close()
		delete(w.stmts, text)
	}
	w.mu.Unlock()
	return errors.Join(w.seasons.watch.Close(), w.db.Close())
}

// inTx runs fn in an immediate write transaction and commits it when fn
// succeeds.
func (w *Warehouse) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	select {
	case w.writer <- struct{}{}:
		defer func() { <-w.writer }()
	case <-ctx.Done():
		return fmt.Errorf("begin: waiting for this process's other writers: %w", ctx.Err())
	}
	return inTxOf(ctx, w.db, fn)
}

// inTxOf runs fn in a transaction that db (a pool or one connection)
// begins, and commits it when fn succeeds.
func inTxOf(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback() //nolint:errcheck // the error of fn is the one to report
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
