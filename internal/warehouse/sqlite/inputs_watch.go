package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// inputsWatch tells whether the inputs file has changed, through a
// connection of its own that never writes: its PRAGMA data_version changes
// whenever another connection commits a change to the file. The runs
// file's commits do not change it, so staging and committing outputs keep
// the cached seasons.
type inputsWatch struct {
	db *sql.DB

	mu      sync.Mutex
	conn    *sql.Conn
	version int64  // the connection's data_version when last asked
	epoch   uint64 // counts the changes seen, and lost connections
}

// newInputsWatch watches the inputs file through db, which it limits to
// one connection.
func newInputsWatch(db *sql.DB) *inputsWatch {
	db.SetMaxOpenConns(1)
	return &inputsWatch{db: db}
}

// current returns the inputs' epoch: a number that stays the same only
// while no change to the inputs has been committed since the last call.
// A failed check counts as a change.
func (iw *inputsWatch) current(ctx context.Context) (uint64, error) {
	iw.mu.Lock()
	defer iw.mu.Unlock()
	if iw.conn == nil {
		conn, err := iw.db.Conn(ctx)
		if err != nil {
			iw.epoch++
			return iw.epoch, err
		}
		// A new connection's data_version has no history (versions are
		// positive): its first value opens a new epoch.
		iw.conn, iw.version = conn, -1
	}
	v, err := dataVersion(ctx, iw.conn)
	if err != nil {
		iw.drop()
		return iw.epoch, err
	}
	if v != iw.version {
		iw.version, iw.epoch = v, iw.epoch+1
	}
	return iw.epoch, nil
}

// dataVersion reads the main file's PRAGMA data_version on q's connection:
// it changes when another connection has committed to the file since q
// last read it.
func dataVersion(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (int64, error) {
	var v int64
	if err := q.QueryRowContext(ctx, "PRAGMA main.data_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read data_version: %w", err)
	}
	return v, nil
}

// drop forgets a failed connection and opens a new epoch.
func (iw *inputsWatch) drop() {
	iw.conn.Close()
	iw.conn, iw.epoch = nil, iw.epoch+1
}

// Close closes the watching connection.
func (iw *inputsWatch) Close() error {
	iw.mu.Lock()
	defer iw.mu.Unlock()
	if iw.conn != nil {
		iw.conn.Close()
		iw.conn = nil
	}
	return iw.db.Close()
}
