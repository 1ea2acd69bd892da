package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"onboard/model"
)

// InsertOrder stores an order and returns its id.
func InsertOrder(ctx context.Context, tx *sql.Tx, o model.Order) (int64, error) {
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = o.CreatedAt
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO orders (customer_id, sku, sku_name, offer, seats, plan, purchase_order_id, renew, status,
		status_message, entitlement, request_id, transferred, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.CustomerID, o.SKU, o.SKUName, o.Offer, o.Seats, o.Plan, o.PONumber, o.Renew,
		o.Status, o.StatusMessage, o.Entitlement, o.RequestID, o.Transferred, o.CreatedBy, micros(o.CreatedAt), micros(o.UpdatedAt))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

const orderColumns = `id, customer_id, sku, sku_name, offer, seats, plan, purchase_order_id, renew, status, status_message, entitlement,
	request_id, transferred, created_by, created_at, updated_at`

func scanOrder(s scanner) (model.Order, error) {
	var o model.Order
	var at, up int64
	err := s.Scan(&o.ID, &o.CustomerID, &o.SKU, &o.SKUName, &o.Offer, &o.Seats, &o.Plan, &o.PONumber, &o.Renew, &o.Status, &o.StatusMessage,
		&o.Entitlement, &o.RequestID, &o.Transferred, &o.CreatedBy, &at, &up)
	o.CreatedAt, o.UpdatedAt = fromMicros(at), fromMicros(up)
	return o, err
}

// GetOrder returns one order.
func GetOrder(ctx context.Context, q querier, id int64) (model.Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, "SELECT "+orderColumns+" FROM orders WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("order %d: %w", id, ErrNotFound)
	}
	return o, err
}

// SetOrderStatus changes an order's status.
func SetOrderStatus(ctx context.Context, tx *sql.Tx, id int64, status string) error {
	_, err := tx.ExecContext(ctx, "UPDATE orders SET status = ? WHERE id = ?", status, id)
	return err
}

// UpdateOrder writes what Google says of an order: its status, message,
// entitlement, seats, plan and renewal.
func UpdateOrder(ctx context.Context, tx *sql.Tx, o model.Order) error {
	_, err := tx.ExecContext(ctx, `UPDATE orders SET status = ?, status_message = ?, entitlement = ?, seats = ?, plan = ?, renew = ?,
		purchase_order_id = ?, request_id = ?, updated_at = ? WHERE id = ?`,
		o.Status, o.StatusMessage, o.Entitlement, o.Seats, o.Plan, o.Renew, o.PONumber, o.RequestID, micros(o.UpdatedAt), o.ID)
	return err
}

// SetOrderOffer writes the SKU and Google offer a local order is sent
// with.
func SetOrderOffer(ctx context.Context, tx *sql.Tx, o model.Order) error {
	_, err := tx.ExecContext(ctx, "UPDATE orders SET sku = ?, sku_name = ?, offer = ? WHERE id = ?", o.SKU, o.SKUName, o.Offer, o.ID)
	return err
}

// Orders returns a customer's orders, oldest first.
func Orders(ctx context.Context, q querier, customerID int64) ([]model.Order, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+orderColumns+" FROM orders WHERE customer_id = ? AND "+visibleID("customer_id")+" ORDER BY id", customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OrderOutbox is one order under way at Google.
type OrderOutbox struct {
	OrderID              int64
	Step                 string // send, poll
	Operation            string
	Batch                string // a transfer's requestId, shared by the orders it moves
	Parameter            string // num_units or max_units
	Actor                string
	Attempts             int
	StartedAt, UpdatedAt int64 // unix microseconds
}

// PutOrderOutbox writes an order's outbox row.
func PutOrderOutbox(ctx context.Context, tx *sql.Tx, o OrderOutbox) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO order_outbox (order_id, step, operation, batch, parameter, actor, attempts, started_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET step = excluded.step, operation = excluded.operation,
		batch = excluded.batch, parameter = excluded.parameter, actor = excluded.actor, attempts = excluded.attempts, updated_at = excluded.updated_at`,
		o.OrderID, o.Step, o.Operation, o.Batch, o.Parameter, o.Actor, o.Attempts, o.StartedAt, o.UpdatedAt)
	return err
}

// GetOrderOutbox returns the order's outbox row, if it has one.
func GetOrderOutbox(ctx context.Context, q querier, orderID int64) (OrderOutbox, bool, error) {
	var o OrderOutbox
	err := q.QueryRowContext(ctx, `SELECT order_id, step, operation, batch, parameter, actor, attempts, started_at, updated_at
		FROM order_outbox WHERE order_id = ?`, orderID).Scan(&o.OrderID, &o.Step, &o.Operation, &o.Batch, &o.Parameter, &o.Actor, &o.Attempts, &o.StartedAt, &o.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return o, false, nil
	}
	return o, err == nil, err
}

// DeleteOrderOutbox ends an order's time in the outbox.
func DeleteOrderOutbox(ctx context.Context, tx *sql.Tx, orderID int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM order_outbox WHERE order_id = ?", orderID)
	return err
}

// OutboxOrders returns the orders under way, oldest first.
func OutboxOrders(ctx context.Context, q querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT order_id FROM order_outbox ORDER BY order_id")
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
