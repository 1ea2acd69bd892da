package model

import (
	"errors"
	"strconv"
	"time"
)

// ErrConflict means someone else saved the customer after it was read. It
// is the one sentinel for a lost save, so the screens and the command line
// can recognise it whichever layer noticed.
var ErrConflict = errors.New("changed by someone else since it was read")

// Sort is an order of the customer list.
type Sort int

// The list's sort orders.
const (
	SortOrg Sort = iota
	SortDomain
	SortUpdated
	// SortConfirmed: confirmed longest ago first (never confirmed before all),
	// with ListQuery.StaleBefore the customers to confirm again.
	SortConfirmed
)

// Cursor is a position in a sort order: the sort key and id of a row.
type Cursor struct {
	Key string // the org name's SortKey or the domain; times as decimal microseconds
	ID  int64
}

// ListQuery selects one page of customers.
type ListQuery struct {
	Query string  // substring over name, domain, emails, CRM ID, Cloud Identity ID
	Sort  Sort    // order
	Desc  bool    // descending
	After *Cursor // start after this row (keyset pagination); nil = first page
	// Inclusive starts at the After row itself instead of after it.
	Inclusive bool
	Limit     int
	// StaleBefore, when set, keeps the customers whose details were last
	// confirmed before it (or never).
	StaleBefore time.Time
}

// CursorOf returns the cursor of c in sort order s. Times are keyed as
// unix microseconds, the resolution the store keeps, so a cursor taken
// from a row that was read back finds that row again.
func CursorOf(c Customer, s Sort) Cursor {
	switch s {
	case SortDomain:
		return Cursor{Key: c.Domain, ID: c.ID}
	case SortUpdated:
		return Cursor{Key: strconv.FormatInt(c.UpdatedAt.UnixMicro(), 10), ID: c.ID}
	case SortConfirmed:
		var at int64
		if c.ConfirmedAt != nil {
			at = c.ConfirmedAt.UnixMicro()
		}
		return Cursor{Key: strconv.FormatInt(at, 10), ID: c.ID}
	}
	return Cursor{Key: SortKey(c.OrgName), ID: c.ID}
}
