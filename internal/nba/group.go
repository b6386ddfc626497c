package nba

import (
	"slices"
	"time"
)

// groupRows keeps the rows that pass keep, groups them by key and orders
// each group by order (ties keep input order; a nil order keeps it all). The kept rows are copied once
// into one backing array and every group is a capped sub-slice of it: large
// row structs are moved once, not appended and re-sorted per group.
func groupRows[T any](rows []T, keep func(*T) bool, key func(*T) string, order func(a, b *T) int) map[string][]T {
	buckets := make(map[string][]int32)
	kept := 0
	for i := range rows {
		if keep(&rows[i]) {
			k := key(&rows[i])
			buckets[k] = append(buckets[k], int32(i))
			kept++
		}
	}
	flat := make([]T, kept)
	groups := make(map[string][]T, len(buckets))
	start := 0
	for k, idx := range buckets {
		if order != nil {
			slices.SortStableFunc(idx, func(a, b int32) int { return order(&rows[a], &rows[b]) })
		}
		for i, j := range idx {
			flat[start+i] = rows[j]
		}
		end := start + len(idx)
		groups[k] = flat[start:end:end]
		start = end
	}
	return groups
}

// takenBefore returns the rows whose time is before t, without copying when
// all of them are.
func takenBefore[T any](rows []T, t time.Time, at func(*T) time.Time) []T {
	for i := range rows {
		if !at(&rows[i]).Before(t) {
			kept := slices.Clone(rows[:i])
			for j := i + 1; j < len(rows); j++ {
				if at(&rows[j]).Before(t) {
					kept = append(kept, rows[j])
				}
			}
			return kept
		}
	}
	return rows
}
