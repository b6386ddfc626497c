package workflows

import (
	"reflect"
	"slices"
	"testing"
)

// TestBackfillInputRetry: a retry keeps every field of the original but the
// range and the carried progress, including fields added after this test
// was written: it fills every field through reflection.
func TestBackfillInputRetry(t *testing.T) {
	var orig BackfillInput
	v := reflect.ValueOf(&orig).Elem()
	for i := range v.NumField() {
		if v.Type().Field(i).IsExported() { // unknown keys are not settings
			fillNonZero(t, v.Field(i), v.Type().Field(i).Name)
		}
	}
	dates := []string{"2025-01-14", "2025-01-16"}
	got := orig.Retry(dates)
	if got.StartDate != "" || got.EndDate != "" || got.Carried != nil || !slices.Equal(got.Dates, dates) {
		t.Errorf("Retry kept the range or the progress: %+v", got)
	}
	// Retry of a retry: the retry's input carries the settings on.
	again := got.Retry(dates[:1])
	for _, in := range []BackfillInput{got, again} {
		gv := reflect.ValueOf(in)
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			switch name {
			case "StartDate", "EndDate", "Dates", "Carried", "unknown":
				continue
			}
			if !reflect.DeepEqual(gv.Field(i).Interface(), v.Field(i).Interface()) {
				t.Errorf("Retry changed %s: %v, want %v", name, gv.Field(i).Interface(), v.Field(i).Interface())
			}
		}
	}
	dates[0] = "changed"
	if got.Dates[0] != "2025-01-14" {
		t.Error("Retry's dates alias the caller's slice")
	}
}

// fillNonZero sets v to a value other than its zero value.
func fillNonZero(t *testing.T, v reflect.Value, name string) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString(name)
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fillNonZero(t, v.Index(0), name)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	default:
		t.Fatalf("BackfillInput.%s: fill a %s in this test", name, v.Kind())
	}
}
