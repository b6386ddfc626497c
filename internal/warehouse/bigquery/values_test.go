package bigquery

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	bq "cloud.google.com/go/bigquery"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/warehousetest"
)

// sampleRows returns rows of every table: the fixture's inputs (one with
// NaN and ±Inf), output rows, failures, attempts and run history.
func sampleRows() map[*warehouse.Table]reflect.Value {
	ds := warehousetest.Fixture()
	g := &ds.PlayerGames[0]
	g.MinutesPlayed, g.FGAttempts, g.Points = math.NaN(), math.Inf(1), nil
	at := warehousetest.Mid.In(time.UTC)
	out := map[*warehouse.Table]reflect.Value{}
	for _, t := range warehouse.InputTables {
		out[t] = warehouse.DatasetRows(ds, t).Slice(0, 3)
	}
	ctx := warehousetest.Context("a", warehousetest.Mid, 20, at)
	ctx.DataQualityIssues, ctx.QualityIssues = nil, []string{}
	out[warehouse.Contexts] = reflect.ValueOf([]nba.PlayerContext{ctx})
	out[warehouse.StagedContexts] = out[warehouse.Contexts]
	out[warehouse.Zones] = reflect.ValueOf([]nba.ShotZoneProfile{warehousetest.Zone("a", warehousetest.Mid, 40, at)})
	out[warehouse.StagedZones] = out[warehouse.Zones]
	fail := warehouse.NewFailureRow("r", warehousetest.Mid, warehousetest.Failure(nba.UPGC, "a", nba.DataError), at)
	out[warehouse.Failures] = reflect.ValueOf([]warehouse.FailureRow{fail})
	out[warehouse.StagedFailures] = out[warehouse.Failures]
	out[warehouse.Attempts] = reflect.ValueOf([]nba.ReprocessAttempt{warehousetest.Attempt(nba.PSZA, "a", warehousetest.Mid, 3)})
	out[warehouse.StagedAttempts] = out[warehouse.Attempts]
	req := warehousetest.CommitRequest("r", nba.UPGC, warehousetest.Mid)
	hist := warehouse.NewRunHistoryRow(req, warehouse.CommitResult{Inserted: 2, Failed: 1, FailuresByCategory: map[string]int{"DATA_ERROR": 1}})
	superseded := warehouse.NewRunHistoryRow(req, warehouse.CommitResult{Superseded: true, SupersededBy: "r2"})
	out[warehouse.RunHistory] = reflect.ValueOf([]warehouse.RunHistoryRow{hist, superseded})
	out[warehouse.CommittedRuns] = reflect.ValueOf([]warehouse.CommittedRunRow{warehouse.NewCommittedRunRow(req)})
	return out
}

// TestRowMappingRoundTrip maps rows of every table to BigQuery values and
// back, as the client returns them from a query.
func TestRowMappingRoundTrip(t *testing.T) {
	rows := sampleRows()
	for _, tb := range warehouse.Tables {
		rs, ok := rows[tb]
		if !ok {
			t.Errorf("no sample rows of %s", tb.Name)
			continue
		}
		for i := range rs.Len() {
			m := RowValues(tb, rs.Index(i), "r")
			vals := make([]bq.Value, len(tb.Columns()))
			for j, c := range tb.Columns() {
				vals[j] = m[c.Name]
			}
			back, err := DecodeRow(tb, tb.Columns(), vals)
			if err != nil {
				t.Fatalf("%s row %d: %v", tb.Name, i, err)
			}
			if got, want := fmt.Sprintf("%v", canonical(back)), fmt.Sprintf("%v", canonical(rs.Index(i))); got != want {
				t.Errorf("%s row %d round trip\n got %s\nwant %s", tb.Name, i, got, want)
			}
		}
	}
}

// canonical renders a row with NaN comparable and nil slices empty (a
// BigQuery ARRAY is never NULL).
func canonical(row reflect.Value) []string {
	var out []string
	for i := range row.NumField() {
		f := row.Field(i)
		switch {
		case f.Kind() == reflect.Slice && f.Len() == 0:
			out = append(out, "[]")
		case f.Kind() == reflect.Pointer && !f.IsNil():
			out = append(out, fmt.Sprint(f.Elem().Interface()))
		default:
			out = append(out, fmt.Sprint(f.Interface()))
		}
	}
	return out
}

func TestDecodeRejectsWrongTypes(t *testing.T) {
	tb := warehouse.Arenas
	vals := []bq.Value{"ATL", "Arena", "north", -84.0, "America/New_York"}
	_, err := DecodeRow(tb, tb.Columns(), vals)
	var bad *warehouse.BadValueError
	if !errors.As(err, &bad) || bad.Table != "arenas" || bad.Key != `team_abbr="ATL"` || bad.Column != "latitude" || bad.Value != "north" {
		t.Errorf("a string in a FLOAT64 column: %v, want a BadValueError naming arenas, ATL, latitude and the value", err)
	}
	vals = []bq.Value{"ATL", nil, 33.0, -84.0, "America/New_York"}
	if _, err := DecodeRow(tb, tb.Columns(), vals); err == nil {
		t.Error("NULL in a NOT NULL column decoded")
	}
}

// TestRowsParamTypes: the struct parameter carries every column with its
// type, NULL as a typed null, floats (NaN and ±Inf too) as text.
func TestRowsParamTypes(t *testing.T) {
	for tb, rs := range sampleRows() {
		p := rowsParam(tb, rs, "r")
		fields := p.Type.ArrayElementType.StructType.Fields
		if len(fields) != len(tb.Columns()) || len(p.ArrayValue) != rs.Len() {
			t.Fatalf("%s: %d fields, %d values", tb.Name, len(fields), len(p.ArrayValue))
		}
		for i, c := range tb.Columns() {
			f := fields[i]
			typ := f.Type.TypeKind
			if f.Type.ArrayElementType != nil {
				typ = "ARRAY<" + f.Type.ArrayElementType.TypeKind + ">"
			}
			if f.Name != c.Name || typ != sqlTypes[c.Kind] {
				t.Errorf("%s field %d = %s %s, want %s %s", tb.Name, i, f.Name, typ, c.Name, sqlTypes[c.Kind])
			}
		}
	}
	g := sampleRows()[warehouse.PlayerGames]
	sv := rowsParam(warehouse.PlayerGames, g, "").ArrayValue[0].StructValue
	if sv["minutes_played"].Value != "NaN" || sv["fg_attempts"].Value != "+Inf" || sv["points"].Value != (bq.NullString{}) {
		t.Errorf("minutes %v, fg attempts %v, points %v; want NaN, +Inf and a NULL", sv["minutes_played"].Value, sv["fg_attempts"].Value, sv["points"].Value)
	}
}
