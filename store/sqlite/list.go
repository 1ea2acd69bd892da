package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"onboard/model"
)

// The list's words are the model's, shared with the screens; these names
// keep the queries below short.
type (
	Sort      = model.Sort
	Cursor    = model.Cursor
	ListQuery = model.ListQuery
)

// The list's sort orders.
const (
	SortOrg       = model.SortOrg
	SortDomain    = model.SortDomain
	SortUpdated   = model.SortUpdated
	SortConfirmed = model.SortConfirmed
)

// ListCustomers returns one page in the query's order, walking the sort
// index from the cursor: the cost does not depend on how far in the page is.
func ListCustomers(ctx context.Context, q querier, lq ListQuery) ([]model.Customer, error) {
	if p, ok := rankedPlan(lq); ok {
		return rankedSearch(ctx, q, lq, p)
	}
	key, where, args, err := listWhere(ctx, q, lq)
	if err != nil {
		return nil, err
	}
	dir := "ASC"
	if lq.Desc {
		dir = "DESC"
	}
	query := "SELECT " + customerColumns + " FROM customers" + where
	limit := lq.Limit
	if limit <= 0 {
		limit = 50
	}
	query += fmt.Sprintf(" ORDER BY %s %s, id %s LIMIT %d", key, dir, dir, limit)
	return queryCustomers(ctx, q, query, args...)
}

// CountBefore counts the rows that come before lq.After in lq's order (or
// after it, with Desc): the position of a row, found on the sort index.
func CountBefore(ctx context.Context, q querier, lq ListQuery) (int64, error) {
	if lq.After == nil {
		return 0, nil
	}
	lq.Desc, lq.Inclusive = !lq.Desc, false
	if p, ok := rankedPlan(lq); ok {
		from, args, err := rankedFrom(ctx, q, lq, p, "ASC")
		if err != nil {
			return 0, err
		}
		var n int64
		err = q.QueryRowContext(ctx, "SELECT count(*)"+from, args...).Scan(&n)
		return n, err
	}
	_, where, args, err := listWhere(ctx, q, lq)
	if err != nil {
		return 0, err
	}
	var n int64
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM customers"+where, args...).Scan(&n)
	return n, err
}

// listWhere returns the sort key and the WHERE clause of a list query.
func listWhere(ctx context.Context, q querier, lq ListQuery) (key, where string, args []any, err error) {
	key = map[Sort]string{SortOrg: "org_key", SortDomain: "domain", SortUpdated: "updated_at",
		SortConfirmed: "coalesce(confirmed_at, 0)"}[lq.Sort]
	conds := []string{visible}
	if !lq.StaleBefore.IsZero() {
		conds, args = append(conds, "coalesce(confirmed_at, 0) < ?"), append(args, micros(lq.StaleBefore))
	}
	if text := strings.TrimSpace(lq.Query); text != "" {
		cond, arg, err := matchCond(ctx, q, text)
		if err != nil {
			return "", "", nil, err
		}
		conds, args = append(conds, cond), append(args, arg)
	}
	if lq.After != nil {
		op := ">"
		if lq.Desc {
			op = "<"
		}
		if lq.Inclusive {
			op += "="
		}
		var k any = lq.After.Key
		if lq.Sort == SortUpdated || lq.Sort == SortConfirmed {
			var v int64
			fmt.Sscan(lq.After.Key, &v)
			k = v
		}
		conds = append(conds, fmt.Sprintf("(%s, id) %s (?, ?)", key, op))
		args = append(args, k, lq.After.ID)
	}
	return key, " WHERE " + strings.Join(conds, " AND "), args, nil
}

// CountStale counts the customers whose details were last confirmed before
// cutoff, or never, on the confirmation index.
func CountStale(ctx context.Context, q querier, cutoff time.Time) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE coalesce(confirmed_at, 0) < ? AND "+visible, micros(cutoff)).Scan(&n)
	return n, err
}
