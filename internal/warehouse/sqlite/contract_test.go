package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
	"nbaflow/internal/warehouse/warehousetest"
)

// openTemp opens a warehouse in a fresh file under t's temporary directory.
func openTemp(t *testing.T) *sqlite.Warehouse {
	t.Helper()
	w, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func TestContract(t *testing.T) {
	warehousetest.Run(t, func(t *testing.T) warehouse.Warehouse { return openTemp(t) })
}
