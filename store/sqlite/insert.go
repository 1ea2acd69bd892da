package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"strings"

	"onboard/model"
)

// insertCustomerSQL inserts one customer: its writtenColumns, then the
// search texts, the idempotency key and the name rank.
var insertCustomerSQL = func() string {
	cols := append(slices.Clone(writtenColumns), "search_text", "search_words", "org_key", "idempotency_key", "org_rank")
	return "INSERT INTO customers (" + strings.Join(cols, ", ") + ") VALUES (" + placeholders(len(cols)) + ")"
}()

// updateCustomerSQL writes a customer's writtenColumns, search texts and
// rank over the row of its id if its version is still the one read.
var updateCustomerSQL = func() string {
	cols := append(slices.Clone(writtenColumns), "search_text", "search_words", "org_key", "org_rank")
	return "UPDATE customers SET " + strings.Join(cols, " = ?, ") + " = ?, version = version + 1 WHERE id = ? AND version = ? AND " + visible
}()

// insertCustomerArgs are the values of insertCustomerSQL but the rank.
func insertCustomerArgs(c *model.Customer, idemKey string) []any {
	var key any
	if idemKey != "" {
		key = idemKey
	}
	st := SearchText(*c)
	return append(customerValues(c), st, SearchWords(st), OrgKey(c.OrgName), key)
}

// InsertCustomer stores a new customer at version 1 and returns its id.
// idemKey may be empty.
func InsertCustomer(ctx context.Context, tx *sql.Tx, c model.Customer, idemKey string) (int64, error) {
	// The new row's id is larger than any stored one, so it comes last
	// among equal names.
	rank, err := rankFor(ctx, tx, nameKey{OrgKey(c.OrgName), math.MaxInt64}, 0)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, insertCustomerSQL, append(insertCustomerArgs(&c, idemKey), rank)...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// UpdateCustomer writes c over the row with c.ID if its version is still
// c.Version, and bumps the version. It returns ErrVersionConflict otherwise.
func UpdateCustomer(ctx context.Context, tx *sql.Tx, c model.Customer) error {
	rank, err := rerank(ctx, tx, c)
	if err != nil {
		return err
	}
	st := SearchText(c)
	args := append(customerValues(&c), st, SearchWords(st), OrgKey(c.OrgName), rank, c.ID, c.Version)
	res, err := tx.ExecContext(ctx, updateCustomerSQL, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := GetCustomer(ctx, tx, c.ID); err != nil {
			return err
		}
		return ErrVersionConflict
	}
	return nil
}

// rerank returns the rank c should have: its stored one unless a new name
// moves it past a neighbour.
func rerank(ctx context.Context, tx *sql.Tx, c model.Customer) (int64, error) {
	var name string
	var rank sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT org_name, org_rank FROM customers WHERE id = ? AND "+visible, c.ID).Scan(&name, &rank)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil || (name == c.OrgName && rank.Valid) {
		return rank.Int64, err
	}
	k := nameKey{OrgKey(c.OrgName), c.ID}
	prev, next, err := neighbours(ctx, tx, k, c.ID)
	if err != nil {
		return 0, err
	}
	if rank.Valid && (!prev.ok || prev.rank < rank.Int64) && (!next.ok || rank.Int64 < next.rank) {
		return rank.Int64, nil
	}
	first, _, err := place(ctx, tx, prev, next, 1, false)
	return first, err
}

// placeholders is n comma-separated question marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
