package store

import (
	"context"
	"database/sql"
	"fmt"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/sqlite"
)

// SaveDraft stores the owner's half-filled form and returns its id (new
// when d.ID is 0). Only the owner's own draft can be overwritten.
func (s *Service) SaveDraft(ctx context.Context, d model.Draft) (int64, error) {
	now := s.now()
	d.UpdatedAt = now
	if d.ID == 0 {
		d.CreatedAt = now
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = sqlite.SaveDraft(ctx, tx, d)
		return err
	})
	if err != nil {
		return 0, i18n.Errorf("save draft: %w", err)
	}
	return id, nil
}

// Drafts returns the owner's drafts, newest first.
func (s *Service) Drafts(ctx context.Context, owner string) ([]model.Draft, error) {
	return sqlite.Drafts(ctx, s.db.Cached(), owner)
}

// DeleteDraft discards one of the owner's drafts.
func (s *Service) DeleteDraft(ctx context.Context, owner string, id int64) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error { return sqlite.DeleteDraft(ctx, tx, owner, id) })
}

// PlaceOrder validates an order for the customer and records it with an
// audit event.
func (s *Service) PlaceOrder(ctx context.Context, actor string, customerID int64, sku, seats, plan, po string) (model.Order, error) {
	var o model.Order
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		c, err := sqlite.GetCustomer(ctx, tx, customerID)
		if err != nil {
			return err
		}
		var ps rules.Problems
		o, ps = rules.ValidateOrder(c, sku, seats, plan, po)
		if len(ps) > 0 {
			return ps
		}
		o.CreatedBy, o.CreatedAt = actor, s.now()
		if o.ID, err = sqlite.InsertOrder(ctx, tx, o); err != nil {
			return i18n.Errorf("store order: %w", err)
		}
		_, err = sqlite.InsertEvent(ctx, tx, model.Event{CustomerID: c.ID, At: o.CreatedAt, Actor: actor, Action: "order",
			Changes: []model.Change{{Field: "order", New: fmt.Sprintf("%s × %d (%s)", o.SKU, o.Seats, o.Plan)}}})
		return err
	})
	return o, err
}

// Orders returns a customer's orders.
func (s *Service) Orders(ctx context.Context, customerID int64) ([]model.Order, error) {
	return sqlite.Orders(ctx, s.db.Cached(), customerID)
}
