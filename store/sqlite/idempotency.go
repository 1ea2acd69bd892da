package sqlite

import (
	"context"
	"encoding/json"

	"onboard/model"
)

// FirstEvent returns a customer's oldest audit event: its create or
// import, with every field that set (an idempotent retry is compared with
// it).
func FirstEvent(ctx context.Context, q querier, customerID int64) (model.Event, error) {
	var e model.Event
	var at int64
	var changes string
	err := q.QueryRowContext(ctx, "SELECT id, customer_id, at, actor, action, changes FROM events WHERE customer_id = ? ORDER BY id LIMIT 1", customerID).
		Scan(&e.ID, &e.CustomerID, &at, &e.Actor, &e.Action, &changes)
	if err != nil {
		return e, err
	}
	e.At = fromMicros(at)
	return e, json.Unmarshal([]byte(changes), &e.Changes)
}
