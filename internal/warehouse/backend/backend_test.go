package backend_test

import (
	"context"
	"path/filepath"
	"testing"

	"cloud.google.com/go/civil"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/backend"
)

func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "w.db")
	w, err := backend.Open(context.Background(), warehouse.Config{Backend: warehouse.BackendSQLite, SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.GameDates(context.Background(), civil.Date{Year: 2024, Month: 1, Day: 1}, civil.Date{Year: 2024, Month: 2, Day: 1}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	for _, cfg := range []warehouse.Config{{Backend: "mysql"}, {Backend: warehouse.BackendBigQuery}, {Backend: warehouse.BackendSQLite}} {
		if _, err := backend.Open(context.Background(), cfg); err == nil {
			t.Errorf("Open(%+v): no error", cfg)
		}
	}
}
