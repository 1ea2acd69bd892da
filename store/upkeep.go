package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/sqlite"
)

// Upkeep: after onboarding, the reseller keeps each customer's details
// right (changes a customer makes in their own Admin console do not reach
// the reseller) and finishes the setup.

// DefaultConfirmAfter is how long confirmed details count as current
// ([upkeep] confirm_after_days).
const DefaultConfirmAfter = 180 * 24 * time.Hour

// ErrNotTeam means a domain was verified for a customer that already is a
// domain customer.
var ErrNotTeam = i18n.Errorf("only a team customer verifies a domain: this one is a domain customer already")

// ErrOrderNotLocal means an order was already sent on and cannot be
// cancelled here.
var ErrOrderNotLocal = i18n.Errorf("only an order that is still local can be cancelled here")

// Confirm records that the customer's details, as the user saw them at
// version, were confirmed with the customer now.
func (s *Service) Confirm(ctx context.Context, actor string, id, version int64) (model.Customer, error) {
	return s.revise(ctx, actor, "confirm", id, version, func(_ *sql.Tx, cur model.Customer) (model.Customer, error) {
		now := s.now()
		cur.ConfirmedAt = &now
		return cur, nil
	})
}

// VerifyDomain turns a team customer into a domain customer once it has
// verified domain: the rules for domain customers apply from then on (the
// primary email in the domain, the alternate email outside it). An empty
// primaryEmail keeps the team's if it is in the domain, else admin@domain.
func (s *Service) VerifyDomain(ctx context.Context, actor string, id, version int64, domain, primaryEmail string) (model.Customer, error) {
	return s.change(ctx, actor, "domain verified", id, version, 0, func(cur model.Customer) (model.Fields, error) {
		if cur.Kind != model.KindTeam {
			return nil, ErrNotTeam
		}
		fs := cur.Form()
		fs[model.FieldKind] = string(model.KindDomain)
		fs[model.FieldDomain] = domain
		if strings.TrimSpace(primaryEmail) == "" {
			primaryEmail = cur.PrimaryEmail
			if d, err := rules.NormalizeDomain(domain); err != nil || rules.EmailDomain(cur.PrimaryEmail) != d {
				primaryEmail = ""
				if err == nil {
					primaryEmail = "admin@" + d
				}
			}
		}
		fs[model.FieldPrimaryEmail] = primaryEmail
		return fs, nil
	})
}

// SetupTips stores the setup the reseller did after adding the customer:
// language, default time zone and smart features ("on", "off" or "").
func (s *Service) SetupTips(ctx context.Context, actor string, id, version int64, language, timeZone, smart string) (model.Customer, error) {
	return s.change(ctx, actor, "setup", id, version, 0, func(cur model.Customer) (model.Fields, error) {
		fs := cur.Form()
		fs[model.FieldLanguage], fs[model.FieldTimeZone], fs[model.FieldSmartFeatures] = language, timeZone, smart
		return fs, nil
	})
}

// StaleQuery is the list of customers whose details were last confirmed
// before the cutoff, the longest ago first. A customer's details count as
// confirmed when it was added (Create, ImportCSV), so only customers stored
// by an older version without a confirmation were never confirmed; they
// come first.
func StaleQuery(cutoff time.Time, after *model.Cursor, limit int) model.ListQuery {
	return model.ListQuery{Sort: model.SortConfirmed, StaleBefore: cutoff, After: after, Limit: limit}
}

// CountStale counts the customers whose details were last confirmed before
// cutoff (or never).
func (s *Service) CountStale(ctx context.Context, cutoff time.Time) (int64, error) {
	return sqlite.CountStale(ctx, s.db.Cached(), cutoff)
}

// CancelOrder cancels an order that is still local, with an audit event on
// its customer.
func (s *Service) CancelOrder(ctx context.Context, actor string, orderID int64) (model.Order, error) {
	var o model.Order
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if o, err = sqlite.GetOrder(ctx, tx, orderID); err != nil {
			return err
		}
		if o.Status != model.OrderLocal {
			return i18n.Errorf("order %s is %s: %w", i18n.ID(o.ID), o.Status, ErrOrderNotLocal)
		}
		if err := sqlite.SetOrderStatus(ctx, tx, o.ID, model.OrderCancelled); err != nil {
			return err
		}
		o.Status = model.OrderCancelled
		_, err = sqlite.InsertEvent(ctx, tx, model.Event{CustomerID: o.CustomerID, At: s.now(), Actor: actor, Action: "order cancelled",
			Changes: []model.Change{{Field: "order", Old: fmt.Sprintf("%s × %d (%s)", o.SKU, o.Seats, o.Plan), New: "cancelled"}}})
		return err
	})
	return o, err
}

// ConfirmAfter is how long confirmed details count as current.
func (s *Service) ConfirmAfter() time.Duration { return s.opts.ConfirmAfter }

// StaleCutoff is the time before which a confirmation is too old.
func (s *Service) StaleCutoff() time.Time { return s.now().Add(-s.opts.ConfirmAfter) }
