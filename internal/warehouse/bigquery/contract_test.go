package bigquery_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/bigquery"
	"nbaflow/internal/warehouse/warehousetest"
)

// TestContract runs the contract suite against a real project: every
// subtest gets datasets of its own (suffixed), dropped at its end. It needs
// BIGQUERY_TEST_PROJECT (and BIGQUERY_TEST_LOCATION, default US) and
// application default credentials.
func TestContract(t *testing.T) {
	project := os.Getenv("BIGQUERY_TEST_PROJECT")
	if project == "" {
		t.Skip("BIGQUERY_TEST_PROJECT not set: the BigQuery contract suite needs credentials this machine does not have")
	}
	location := os.Getenv("BIGQUERY_TEST_LOCATION")
	if location == "" {
		location = "US"
	}
	n := 0
	warehousetest.Run(t, func(t *testing.T) warehouse.Warehouse {
		t.Helper()
		n++
		ctx := context.Background()
		suffix := fmt.Sprintf("test_%d_%d", time.Now().Unix(), n)
		w, err := bigquery.OpenSuffixed(ctx, project, location, suffix)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			w.Close()
			// A client of its own: the test may have closed w.
			c, err := bigquery.OpenSuffixed(context.Background(), project, location, suffix)
			if err == nil {
				err = c.DropDatasets(context.Background())
				c.Close()
			}
			if err != nil {
				t.Errorf("cleanup of datasets *_%s: %v", suffix, err)
			}
		})
		if err := w.EnsureSchema(ctx); err != nil {
			t.Fatal(err)
		}
		return w
	})
}
