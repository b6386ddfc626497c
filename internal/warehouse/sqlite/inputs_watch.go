package sqlite

import (
	"context"
	"database/sql"
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
		iw.conn, iw.epoch = conn, iw.epoch+1
		// A new connection's data_version has no history: its first
		// value opens a new epoch.
		if err := conn.QueryRowContext(ctx, "PRAGMA main.data_version").Scan(&iw.version); err != nil {
			iw.drop()
			return iw.epoch, err
		}
		return iw.epoch, nil
	}
	var v int64
	if err := iw.conn.QueryRowContext(ctx, "PRAGMA main.data_version").Scan(&v); err != nil {
		iw.drop()
		return iw.epoch, err
	}
	if v != iw.version {
		iw.version, iw.epoch = v, iw.epoch+1
	}
	return iw.epoch, nil
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
