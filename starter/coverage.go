package main

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

var coverageCommand = command{
	name:    "coverage",
	summary: "share of NULL values per output column over a date range",
	run:     runCoverage,
}

// maxCoverageDays bounds the range of coverage, which reads each date of it
// with two queries (two billed jobs on BigQuery): a season, from its opener
// in October to the Finals in June, fits.
const maxCoverageDays = 366

// columnCoverage is one output column's NULL share.
type columnCoverage struct {
	Column string  `json:"column"`
	Nulls  int     `json:"nulls"`
	Share  float64 `json:"null_share"`
}

// tableCoverage is one output table's coverage report.
type tableCoverage struct {
	Table   string           `json:"table"`
	Rows    int              `json:"rows"`
	Columns []columnCoverage `json:"columns"`
	Issues  map[string]int   `json:"data_quality_issues"`
}

func runCoverage(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "coverage", "--from YYYY-MM-DD --to YYYY-MM-DD [--db PATH] [--json]",
		"Reads the output rows of the range and prints, per column that can be NULL, how many rows hold NULL,\n"+
			"and how many rows carry each data quality issue (the reasons NULLs have). The range is at most\n"+
			fmt.Sprintf("%d days: two queries a date.", maxCoverageDays))
	from := fs.String("from", "", "first date; required")
	to := fs.String("to", "", "last date; required")
	var cf commonFlags
	cf.register(fs)
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	start, end, err := dateRange("coverage", *from, *to, maxCoverageDays, "two queries a date")
	if err != nil {
		return err
	}
	w, _, err := cf.open(ctx, e)
	if err != nil {
		return err
	}
	defer w.Close()
	var contexts []nba.PlayerContext
	var zones []nba.ShotZoneProfile
	for d := start; !d.After(end); d = d.AddDays(1) {
		c, err := w.PlayerContexts(ctx, d)
		if err != nil {
			return err
		}
		z, err := w.ShotZoneProfiles(ctx, d)
		if err != nil {
			return err
		}
		contexts, zones = append(contexts, c...), append(zones, z...)
	}
	report := []tableCoverage{
		measureCoverage(warehouse.Contexts.Name, contexts, func(r nba.PlayerContext) []string { return r.DataQualityIssues }),
		measureCoverage(warehouse.Zones.Name, zones, func(r nba.ShotZoneProfile) []string { return r.DataQualityIssues }),
	}
	if cf.json {
		return writeJSON(e.stdout, report)
	}
	for _, t := range report {
		e.printf("%s: %d rows from %s to %s\n", t.Table, t.Rows, start, end)
		for _, c := range t.Columns {
			if c.Nulls > 0 {
				e.printf("  %-36s %6.1f%% NULL (%d)\n", c.Column, 100*c.Share, c.Nulls)
			}
		}
		issues := make([]string, 0, len(t.Issues))
		for i := range t.Issues {
			issues = append(issues, i)
		}
		slices.Sort(issues)
		for _, i := range issues {
			e.printf("  issue %-30s %6d rows\n", i, t.Issues[i])
		}
	}
	return nil
}

// measureCoverage counts the NULLs of every nullable column of rows and the
// rows carrying each data quality issue (its code, without the counts some
// codes carry after a colon).
func measureCoverage[T any](table string, rows []T, issues func(T) []string) tableCoverage {
	cols := nba.Columns[T]()
	t := tableCoverage{Table: table, Rows: len(rows), Issues: map[string]int{}}
	nulls := make([]int, len(cols))
	for _, r := range rows {
		v := reflect.ValueOf(r)
		for i, c := range cols {
			if f := v.Field(c.Field); f.Kind() == reflect.Pointer && f.IsNil() {
				nulls[i]++
			}
		}
		for _, code := range issues(r) {
			name, _, _ := strings.Cut(code, ":")
			t.Issues[name]++
		}
	}
	for i, c := range cols {
		if c.Type.Kind() != reflect.Pointer {
			continue
		}
		share := 0.0
		if len(rows) > 0 {
			share = float64(nulls[i]) / float64(len(rows))
		}
		t.Columns = append(t.Columns, columnCoverage{Column: c.Name, Nulls: nulls[i], Share: share})
	}
	return t
}
