package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"onboard/model"
	"onboard/model/rules"
)

// ErrNotFound means no row has that id.
var ErrNotFound = errors.New("not found")

// ErrVersionConflict means the row changed since it was read.
var ErrVersionConflict = model.ErrConflict

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// GetCustomer reads one customer by id.
func GetCustomer(ctx context.Context, q querier, id int64) (model.Customer, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE id = ? AND "+visible, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("customer %d: %w", id, ErrNotFound)
	}
	return c, err
}

// CustomerByIdempotencyKey returns the customer created with key, if any.
func CustomerByIdempotencyKey(ctx context.Context, q querier, key string) (model.Customer, bool, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE idempotency_key = ? AND "+visible, key))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// CustomersByDomain returns every customer with the domain (a domain
// customer, or teams sharing it), oldest first.
func CustomersByDomain(ctx context.Context, q querier, domain string) ([]model.Customer, error) {
	return queryCustomers(ctx, q, "SELECT "+customerColumns+" FROM customers WHERE domain = ? AND "+visible+" ORDER BY id", domain)
}

// DomainCustomer returns the domain customer that owns domain, if any.
func DomainCustomer(ctx context.Context, q querier, domain string) (model.Customer, bool, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE kind = 'domain' AND domain = ? AND "+visible, domain))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// TeamCustomer returns the team customer with the primary email, if any.
func TeamCustomer(ctx context.Context, q querier, email string) (model.Customer, bool, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE kind = 'team' AND primary_email = ? AND "+visible, email))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

func queryCustomers(ctx context.Context, q querier, query string, args ...any) ([]model.Customer, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Customer
	s := newRowScan()
	for rows.Next() {
		c, err := s.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountCustomers returns the number of customers from the counter kept by
// triggers, less the rows of imports under way: O(1), whatever the size.
func CountCustomers(ctx context.Context, q querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT value - "+hiddenCount+" FROM counters WHERE name = 'customers'").Scan(&n)
	return n, err
}

// EachCustomer calls fn for every customer matching text (all when empty)
// in name order, from one query: one consistent snapshot, however long fn
// takes, and no per-page round trips.
func EachCustomer(ctx context.Context, q querier, text string, fn func(model.Customer) error) error {
	fields := make([]string, 0, textColumns)
	var c model.Customer
	return EachRaw(ctx, q, text, func(r *Raw) error {
		if err := r.DecodeTo(&c, fields); err != nil {
			return err
		}
		return fn(c)
	})
}

// EachRaw is EachCustomer with the decoding left to the caller: fn gets
// each row undecoded (and may keep it).
func EachRaw(ctx context.Context, q querier, text string, fn func(*Raw) error) error {
	query, args := "SELECT "+packedColumns+" FROM customers WHERE "+visible+" ORDER BY org_rank", []any(nil)
	if text = strings.TrimSpace(text); text != "" {
		lq := ListQuery{Query: text, Sort: SortOrg}
		if p, ok := rankedPlan(lq); ok {
			from, fargs, err := rankedFrom(ctx, q, lq, p, "ASC")
			if err != nil {
				return err
			}
			query, args = "SELECT "+packedColumns+from+" ORDER BY m.r", fargs
		} else {
			p := planFor(rules.Fold(text))
			query, args = "SELECT "+packedColumns+" FROM customers WHERE "+p.walk+" AND "+visible+" ORDER BY org_key, id", []any{p.walkArg}
		}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var s rawScan
	for rows.Next() {
		r, err := s.scan(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
