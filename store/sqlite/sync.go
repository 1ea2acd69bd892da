package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"onboard/model"
)

// PushState is what a push keeps beyond its outbox step.
type PushState struct {
	Polls     int      // operations.get calls of the current operation
	Restarts  int      // provisioning started again after a failed operation
	Mask      []string // customers.patch's updateMask
	Overwrite bool     // the import may overwrite (overwriteIfExists)
}

// GetPushState returns the push's state (zero when none is kept).
func GetPushState(ctx context.Context, q querier, customerID int64) (PushState, error) {
	var p PushState
	var mask string
	err := q.QueryRowContext(ctx, "SELECT polls, restarts, mask, overwrite FROM push_state WHERE customer_id = ?", customerID).
		Scan(&p.Polls, &p.Restarts, &mask, &p.Overwrite)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if mask != "" {
		p.Mask = strings.Split(mask, ",")
	}
	return p, err
}

// PutPushState writes the push's state; it ends with the outbox row.
func PutPushState(ctx context.Context, tx *sql.Tx, customerID int64, p PushState) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO push_state (customer_id, polls, restarts, mask, overwrite) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (customer_id) DO UPDATE SET polls = excluded.polls, restarts = excluded.restarts, mask = excluded.mask,
		overwrite = excluded.overwrite`, customerID, p.Polls, p.Restarts, strings.Join(p.Mask, ","), p.Overwrite)
	return err
}

// GoogleSeen is Google's record of a customer as onboard last saw it.
type GoogleSeen struct {
	CustomerID  int64
	Name        string
	UpdateTime  string
	SeenAt      time.Time
	GoneAt      time.Time // zero unless the last sync did not find it
	FromSync    bool      // a sync brought the customer in (origin google)
	Differences []model.Difference
}

// GetGoogleSeen returns what onboard last saw at Google of the customer.
func GetGoogleSeen(ctx context.Context, q querier, customerID int64) (GoogleSeen, bool, error) {
	s := GoogleSeen{CustomerID: customerID}
	var seen, gone int64
	var diffs string
	err := q.QueryRowContext(ctx, "SELECT name, update_time, seen_at, gone_at, from_sync, differences FROM google_seen WHERE customer_id = ?", customerID).
		Scan(&s.Name, &s.UpdateTime, &seen, &gone, &s.FromSync, &diffs)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, err
	}
	s.SeenAt = fromMicros(seen)
	if gone != 0 {
		s.GoneAt = fromMicros(gone)
	}
	return s, true, json.Unmarshal([]byte(diffs), &s.Differences)
}

// PutGoogleSeen records what onboard saw at Google of the customer.
func PutGoogleSeen(ctx context.Context, tx *sql.Tx, s GoogleSeen) error {
	diffs, err := json.Marshal(s.Differences)
	if err != nil {
		return err
	}
	if s.Differences == nil {
		diffs = []byte("[]")
	}
	gone := int64(0)
	if !s.GoneAt.IsZero() {
		gone = micros(s.GoneAt)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO google_seen (customer_id, name, update_time, seen_at, gone_at, from_sync, differences)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, update_time = excluded.update_time,
		seen_at = excluded.seen_at, gone_at = excluded.gone_at, from_sync = google_seen.from_sync OR excluded.from_sync,
		differences = excluded.differences`,
		s.CustomerID, s.Name, s.UpdateTime, micros(s.SeenAt), gone, s.FromSync, string(diffs))
	return err
}

// CustomerByGoogleName returns the customer linked to Google's resource
// name, if any.
func CustomerByGoogleName(ctx context.Context, q querier, name string) (model.Customer, bool, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE google_name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// CustomersByCloudIdentityID returns the customers with the Cloud
// Identity ID.
func CustomersByCloudIdentityID(ctx context.Context, q querier, id string) ([]model.Customer, error) {
	return scanCustomers(q.QueryContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE cloud_identity_id = ?", id))
}

func scanCustomers(rows *sql.Rows, err error) ([]model.Customer, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SyncRun is one sync of the reseller's customers.
type SyncRun struct {
	ID                     int64
	Actor                  string
	StartedAt, UpdatedAt   time.Time
	FinishedAt             time.Time // zero while it runs (or was cut off)
	PageToken              string    // the next page to read
	Pages, Done, Total     int64     // Total: the last finished sync's count (0 unknown)
	Added, Differing, Gone int64
	Error                  string
}

const syncColumns = "id, actor, started_at, updated_at, finished_at, page_token, pages, done, total_hint, added, differing, gone, error"

func scanSync(row interface{ Scan(...any) error }) (SyncRun, error) {
	var r SyncRun
	var started, updated, finished int64
	err := row.Scan(&r.ID, &r.Actor, &started, &updated, &finished, &r.PageToken, &r.Pages, &r.Done, &r.Total, &r.Added,
		&r.Differing, &r.Gone, &r.Error)
	r.StartedAt, r.UpdatedAt = fromMicros(started), fromMicros(updated)
	if finished != 0 {
		r.FinishedAt = fromMicros(finished)
	}
	return r, err
}

// OpenSync returns the sync that has not finished, if any.
func OpenSync(ctx context.Context, q querier) (SyncRun, bool, error) {
	r, err := scanSync(q.QueryRowContext(ctx, "SELECT "+syncColumns+" FROM sync_run WHERE finished_at = 0 ORDER BY id DESC LIMIT 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// LastSync returns the last sync that finished, if any.
func LastSync(ctx context.Context, q querier) (SyncRun, bool, error) {
	r, err := scanSync(q.QueryRowContext(ctx, "SELECT "+syncColumns+" FROM sync_run WHERE finished_at != 0 ORDER BY id DESC LIMIT 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// StartSync records a new sync and returns it with its id.
func StartSync(ctx context.Context, tx *sql.Tx, r SyncRun) (SyncRun, error) {
	res, err := tx.ExecContext(ctx, "INSERT INTO sync_run (actor, started_at, updated_at, total_hint) VALUES (?, ?, ?, ?)",
		r.Actor, micros(r.StartedAt), micros(r.UpdatedAt), r.Total)
	if err != nil {
		return r, err
	}
	r.ID, err = res.LastInsertId()
	return r, err
}

// PutSync writes how far the sync is.
func PutSync(ctx context.Context, tx *sql.Tx, r SyncRun) error {
	fin := int64(0)
	if !r.FinishedAt.IsZero() {
		fin = micros(r.FinishedAt)
	}
	_, err := tx.ExecContext(ctx, `UPDATE sync_run SET actor = ?, updated_at = ?, finished_at = ?, page_token = ?, pages = ?, done = ?,
		total_hint = ?, added = ?, differing = ?, gone = ?, error = ? WHERE id = ?`,
		r.Actor, micros(r.UpdatedAt), fin, r.PageToken, r.Pages, r.Done, r.Total, r.Added, r.Differing, r.Gone, r.Error, r.ID)
	return err
}

// MarkSynced records that the run handled Google's customer name; false
// when it already had.
func MarkSynced(ctx context.Context, tx *sql.Tx, run int64, name string) (bool, error) {
	res, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO sync_seen (run_id, name) VALUES (?, ?)", run, name)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkGone marks the linked customers the run did not see as gone at
// Google, and returns how many there newly were. A customer first seen
// after the run started (pushed meanwhile) is not: its page may have
// been read before it existed.
func MarkGone(ctx context.Context, tx *sql.Tx, run int64, started, at time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE google_seen SET gone_at = ? WHERE gone_at = 0 AND seen_at <= ?
		AND name NOT IN (SELECT name FROM sync_seen WHERE run_id = ?)`, micros(at), micros(started), run)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// EndSync drops what the finished run kept to resume (its seen names).
func EndSync(ctx context.Context, tx *sql.Tx, run int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM sync_seen WHERE run_id = ?", run)
	return err
}

// PutEntitlements replaces the subscriptions known of the customer.
func PutEntitlements(ctx context.Context, tx *sql.Tx, customerID int64, es []model.GoogleEntitlement, at time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM google_entitlements WHERE customer_id = ?", customerID); err != nil {
		return err
	}
	for _, e := range es {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO google_entitlements (name, customer_id, offer, product, sku, seats, state, seen_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Name, customerID, e.Offer, e.Product, e.SKU, e.Seats, e.State, micros(at)); err != nil {
			return err
		}
	}
	return nil
}

// Entitlements returns the subscriptions the last sync found for the
// customer.
func Entitlements(ctx context.Context, q querier, customerID int64) ([]model.GoogleEntitlement, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, offer, product, sku, seats, state FROM google_entitlements WHERE customer_id = ? ORDER BY name", customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.GoogleEntitlement
	for rows.Next() {
		var e model.GoogleEntitlement
		if err := rows.Scan(&e.Name, &e.Offer, &e.Product, &e.SKU, &e.Seats, &e.State); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
