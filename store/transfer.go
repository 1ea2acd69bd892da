package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/google/uuid"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/sqlite"
)

// Transfers: an imported customer's subscriptions with another reseller
// (or Google) moved to this reseller with transferEntitlements. The
// customer's transfer token is kept only until the transfer is done (or
// the user chose to move nothing), then forgotten; it is never printed.

// ErrNoToken means the customer's transfer token was used up or never
// given: a new one is needed to see or move its subscriptions.
var ErrNoToken = i18n.Errorf("the customer's transfer token is no longer kept: ask the customer's super admin for a new one and import again")

// TransferOptions lists the imported customer's subscriptions that may
// move here (listTransferableSkus) and, for the eligible ones, the offers
// (listTransferableOffers).
func (s *Service) TransferOptions(ctx context.Context, customerID int64) ([]model.TransferChoice, error) {
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
	if c.TransferToken == "" {
		return nil, ErrNoToken
	}
	skus, err := g.TransferableSKUs(ctx, c.GoogleName, c.TransferToken)
	if err != nil {
		return nil, err
	}
	out := make([]model.TransferChoice, 0, len(skus))
	for _, k := range skus {
		ch := model.TransferChoice{SKU: k}
		if k.Eligible {
			if ch.Offers, err = g.TransferableOffers(ctx, c.GoogleName, k.SKU); err != nil {
				return nil, err
			}
			if len(ch.Offers) > 0 {
				ch.Seats = int(ch.Offers[0].MinUnits)
			}
		}
		out = append(out, ch)
	}
	return out, nil
}

// Transfer moves the picked subscriptions (none: nothing moves, and the
// token is forgotten) in one transferEntitlements call, through the
// outbox with one requestId: each becomes an order of the customer,
// pending until Google's operation is done.
func (s *Service) Transfer(ctx context.Context, actor string, customerID int64, picks []model.TransferPick) ([]model.Order, error) {
	if _, err := s.commerce(); err != nil {
		return nil, err
	}
	if len(picks) == 0 {
		return nil, s.forgetToken(ctx, actor, customerID)
	}
	batch := uuid.NewString()
	now := s.now()
	var ids []int64
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		c, err := sqlite.GetCustomer(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if c.TransferToken == "" {
			return ErrNoToken
		}
		for _, p := range picks {
			o, ps := rules.ValidateOffer(c, p.Offer, strconv.Itoa(p.Seats), "", true)
			if len(ps) > 0 {
				return ps
			}
			o.Transferred, o.RequestID, o.CreatedBy, o.CreatedAt, o.UpdatedAt = true, batch, actor, now, now
			if o.ID, err = sqlite.InsertOrder(ctx, tx, o); err != nil {
				return i18n.Errorf("store transfer: %w", err)
			}
			if err := sqlite.PutOrderOutbox(ctx, tx, sqlite.OrderOutbox{OrderID: o.ID, Step: "send", Batch: batch, Parameter: p.Offer.Parameter,
				Actor: actor, StartedAt: micros(now), UpdatedAt: micros(now)}); err != nil {
				return err
			}
			if err := orderEvent(ctx, tx, actor, now, o, "transfer", "", orderText(o)); err != nil {
				return err
			}
			ids = append(ids, o.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	_, err = s.SendOrder(ctx, actor, ids[0])
	os, lerr := s.Orders(ctx, customerID)
	var moved []model.Order
	for _, o := range os {
		if o.RequestID == batch {
			moved = append(moved, o)
		}
	}
	return moved, errors.Join(err, lerr)
}

// sendTransfer sends (or goes on with) the transfer batch of customer c,
// for order self (claimed by its SendOrder):
// every order of the batch in one call with the token; when it is done the
// orders take Google's entitlements and the token is forgotten.
func (s *Service) sendTransfer(ctx context.Context, actor string, c model.Customer, batch string, self int64) error {
	g, err := s.commerce()
	if err != nil {
		return err
	}
	all, err := sqlite.Orders(ctx, s.db.Reader(), c.ID)
	if err != nil {
		return err
	}
	var (
		orders []model.Order
		params []string
		rows   []sqlite.OrderOutbox
	)
	for _, o := range all {
		ob, ok, err := sqlite.GetOrderOutbox(ctx, s.db.Reader(), o.ID)
		if err != nil {
			return err
		}
		if ok && ob.Batch == batch {
			orders, params, rows = append(orders, o), append(params, ob.Parameter), append(rows, ob)
		}
	}
	if len(orders) == 0 {
		return nil
	}
	// One sender per batch: the other orders of it are this send's too.
	var claimed []int64
	defer func() {
		for _, id := range claimed {
			s.releaseOrder(id)
		}
	}()
	for _, o := range orders {
		if o.ID == self {
			continue // the order SendOrder was called for, claimed there
		}
		if !s.claimOrder(o.ID) {
			return nil // another send has the batch
		}
		claimed = append(claimed, o.ID)
	}
	fail := func(cause error) error {
		for i := range orders {
			if _, err := s.orderFailed(ctx, actor, orders[i], &rows[i], cause); err != cause {
				return err
			}
		}
		if !errors.Is(cause, context.Canceled) && ctx.Err() == nil {
			if _, ce := channelError(cause); ce {
				return errors.Join(cause, s.forgetTokenIfDone(ctx, actor, c.ID))
			}
		}
		return cause
	}
	op := rows[0].Operation
	if rows[0].Step == "send" {
		if op, err = g.Transfer(ctx, c.GoogleName, c.TransferToken, batch, orders, params); err != nil {
			return fail(err)
		}
		err := s.db.Write(ctx, func(tx *sql.Tx) error {
			for i := range rows {
				rows[i].Step, rows[i].Operation, rows[i].UpdatedAt = "poll", op, micros(s.now())
				if err := sqlite.PutOrderOutbox(ctx, tx, rows[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	made, err := s.pollOrder(ctx, g, op)
	if err != nil {
		return fail(err)
	}
	for i, o := range orders {
		e, ok := model.Entitlement{}, false
		for _, m := range made {
			if m.Offer == o.Offer || (m.SKU != "" && m.SKU == o.SKU) {
				e, ok = m, true
			}
		}
		if !ok {
			if _, err := s.orderFailed(ctx, actor, o, &rows[i], i18n.Errorf("Google's transfer did not move %s", o.SKUName)); err == nil {
				return err
			}
			continue
		}
		if _, err := s.orderDone(ctx, actor, o, e); err != nil {
			return err
		}
	}
	return s.forgetTokenIfDone(ctx, actor, c.ID)
}

// forgetTokenIfDone forgets the transfer token once no transfer of the
// customer is under way.
func (s *Service) forgetTokenIfDone(ctx context.Context, actor string, id int64) error {
	os, err := sqlite.Orders(ctx, s.db.Reader(), id)
	if err != nil {
		return err
	}
	for _, o := range os {
		if ob, ok, err := sqlite.GetOrderOutbox(ctx, s.db.Reader(), o.ID); err != nil || (ok && ob.Batch != "") {
			return err
		}
	}
	return s.forgetToken(ctx, actor, id)
}

// forgetToken clears the customer's transfer token: the transfer no
// longer needs it.
func (s *Service) forgetToken(ctx context.Context, actor string, id int64) error {
	return s.db.Write(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
		cur, err := sqlite.GetCustomer(ctx, tx, id)
		if err != nil || cur.TransferToken == "" {
			return err
		}
		next := cur
		next.TransferToken, next.UpdatedAt = "", s.now()
		_, err = s.save(ctx, tx, actor, "token forgotten", cur, next)
		return err
	})
}
