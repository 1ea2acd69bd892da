package store

import (
	"context"
	"database/sql"

	"onboard/i18n"
	"onboard/model"
	"onboard/store/sqlite"
)

// RefreshOrders reads the customer's subscriptions from Google
// (entitlements.list) and brings its orders up to date: each order's
// state (pending the Terms of Service, active, suspended with Google's
// reason) and seats; a subscription Google has that no order here names
// becomes an order, so that what was bought elsewhere (the Partner Sales
// Console, a transfer) shows too. Orders still under way are left to
// their outbox.
func (s *Service) RefreshOrders(ctx context.Context, actor string, customerID int64) ([]model.Order, error) {
	g, err := s.commerce()
	if err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if c.GoogleName == "" {
		return nil, ErrNotAtGoogle
	}
	es, err := g.Entitlements(ctx, c.GoogleName)
	if err != nil {
		return nil, err
	}
	names := map[string]string{} // SKU → display name, from the catalogue when it is known
	s.shop.mu.Lock()
	for _, o := range s.shop.catalogs[c.GoogleName].offers {
		names[o.SKU] = o.SKUName
	}
	s.shop.mu.Unlock()
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		have, err := sqlite.Orders(ctx, tx, customerID)
		if err != nil {
			return err
		}
		now := s.now()
		byName := map[string]model.Order{}
		for _, o := range have {
			if o.Entitlement != "" {
				byName[o.Entitlement] = o
			}
		}
		for _, e := range es {
			o, ok := byName[e.Name]
			if !ok {
				if _, under, err := sqlite.GetOrderOutbox(ctx, tx, pendingFor(have, e)); err != nil {
					return err
				} else if under {
					continue // its order is still being sent: the outbox will store it
				}
				o = model.Order{CustomerID: customerID, SKU: e.SKU, SKUName: names[e.SKU], Offer: e.Offer, Plan: e.Plan, Renew: e.Renew,
					CreatedBy: actor, CreatedAt: now}
				if o.SKUName == "" {
					o.SKUName = e.SKU
				}
				o = applyEntitlement(o, e)
				o.UpdatedAt = now
				if o.Seats < 1 {
					o.Seats = 1 // a subscription without a seat count (Cloud Identity Free) counts as one
				}
				if o.ID, err = sqlite.InsertOrder(ctx, tx, o); err != nil {
					return i18n.Errorf("store subscription %s: %w", e.Name, err)
				}
				if err := orderEvent(ctx, tx, actor, now, o, "subscription found", "", orderText(o)); err != nil {
					return err
				}
				continue
			}
			next := applyEntitlement(o, e)
			if next.Status == o.Status && next.StatusMessage == o.StatusMessage && next.Seats == o.Seats && next.PONumber == o.PONumber {
				continue
			}
			next.UpdatedAt = now
			if err := sqlite.UpdateOrder(ctx, tx, next); err != nil {
				return err
			}
			if err := orderEvent(ctx, tx, actor, now, next, "subscription refreshed", o.Status, next.Status); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Orders(ctx, customerID)
}

// pendingFor is the order still being sent that entitlement e may be the
// answer to (0: none).
func pendingFor(have []model.Order, e model.Entitlement) int64 {
	for _, o := range have {
		if o.Status == model.OrderPending && o.Entitlement == "" && (o.Offer == e.Offer || o.SKU == e.SKU) {
			return o.ID
		}
	}
	return 0
}
