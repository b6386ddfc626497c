package bqtest_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"nbaflow/internal/warehouse/bigquery/bqtest"
)

// clock is a settable Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestDatasetDefaultExpiration(t *testing.T) {
	ctx := context.Background()
	clk := &clock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	srv := bqtest.NewServer(t, bqtest.Options{Now: clk.Now})
	c := newClient(t, srv)
	if err := c.Dataset("tmp").Create(ctx, &bigquery.DatasetMetadata{DefaultTableExpiration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.Dataset("tmp").Create(ctx, nil), "duplicate", "Already Exists: Dataset test-project:tmp")
	if err := c.Dataset("tmp").Table("api").Create(ctx, &bigquery.TableMetadata{Schema: bigquery.Schema{{Name: "a", Type: bigquery.StringFieldType}}}); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"CREATE TABLE `tmp.ddl` (a STRING)",
		"CREATE TABLE `tmp.own` (a STRING) OPTIONS(expiration_timestamp = TIMESTAMP '2024-06-01 00:00:00 UTC')",
	} {
		wantErr(t, wait(t, start(t, c, sql)), "", "")
	}
	if _, err := runLoad(t, loader(c, `{"id":"a"}`, func(_ *bigquery.ReaderSource, l *bigquery.Loader) { l.Dst.DatasetID = "tmp" })); err != nil {
		t.Fatal(err)
	}
	hour := clk.Now().Add(time.Hour)
	want := map[string]time.Time{"tmp.api": hour, "tmp.ddl": hour, "tmp.l": hour, "tmp.own": time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
	got := map[string]time.Time{}
	for _, tb := range srv.Tables() {
		got[tb.Name] = tb.Expiration
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("expirations = %v, want %v", got, want)
	}
	if md, err := c.Dataset("tmp").Table("api").Metadata(ctx); err != nil || !md.ExpirationTime.Equal(hour) {
		t.Errorf("Metadata = %v, %v; want expiration %v", md, err, hour)
	}

	clk.Advance(2 * time.Hour)
	_, err := c.Dataset("tmp").Table("api").Metadata(ctx)
	wantErr(t, err, "notFound", "Not found: Table test-project:tmp.api")
	wantErr(t, wait(t, start(t, c, "SELECT * FROM `tmp.ddl`")), "notFound", "Not found: Table test-project:tmp.ddl")
	var names []string
	for _, d := range srv.Dropped() {
		if d.By != "expired" {
			t.Errorf("%s dropped by %s, want expired", d.Name, d.By)
		}
		names = append(names, d.Name)
	}
	if !slices.Equal(names, []string{"tmp.api", "tmp.ddl", "tmp.l"}) {
		t.Errorf("dropped = %v", names)
	}
}

func TestDDL(t *testing.T) {
	srv, c := newServer(t, bqtest.Options{})
	for _, step := range []struct {
		sql         string
		params      []any
		reason, msg string
	}{
		{"CREATE TABLE IF NOT EXISTS `ds.n` (a STRING NOT NULL, b ARRAY<STRUCT<x INT64, y NUMERIC(10, 2)>>, d DATE, PRIMARY KEY (a) NOT ENFORCED)\n" +
			"PARTITION BY d CLUSTER BY a, d OPTIONS(description = @desc)", []any{"desc", "the description"}, "", ""},
		{"CREATE TABLE IF NOT EXISTS `ds.n` (z STRING)", nil, "", ""},
		{"CREATE TABLE `ds.n` (z STRING)", nil, "duplicate", "Already Exists: Table test-project:ds.n"},
		{"ALTER TABLE `ds.n` ADD COLUMN c INT64, ADD COLUMN IF NOT EXISTS a STRING", nil, "", ""},
		{"ALTER TABLE `ds.n` ADD COLUMN c INT64", nil, "invalidQuery", "Column already exists: c"},
		{"CREATE TABLE `ds.like` LIKE `ds.n`; DROP TABLE `ds.t`; DROP TABLE IF EXISTS `ds.t`", nil, "", ""},
		{"CREATE TABLE `nods.x` (a STRING)", nil, "notFound", "Not found: Dataset test-project:nods"},
	} {
		wantErr(t, wait(t, start(t, c, step.sql, step.params...)), step.reason, step.msg)
	}
	tables := srv.Tables()
	if len(tables) != 2 {
		t.Fatalf("tables = %+v, want ds.like and ds.n", tables)
	}
	n := tables[1]
	want := bqtest.TableSpec{
		Schema: []bqtest.Field{
			{Name: "a", Type: "STRING", Mode: "REQUIRED"},
			{Name: "b", Type: "RECORD", Mode: "REPEATED", Fields: []bqtest.Field{{Name: "x", Type: "INTEGER", Mode: "NULLABLE"}, {Name: "y", Type: "NUMERIC", Mode: "NULLABLE"}}},
			{Name: "d", Type: "DATE", Mode: "NULLABLE"},
			{Name: "c", Type: "INTEGER", Mode: "NULLABLE"},
		},
		Partitioning: &bqtest.Partitioning{Type: "DAY", Field: "d"},
		Clustering:   []string{"a", "d"},
		Description:  "the description",
	}
	if !reflect.DeepEqual(n.TableSpec, want) {
		t.Errorf("ds.n = %+v\nwant %+v", n.TableSpec, want)
	}
	if like := tables[0]; like.Name != "ds.like" || !reflect.DeepEqual(like.Schema, want.Schema) {
		t.Errorf("ds.like = %+v, want the schema of ds.n", like)
	}
	md, err := c.Dataset("ds").Table("n").Metadata(context.Background())
	if err != nil || md.TimePartitioning == nil || md.TimePartitioning.Field != "d" || len(md.Schema) != 4 || !md.Schema[0].Required || !md.Schema[1].Repeated {
		t.Errorf("Metadata = %+v, %v", md, err)
	}
	if d := srv.Dropped(); len(d) != 1 || d[0].Name != "ds.t" || d[0].By != "DROP TABLE" {
		t.Errorf("dropped = %+v, want ds.t by DROP TABLE", d)
	}
}

func TestTablesAPI(t *testing.T) {
	ctx := context.Background()
	srv, c := newServer(t, bqtest.Options{})
	ds := c.Dataset("ds")
	for _, name := range []string{"b", "a", "c"} {
		if err := ds.Table(name).Create(ctx, &bigquery.TableMetadata{Schema: bigquery.Schema{{Name: "x", Type: bigquery.StringFieldType}}}); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, ds.Table("a").Create(ctx, nil), "duplicate", "Already Exists: Table test-project:ds.a")
	it := ds.Tables(ctx)
	it.PageInfo().MaxSize = 2
	var names []string
	for {
		tb, err := it.Next()
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tb.TableID)
	}
	if !slices.Equal(names, []string{"a", "b", "c", "t"}) {
		t.Errorf("tables = %v", names)
	}
	exp := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	md, err := ds.Table("a").Update(ctx, bigquery.TableMetadataToUpdate{Description: "d", ExpirationTime: exp,
		Schema: bigquery.Schema{{Name: "x", Type: bigquery.StringFieldType}, {Name: "y", Type: bigquery.IntegerFieldType}}}, "")
	if err != nil || md.Description != "d" || !md.ExpirationTime.Equal(exp) || len(md.Schema) != 2 {
		t.Errorf("Update = %+v, %v", md, err)
	}
	if md, err := ds.Table("a").Update(ctx, bigquery.TableMetadataToUpdate{ExpirationTime: bigquery.NeverExpire}, ""); err != nil || !md.ExpirationTime.IsZero() {
		t.Errorf("Update to never expire = %+v, %v", md, err)
	}
	_, err = ds.Table("a").Update(ctx, bigquery.TableMetadataToUpdate{Schema: bigquery.Schema{{Name: "y", Type: bigquery.IntegerFieldType}}}, "")
	wantErr(t, err, "invalid", "Provided Schema does not match Table test-project:ds.a. Field x is missing in new schema")
	if err := ds.Table("b").Delete(ctx); err != nil {
		t.Fatal(err)
	}
	wantErr(t, ds.Table("b").Delete(ctx), "notFound", "Not found: Table test-project:ds.b")
	wantErr(t, ds.Delete(ctx), "resourceInUse", "Dataset test-project:ds is still in use")
	if err := ds.DeleteWithContents(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = ds.Metadata(ctx)
	wantErr(t, err, "notFound", "Not found: Dataset test-project:ds")
	if n := len(srv.Dropped()); n != 4 {
		t.Errorf("%d tables dropped, want 4", n)
	}
}
