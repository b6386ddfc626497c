package nba

import (
	"slices"
	"time"
)

// groupRows keeps the rows that pass keep, groups them by key and orders
// each group by order (ties keep input order; a nil order keeps it all).
// Groups share memory with rows when rows already come grouped and ordered
// (as the warehouse reads them); otherwise the kept rows are copied once into
// one backing array and every group is a capped sub-slice of it. Either way
// the groups must be treated as read-only.
func groupRows[T any](rows []T, keep func(*T) bool, key func(*T) string, order func(a, b *T) int) map[string][]T {
	if groups, ok := groupsInPlace(rows, keep, key, order); ok {
		return groups
	}
	return groupsCopied(rows, keep, key, order)
}

// groupsInPlace returns the groups as sub-slices of rows, and false when rows
// are not already grouped: a key's rows apart, a row out of order, or a row
// that keep drops. Large row structs are then neither copied nor re-sorted,
// which makes up most of the cost of indexing a chunk.
func groupsInPlace[T any](rows []T, keep func(*T) bool, key func(*T) string, order func(a, b *T) int) (map[string][]T, bool) {
	groups := make(map[string][]T)
	for start := 0; start < len(rows); {
		k := key(&rows[start])
		if _, seen := groups[k]; seen || !keep(&rows[start]) {
			return nil, false
		}
		end := start + 1
		for ; end < len(rows) && key(&rows[end]) == k; end++ {
			if !keep(&rows[end]) || (order != nil && order(&rows[end-1], &rows[end]) > 0) {
				return nil, false
			}
		}
		groups[k] = rows[start:end:end]
		start = end
	}
	return groups, true
}

// groupsCopied groups rows in any order: the kept rows are copied once into
// one backing array, each group ordered by a stable sort of its indexes.
func groupsCopied[T any](rows []T, keep func(*T) bool, key func(*T) string, order func(a, b *T) int) map[string][]T {
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

// every reports whether every row passes ok.
func every[T any](rows []T, ok func(*T) bool) bool {
	for i := range rows {
		if !ok(&rows[i]) {
			return false
		}
	}
	return true
}

// filtered returns a copy of the rows that pass ok.
func filtered[T any](rows []T, ok func(*T) bool) []T {
	var out []T
	for i := range rows {
		if ok(&rows[i]) {
			out = append(out, rows[i])
		}
	}
	return out
}
