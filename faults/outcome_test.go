package faults_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
	"nbaflow/internal/warehouse/sqlite"
)

// key names one player of one processor on one date.
type key struct {
	date   civil.Date
	proc   nba.Processor
	player string
}

func (k key) String() string { return fmt.Sprintf("%s %s %s", k.date, shortName(k.proc), k.player) }

func shortName(p nba.Processor) string {
	if p == nba.UPGC {
		return "UPGC"
	}
	return "PSZA"
}

// outcomes holds, for every key, each thing the warehouse stores for it:
// "row <data hash>" or "failure <category>". A key with two entries is a
// duplicate (two rows cannot share a key, but a row and a failure, or two
// failures, can).
type outcomes map[key][]string

// readOutcomes reads the output rows and entity failures of dates.
func readOutcomes(t *testing.T, wh *sqlite.Warehouse, dates []civil.Date) outcomes {
	t.Helper()
	ctx := context.Background()
	out := outcomes{}
	for _, d := range dates {
		contexts, err := wh.PlayerContexts(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range contexts {
			k := key{d, nba.UPGC, r.PlayerLookup}
			out[k] = append(out[k], "row "+r.DataHash)
		}
		zones, err := wh.ShotZoneProfiles(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range zones {
			k := key{d, nba.PSZA, r.PlayerLookup}
			out[k] = append(out[k], "row "+r.DataHash)
		}
		failures, err := wh.EntityFailures(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range failures {
			k := key{d, f.Processor, f.Failure.PlayerLookup}
			out[k] = append(out[k], "failure "+string(f.Failure.Category))
		}
	}
	return out
}

// diff lists how got differs from want: keys missing, extra, duplicated or
// holding something else.
func diff(want, got outcomes) []string {
	var d []string
	for k, w := range want {
		switch g := got[k]; {
		case len(g) == 0:
			d = append(d, fmt.Sprintf("%s: missing, want %v", k, w))
		case len(g) > 1:
			d = append(d, fmt.Sprintf("%s: duplicated: %v", k, g))
		case !slices.Equal(g, w):
			d = append(d, fmt.Sprintf("%s: %v, want %v", k, g, w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			d = append(d, fmt.Sprintf("%s: unexpected %v", k, g))
		}
	}
	slices.Sort(d)
	return d
}

// assertSameOutcomes fails the test when got differs from want, and checks
// that want is not trivially empty.
func assertSameOutcomes(t *testing.T, want, got outcomes) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("the reference holds no rows")
	}
	if d := diff(want, got); len(d) > 0 {
		t.Errorf("%d of %d players differ from what is expected, e.g.:\n  %s", len(d), len(want), strings.Join(d[:min(len(d), 20)], "\n  "))
		return
	}
	rows, failures := got.counts()
	t.Logf("the warehouse holds %d rows and %d failures, player for player as expected", rows, failures)
}

func (o outcomes) counts() (rows, failures int) {
	for _, entries := range o {
		for _, e := range entries {
			if strings.HasPrefix(e, "row ") {
				rows++
			} else {
				failures++
			}
		}
	}
	return rows, failures
}

// assertOneCommitEach checks that each (processor, date) with games was
// committed exactly once (a retried commit must return the recorded one),
// and that no staging is left behind.
func assertOneCommitEach(t *testing.T, wh *sqlite.Warehouse, dates []civil.Date) {
	t.Helper()
	ctx := context.Background()
	for _, d := range dates {
		history, err := wh.RunHistory(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		commits := map[nba.Processor]int{}
		for _, h := range history {
			commits[h.Processor]++
		}
		for p, n := range commits {
			if n != 1 {
				t.Errorf("%s %s committed %d times, want once", d, shortName(p), n)
			}
		}
		if commits[nba.UPGC] == 0 {
			t.Errorf("%s: UPGC never committed", d)
		}
	}
	assertNoStaging(t, wh)
}

// assertNoStaging checks that every staging table is empty.
func assertNoStaging(t *testing.T, wh *sqlite.Warehouse) {
	t.Helper()
	for _, table := range []*warehouse.Table{warehouse.StagedContexts, warehouse.StagedZones, warehouse.StagedFailures, warehouse.StagedAttempts} {
		if n := countRows(t, wh, table.Name, ""); n != 0 {
			t.Errorf("%s holds %d rows", table.Name, n)
		}
	}
}

// countRows counts the rows of a table matching where (all when empty).
func countRows(t *testing.T, wh *sqlite.Warehouse, table, where string, args ...any) int {
	t.Helper()
	q := "SELECT COUNT(*) FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	var n int
	if err := wh.DB().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
