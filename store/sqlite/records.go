package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"onboard/model"
)

const insertEventSQL = "INSERT INTO events (customer_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?)"

func eventArgs(e model.Event) []any {
	changes := []byte("[]")
	if len(e.Changes) > 0 {
		changes, _ = json.Marshal(e.Changes)
	}
	return []any{e.CustomerID, micros(e.At), e.Actor, e.Action, string(changes)}
}

// InsertEvent appends an audit event.
func InsertEvent(ctx context.Context, tx *sql.Tx, e model.Event) (int64, error) {
	res, err := tx.ExecContext(ctx, insertEventSQL, eventArgs(e)...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Events returns a customer's audit trail, oldest first.
func Events(ctx context.Context, q querier, customerID int64) ([]model.Event, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, customer_id, at, actor, action, changes FROM events WHERE customer_id = ? AND "+visibleID("customer_id")+" ORDER BY id", customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Event
	for rows.Next() {
		var e model.Event
		var at int64
		var changes string
		if err := rows.Scan(&e.ID, &e.CustomerID, &at, &e.Actor, &e.Action, &changes); err != nil {
			return nil, err
		}
		e.At = fromMicros(at)
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			return nil, fmt.Errorf("event %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SaveDraft inserts the draft (ID 0) or overwrites it, and returns its id.
func SaveDraft(ctx context.Context, tx *sql.Tx, d model.Draft) (int64, error) {
	fields, err := json.Marshal(d.Values)
	if err != nil {
		return 0, err
	}
	if d.ID == 0 {
		res, err := tx.ExecContext(ctx, "INSERT INTO drafts (owner, mode, step, fields, customer_id, base_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			d.Owner, d.Mode, d.Step, string(fields), d.CustomerID, d.BaseVersion, micros(d.CreatedAt), micros(d.UpdatedAt))
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	res, err := tx.ExecContext(ctx, "UPDATE drafts SET mode = ?, step = ?, fields = ?, updated_at = ? WHERE id = ? AND owner = ?",
		d.Mode, d.Step, string(fields), micros(d.UpdatedAt), d.ID, d.Owner)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("draft %d of %s: %w", d.ID, d.Owner, ErrNotFound)
	}
	return d.ID, nil
}

// Drafts returns the owner's drafts, the most recently changed first.
func Drafts(ctx context.Context, q querier, owner string) ([]model.Draft, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, owner, mode, step, fields, customer_id, base_version, created_at, updated_at FROM drafts WHERE owner = ? ORDER BY updated_at DESC, id DESC", owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Draft
	for rows.Next() {
		var d model.Draft
		var fields string
		var created, updated int64
		if err := rows.Scan(&d.ID, &d.Owner, &d.Mode, &d.Step, &fields, &d.CustomerID, &d.BaseVersion, &created, &updated); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(fields), &d.Values); err != nil {
			return nil, fmt.Errorf("draft %d: %w", d.ID, err)
		}
		d.CreatedAt, d.UpdatedAt = fromMicros(created), fromMicros(updated)
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeleteDraft removes the owner's draft; a draft that is already gone is fine.
func DeleteDraft(ctx context.Context, tx *sql.Tx, owner string, id int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM drafts WHERE id = ? AND owner = ?", id, owner)
	return err
}

// IsUniqueViolation reports whether err is a UNIQUE constraint failure.
func IsUniqueViolation(err error) bool {
	var e interface{ Code() int }
	if errors.As(err, &e) {
		// SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
		return e.Code() == 2067 || e.Code() == 1555
	}
	return false
}

// LastEvent returns a customer's newest audit event.
func LastEvent(ctx context.Context, q querier, customerID int64) (model.Event, error) {
	var e model.Event
	var at int64
	var changes string
	err := q.QueryRowContext(ctx, "SELECT id, customer_id, at, actor, action, changes FROM events WHERE customer_id = ? AND "+visibleID("customer_id")+" ORDER BY id DESC LIMIT 1", customerID).
		Scan(&e.ID, &e.CustomerID, &at, &e.Actor, &e.Action, &changes)
	if err != nil {
		return e, err
	}
	e.At = fromMicros(at)
	return e, json.Unmarshal([]byte(changes), &e.Changes)
}

// Outbox is a push to Google under way.
type Outbox struct {
	CustomerID int64
	Action     string // create or import
	Step       string
	Operation  string
	Actor      string
	Attempts   int
	StartedAt  time.Time
	UpdatedAt  time.Time
}

// GetOutbox returns the push under way for a customer, if any.
func GetOutbox(ctx context.Context, q querier, customerID int64) (Outbox, bool, error) {
	var o Outbox
	var started, updated int64
	err := q.QueryRowContext(ctx, "SELECT customer_id, action, step, operation, actor, attempts, started_at, updated_at FROM outbox WHERE customer_id = ?",
		customerID).Scan(&o.CustomerID, &o.Action, &o.Step, &o.Operation, &o.Actor, &o.Attempts, &started, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return o, false, nil
	}
	o.StartedAt, o.UpdatedAt = fromMicros(started), fromMicros(updated)
	return o, err == nil, err
}

// PutOutbox writes the push's state.
func PutOutbox(ctx context.Context, tx *sql.Tx, o Outbox) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (customer_id, action, step, operation, actor, attempts, started_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET step = excluded.step, operation = excluded.operation,
		actor = excluded.actor, attempts = excluded.attempts, updated_at = excluded.updated_at`,
		o.CustomerID, o.Action, o.Step, o.Operation, o.Actor, o.Attempts, micros(o.StartedAt), micros(o.UpdatedAt))
	return err
}

// DeleteOutbox ends a push.
func DeleteOutbox(ctx context.Context, tx *sql.Tx, customerID int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE customer_id = ?", customerID)
	return err
}

// OutboxCustomers returns the customers with a push under way.
func OutboxCustomers(ctx context.Context, q querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT customer_id FROM outbox ORDER BY started_at")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
