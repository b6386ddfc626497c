package workflows

import "slices"

// Retry returns the input of a backfill that re-runs dates of the backfill
// that was started with in. Everything that says how to run is kept
// (processors, chunk size, chunks and dates in flight, continue_every, and
// any setting added later), so that a retry does what the original did,
// over fewer dates: an operator who excluded a processor must not get its
// rows from the retry. Only what names the work changes: dates replaces the
// range, and the progress a continued run carries is dropped, since the
// retry starts afresh.
func (in BackfillInput) Retry(dates []string) BackfillInput {
	in.StartDate, in.EndDate = "", ""
	in.Dates = slices.Clone(dates)
	in.Carried = nil
	return in
}
