package bigquery

import (
	"context"
	"errors"
	"reflect"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"nbaflow/internal/warehouse"
)

// reader implements warehouse.Reader with query jobs.
type reader struct{ w *Warehouse }

// Select implements warehouse.Reader.
func (r reader) Select(ctx context.Context, sel warehouse.Select, dst any) error {
	it, err := r.w.read(ctx, sel.Query)
	if err != nil {
		return err
	}
	out := reflect.ValueOf(dst).Elem()
	for {
		var vals []bq.Value
		err := it.Next(&vals)
		if errors.Is(err, iterator.Done) {
			return nil
		}
		if err != nil {
			return classify(err)
		}
		row, err := DecodeRow(sel.Table, sel.Columns, vals)
		if err != nil {
			return err
		}
		out.Set(reflect.Append(out, row))
	}
}
