package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel"
	"onboard/store/sqlite"
)

// DefaultOrderDeadline is how long one sending of an order may take, the
// wait for Google's operation included; past it the order stays pending
// in the outbox and goes on later.
const DefaultOrderDeadline = 5 * time.Minute

// SendOrder sends order id to Google, or goes on with it from where it
// stopped (the outbox): entitlements.create with the order's requestId,
// then the operation followed until it is done. It returns the order with
// what Google said: pending_tos, active or suspended; failed with Google's
// words when Google refused it; still pending when Google's answer did not
// come (no answer, a server error, the deadline), to be sent again with the
// same requestId.
func (s *Service) SendOrder(ctx context.Context, actor string, id int64) (model.Order, error) {
	g, err := s.commerce()
	if err != nil {
		return model.Order{}, err
	}
	if !s.claimOrder(id) {
		o, _ := s.Order(ctx, id)
		return o, i18n.Errorf("order %s is already being sent", i18n.ID(id))
	}
	defer s.releaseOrder(id)
	ctx, cancel := context.WithTimeoutCause(ctx, s.orderDeadline(), &DeadlineError{After: s.orderDeadline()})
	defer cancel()
	o, ob, c, err := s.takeOrder(ctx, actor, id)
	if err != nil || ob == nil {
		return o, stopped(ctx, err)
	}
	if ob.Batch != "" {
		return o, s.sendTransfer(ctx, actor, c, ob.Batch, id)
	}
	for {
		switch ob.Step {
		case "send":
			op, err := g.CreateEntitlement(ctx, c.GoogleName, o, ob.Parameter, o.RequestID)
			if ce, ok := channelError(err); ok && ce.Status == "ALREADY_EXISTS" && ob.Attempts > 1 {
				// An earlier send went through and its requestId was forgotten
				// at Google: the subscription is there; take it.
				if e, ok := s.findEntitlement(ctx, g, c.GoogleName, o); ok {
					return s.orderDone(ctx, actor, o, e)
				}
			}
			if err != nil {
				return s.orderFailed(ctx, actor, o, ob, err)
			}
			ob.Step, ob.Operation, ob.UpdatedAt = "poll", op, micros(s.now())
			if err := s.db.Write(ctx, func(tx *sql.Tx) error { return sqlite.PutOrderOutbox(ctx, tx, *ob) }); err != nil {
				return o, stopped(ctx, err)
			}
		case "poll":
			made, err := s.pollOrder(ctx, g, ob.Operation)
			if err != nil {
				return s.orderFailed(ctx, actor, o, ob, err)
			}
			if len(made) == 0 {
				return s.orderFailed(ctx, actor, o, ob, i18n.Errorf("Google's operation %s ended without a subscription", ob.Operation))
			}
			return s.orderDone(ctx, actor, o, made[0])
		default:
			return o, i18n.Errorf("order %s: unknown step %q", i18n.ID(o.ID), ob.Step)
		}
	}
}

// takeOrder reads the order, its customer and its outbox row (nil: the
// order is not under way) and counts the attempt before any call.
func (s *Service) takeOrder(ctx context.Context, actor string, id int64) (model.Order, *sqlite.OrderOutbox, model.Customer, error) {
	var (
		o  model.Order
		ob *sqlite.OrderOutbox
		c  model.Customer
	)
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if o, err = sqlite.GetOrder(ctx, tx, id); err != nil {
			return err
		}
		row, ok, err := sqlite.GetOrderOutbox(ctx, tx, id)
		if err != nil || !ok {
			return err
		}
		if c, err = sqlite.GetCustomer(ctx, tx, o.CustomerID); err != nil {
			return err
		}
		if c.GoogleName == "" {
			return ErrNotAtGoogle
		}
		row.Attempts++
		row.Actor, row.UpdatedAt = actor, micros(s.now())
		ob = &row
		return sqlite.PutOrderOutbox(ctx, tx, row)
	})
	return o, ob, c, err
}

// pollOrder follows an order's operation with backoff until it is done,
// fails, or the deadline passes.
func (s *Service) pollOrder(ctx context.Context, g channel.Commerce, op string) ([]model.Entitlement, error) {
	for n := 0; ; n++ {
		done, made, err := g.OrderOperation(ctx, op)
		if err != nil || done {
			return made, err
		}
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(s.pollWait(n)):
		}
	}
}

// findEntitlement looks for the subscription an order made.
func (s *Service) findEntitlement(ctx context.Context, g channel.Commerce, customer string, o model.Order) (model.Entitlement, bool) {
	es, err := g.Entitlements(ctx, customer)
	if err != nil {
		return model.Entitlement{}, false
	}
	for _, e := range es {
		if e.Offer == o.Offer || (e.SKU != "" && e.SKU == o.SKU) {
			return e, true
		}
	}
	return model.Entitlement{}, false
}

// orderDone stores the subscription Google made and ends the order's time
// in the outbox.
func (s *Service) orderDone(ctx context.Context, actor string, o model.Order, e model.Entitlement) (model.Order, error) {
	next := applyEntitlement(o, e)
	next.UpdatedAt = s.now()
	err := s.db.Write(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
		if err := sqlite.UpdateOrder(ctx, tx, next); err != nil {
			return err
		}
		if err := sqlite.DeleteOrderOutbox(ctx, tx, o.ID); err != nil {
			return err
		}
		return orderEvent(ctx, tx, actor, next.UpdatedAt, next, "order state", o.Status, next.Status)
	})
	return next, err
}

// applyEntitlement is order o as Google's entitlement e says it stands.
func applyEntitlement(o model.Order, e model.Entitlement) model.Order {
	o.Entitlement = e.Name
	if e.Seats > 0 {
		o.Seats = e.Seats
	}
	if e.PurchaseOrderID != "" {
		o.PONumber = e.PurchaseOrderID
	}
	o.Status, o.StatusMessage = EntitlementStatus(e)
	return o
}

// EntitlementStatus is an order's status for Google's entitlement: waiting
// for the Terms of Service, suspended with Google's reasons, or active.
func EntitlementStatus(e model.Entitlement) (status, message string) {
	if e.ProvisioningState != "SUSPENDED" {
		return model.OrderActive, ""
	}
	var other []string
	for _, r := range e.SuspensionReasons {
		if r != "PENDING_TOS_ACCEPTANCE" {
			other = append(other, r)
		}
	}
	if len(other) == 0 {
		return model.OrderPendingToS, ""
	}
	return model.OrderSuspended, strings.Join(other, ", ")
}

// orderFailed handles a refused or unanswered call: when Google did not
// do it (429, 503, no connection) or it is unknown whether it did, the
// order stays pending in the outbox (the next send repeats the requestId);
// otherwise it is failed with Google's words.
func (s *Service) orderFailed(ctx context.Context, actor string, o model.Order, ob *sqlite.OrderOutbox, cause error) (model.Order, error) {
	var de *DeadlineError
	if errors.Is(cause, context.Canceled) || errors.As(cause, &de) || ctx.Err() != nil || channel.Unknown(cause) ||
		channel.Classify(cause) == channel.ClassNotExecuted {
		return o, errors.Join(i18n.Errorf("the order stays under way and is sent again with the same request ID, so it is not bought twice: %w", stopped(ctx, cause)))
	}
	next := o
	next.Status, next.StatusMessage, next.UpdatedAt = model.OrderFailed, rules.Sanitize(firstLine(cause.Error())), s.now()
	err := s.db.Write(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
		if err := sqlite.UpdateOrder(ctx, tx, next); err != nil {
			return err
		}
		if err := sqlite.DeleteOrderOutbox(ctx, tx, o.ID); err != nil {
			return err
		}
		return orderEvent(ctx, tx, actor, next.UpdatedAt, next, "order state", o.Status, next.Status)
	})
	if err != nil {
		return o, errors.Join(cause, err)
	}
	return next, cause
}

// RetryOrder sends a failed order again, as a new request (Google refused
// the last one, so nothing was bought).
func (s *Service) RetryOrder(ctx context.Context, actor string, id int64) (model.Order, error) {
	if _, err := s.commerce(); err != nil {
		return model.Order{}, err
	}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		o, err := sqlite.GetOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		if o.Status != model.OrderFailed || !o.AtGoogle() {
			return i18n.Errorf("order %s is %s: only a failed order is sent again", i18n.ID(o.ID), o.Status)
		}
		param := "max_units"
		if o.Plan.Commitment() {
			param = "num_units"
		}
		now := s.now()
		next := o
		next.Status, next.StatusMessage, next.RequestID, next.UpdatedAt = model.OrderPending, "", uuid.NewString(), now
		if err := sqlite.UpdateOrder(ctx, tx, next); err != nil {
			return err
		}
		if err := sqlite.PutOrderOutbox(ctx, tx, sqlite.OrderOutbox{OrderID: o.ID, Step: "send", Parameter: param, Actor: actor,
			StartedAt: micros(now), UpdatedAt: micros(now)}); err != nil {
			return err
		}
		return orderEvent(ctx, tx, actor, now, next, "order state", o.Status, next.Status)
	})
	if err != nil {
		return model.Order{}, err
	}
	return s.SendOrder(ctx, actor, id)
}

// PendingOrders returns the orders under way at Google.
func (s *Service) PendingOrders(ctx context.Context) ([]int64, error) {
	return sqlite.OutboxOrders(ctx, s.db.Reader())
}

// ResumeOrders goes on with the orders (and transfers) that were under way
// when onboard last stopped, ResumeParallel at a time; done hears of each
// as it ends, one at a time. It returns how many there were.
func (s *Service) ResumeOrders(ctx context.Context, actor string, done func(model.Order, error)) (int, error) {
	if !s.CanSell() {
		return 0, nil
	}
	ids, err := s.PendingOrders(ctx)
	if err != nil {
		return 0, err
	}
	return resumeEach(ctx, ids, func(id int64) func() {
		o, err := s.SendOrder(ctx, actor, id)
		return func() {
			if done != nil {
				done(o, err)
			}
		}
	})
}

func (s *Service) orderDeadline() time.Duration {
	if s.opts.PushDeadline > 0 {
		return s.opts.PushDeadline
	}
	return DefaultOrderDeadline
}

func (s *Service) claimOrder(id int64) bool {
	s.shop.mu.Lock()
	defer s.shop.mu.Unlock()
	if s.shop.sending == nil {
		s.shop.sending = map[int64]bool{}
	}
	if s.shop.sending[id] {
		return false
	}
	s.shop.sending[id] = true
	return true
}

func (s *Service) releaseOrder(id int64) {
	s.shop.mu.Lock()
	defer s.shop.mu.Unlock()
	delete(s.shop.sending, id)
}

// SendLocalOrder sends an order recorded here as local (before Google was
// configured, or before the customer was at Google) to Google, as a
// customer is pushed later: its edition and plan pick the offer from the
// customer's catalogue, and it goes through the outbox like any order.
func (s *Service) SendLocalOrder(ctx context.Context, actor string, id int64) (model.Order, error) {
	if _, err := s.commerce(); err != nil {
		return model.Order{}, err
	}
	o, err := s.Order(ctx, id)
	if err != nil {
		return o, err
	}
	if o.Status != model.OrderLocal {
		return o, i18n.Errorf("order %s is %s: only a local order is sent to Google this way", i18n.ID(o.ID), o.Status)
	}
	offers, err := s.Catalog(ctx, o.CustomerID, false)
	if err != nil {
		return o, err
	}
	name := o.SKUName
	if name == "" {
		name = rules.SKUName(o.SKU)
	}
	offer, ps := PickOffer(offers, model.OrderForm{SKU: name, Plan: string(o.Plan)})
	if len(ps) > 0 {
		return o, ps
	}
	lo, hi := rules.SeatLimits(offer)
	if int64(o.Seats) < lo || int64(o.Seats) > hi {
		return o, rules.Problems{{Field: rules.OrderSeats, Code: rules.CodeInvalidSeats, Params: map[string]string{"min": i18n.ID(lo), "max": i18n.ID(hi)}}}
	}
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		cur, err := sqlite.GetOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Status != model.OrderLocal {
			return i18n.Errorf("order %s is %s: only a local order is sent to Google this way", i18n.ID(cur.ID), cur.Status)
		}
		now := s.now()
		next := cur
		next.SKU, next.SKUName, next.Offer, next.Plan = offer.SKU, offer.SKUName, offer.Name, offer.Plan
		next.Status, next.RequestID, next.UpdatedAt = model.OrderPending, uuid.NewString(), now
		next.Renew = offer.Plan.Commitment()
		if err := sqlite.SetOrderOffer(ctx, tx, next); err != nil {
			return err
		}
		if err := sqlite.UpdateOrder(ctx, tx, next); err != nil {
			return err
		}
		if err := sqlite.PutOrderOutbox(ctx, tx, sqlite.OrderOutbox{OrderID: id, Step: "send", Parameter: offer.Parameter, Actor: actor,
			StartedAt: micros(now), UpdatedAt: micros(now)}); err != nil {
			return err
		}
		return orderEvent(ctx, tx, actor, now, next, "order state", cur.Status, next.Status)
	})
	if err != nil {
		return o, err
	}
	return s.SendOrder(ctx, actor, id)
}
