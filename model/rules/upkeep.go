package rules

import "time"

// Stale reports whether details last confirmed at confirmed (nil: never)
// are due to be confirmed again at now, when a confirmation counts as
// current for after. The store's list of stale customers asks the same.
func Stale(confirmed *time.Time, now time.Time, after time.Duration) bool {
	return confirmed == nil || confirmed.Before(now.Add(-after))
}
