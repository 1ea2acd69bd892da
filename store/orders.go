package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel"
	"onboard/store/sqlite"
)

// Orders. Without Google an order is recorded here as local. With Google
// the Buy screen offers what Google's catalogue has for the customer, and
// an order goes through its own outbox: written with a requestId before
// entitlements.create is called, its operation followed, and resumed after
// a quit or a crash with the same requestId, so that one order here is one
// subscription at Google.

// CatalogTTL is how long a customer's catalogue is kept before it is asked
// again: long enough for a session's Buy screens, short enough to see a
// change of Google's prices the same day.
const CatalogTTL = 15 * time.Minute

// ErrNotAtGoogle means the customer was not pushed to Google yet: Google
// has no catalogue for it and it cannot buy there.
var ErrNotAtGoogle = i18n.Errorf("the customer is not at Google yet: push it first (p on its detail), then buy")

// ErrNoCommerce means the configured Google client cannot sell.
var ErrNoCommerce = i18n.Errorf("this Google connection cannot place orders")

// shop is the Service's selling state: catalogues by customer and the
// orders being sent in this process.
type shop struct {
	mu       sync.Mutex
	catalogs map[string]cachedCatalog // by customer resource name
	products *cachedProducts
	sending  map[int64]bool
}

type cachedCatalog struct {
	offers []model.Offer
	at     time.Time
}

type cachedProducts struct {
	list []model.Product
	opts []rules.Option // the list as the wizard's product family choice
	at   time.Time
}

// commerce is the Google client's selling side, if it has one.
func (s *Service) commerce() (channel.Commerce, error) {
	if s.opts.Google == nil {
		return nil, ErrNoGoogle
	}
	c, ok := s.opts.Google.(channel.Commerce)
	if !ok {
		return nil, ErrNoCommerce
	}
	return c, nil
}

// CanSell reports whether orders go to Google (else they stay local).
func (s *Service) CanSell() bool {
	_, err := s.commerce()
	return err == nil
}

// Products is the reseller's product families: Google's catalogue
// (products.list, kept CatalogTTL) or, without Google, Google Workspace
// and Cloud Identity.
func (s *Service) Products(ctx context.Context) ([]model.Product, error) {
	g, err := s.commerce()
	if err != nil {
		return DefaultProducts(), nil
	}
	s.shop.mu.Lock()
	if p := s.shop.products; p != nil && s.now().Sub(p.at) < CatalogTTL {
		s.shop.mu.Unlock()
		return p.list, nil
	}
	s.shop.mu.Unlock()
	list, err := g.Products(ctx)
	if err != nil {
		return DefaultProducts(), err
	}
	s.shop.mu.Lock()
	s.shop.products = &cachedProducts{list: list, opts: rules.ProductOptions(list), at: s.now()}
	s.shop.mu.Unlock()
	return list, nil
}

// productOptions is Google's product families for the rules, once read
// (Products); nil until then, and without Google: the rules' own.
func (s *Service) productOptions() []rules.Option {
	s.shop.mu.Lock()
	defer s.shop.mu.Unlock()
	if s.shop.products == nil {
		return nil
	}
	return s.shop.products.opts
}

// DefaultProducts is the product families without Google.
func DefaultProducts() []model.Product {
	return []model.Product{{Name: "products/GoogleWorkspace", DisplayName: "Google Workspace"}, {Name: "products/CloudIdentity", DisplayName: "Cloud Identity"}}
}

// Catalog is what customer id can buy at Google, Google Workspace first,
// kept CatalogTTL unless fresh. Without Google it is ErrNoGoogle; for a
// customer not yet at Google, ErrNotAtGoogle.
func (s *Service) Catalog(ctx context.Context, id int64, fresh bool) ([]model.Offer, error) {
	g, err := s.commerce()
	if err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.GoogleName == "" {
		return nil, ErrNotAtGoogle
	}
	s.shop.mu.Lock()
	if cc, ok := s.shop.catalogs[c.GoogleName]; ok && !fresh && s.now().Sub(cc.at) < CatalogTTL {
		s.shop.mu.Unlock()
		return cc.offers, nil
	}
	s.shop.mu.Unlock()
	offers, err := g.Catalog(ctx, c.GoogleName)
	if err != nil {
		return nil, err
	}
	sortOffers(offers, c.ProductFamily)
	s.shop.mu.Lock()
	if s.shop.catalogs == nil {
		s.shop.catalogs = map[string]cachedCatalog{}
	}
	s.shop.catalogs[c.GoogleName] = cachedCatalog{offers: offers, at: s.now()}
	s.shop.mu.Unlock()
	return offers, nil
}

// sortOffers puts the customer's product family first (Google Workspace
// when it has none: the family the wizard starts with) and keeps Google's
// order otherwise.
func sortOffers(os []model.Offer, family string) {
	if family == "" {
		family = "google_workspace"
	}
	first := func(o model.Offer) bool { return rules.ProductValue(o.Product) == family }
	sort.SliceStable(os, func(i, j int) bool { return first(os[i]) && !first(os[j]) })
}

// PlaceOrder places an order for the customer. Without Google (or for a
// customer whose orders stay local) it is recorded as local; with Google
// it is validated against the customer's catalogue, written to the
// outbox and sent, and it returns once Google has answered (or the
// order's deadline passed: then it stays pending and goes on later).
func (s *Service) PlaceOrder(ctx context.Context, actor string, customerID int64, f model.OrderForm) (model.Order, error) {
	if !s.CanSell() {
		return s.placeLocal(ctx, actor, customerID, f)
	}
	c, err := s.Get(ctx, customerID)
	if err != nil {
		return model.Order{}, err
	}
	offers, err := s.Catalog(ctx, customerID, false)
	if err != nil {
		return model.Order{}, err
	}
	offer, ps := PickOffer(offers, f)
	if len(ps) > 0 {
		return model.Order{}, ps
	}
	o, ps := rules.ValidateOffer(c, offer, f.Seats, f.PO, f.Renew)
	if len(ps) > 0 {
		return o, ps
	}
	o.RequestID = uuid.NewString()
	now := s.now()
	o.CreatedBy, o.CreatedAt, o.UpdatedAt = actor, now, now
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if o.ID, err = sqlite.InsertOrder(ctx, tx, o); err != nil {
			return i18n.Errorf("store order: %w", err)
		}
		if err := sqlite.PutOrderOutbox(ctx, tx, sqlite.OrderOutbox{OrderID: o.ID, Step: "send", Parameter: offer.Parameter, Actor: actor,
			StartedAt: micros(now), UpdatedAt: micros(now)}); err != nil {
			return err
		}
		return orderEvent(ctx, tx, actor, now, o, "order", "", orderText(o))
	})
	if err != nil {
		return o, err
	}
	return s.SendOrder(ctx, actor, o.ID)
}

// placeLocal records a local order.
func (s *Service) placeLocal(ctx context.Context, actor string, customerID int64, f model.OrderForm) (model.Order, error) {
	var o model.Order
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		c, err := sqlite.GetCustomer(ctx, tx, customerID)
		if err != nil {
			return err
		}
		var ps rules.Problems
		o, ps = rules.ValidateOrder(c, f.SKU, f.Seats, f.Plan, f.PO)
		if len(ps) > 0 {
			return ps
		}
		o.CreatedBy, o.CreatedAt, o.UpdatedAt = actor, s.now(), s.now()
		if o.ID, err = sqlite.InsertOrder(ctx, tx, o); err != nil {
			return i18n.Errorf("store order: %w", err)
		}
		return orderEvent(ctx, tx, actor, o.CreatedAt, o, "order", "", orderText(o))
	})
	return o, err
}

// PickOffer finds the offer a form names: by its resource name, or by SKU
// (Google's name, its id or its display name) and plan.
func PickOffer(offers []model.Offer, f model.OrderForm) (model.Offer, rules.Problems) {
	if f.Offer != "" {
		for _, o := range offers {
			if o.Name == f.Offer {
				return o, nil
			}
		}
		return model.Offer{}, rules.Problems{{Field: rules.OrderSKU, Code: rules.CodeInvalidChoice,
			Params: map[string]string{"value": rules.Sanitize(f.Offer), "options": skuList(offers)}}}
	}
	want := strings.TrimSpace(f.SKU)
	var match []model.Offer
	for _, o := range offers {
		if o.SKU == want || strings.EqualFold(o.SKUName, want) || strings.HasSuffix(o.SKU, "/skus/"+want) {
			match = append(match, o)
		}
	}
	if len(match) == 0 {
		return model.Offer{}, rules.Problems{{Field: rules.OrderSKU, Code: rules.CodeInvalidChoice,
			Params: map[string]string{"value": rules.Sanitize(want), "options": skuList(offers)}}}
	}
	plan := rules.ParsePlan(f.Plan)
	var plans []string
	for _, o := range match {
		if o.Plan == plan {
			return o, nil
		}
		plans = append(plans, string(o.Plan))
	}
	return model.Offer{}, rules.Problems{{Field: rules.OrderPlan, Code: rules.CodeInvalidChoice,
		Params: map[string]string{"value": rules.Sanitize(f.Plan), "options": strings.Join(plans, ", ")}}}
}

func skuList(offers []model.Offer) string {
	var names []string
	seen := map[string]bool{}
	for _, o := range offers {
		if !seen[o.SKU] {
			seen[o.SKU] = true
			names = append(names, o.SKUName)
		}
	}
	return strings.Join(names, ", ")
}

// Orders returns a customer's orders.
func (s *Service) Orders(ctx context.Context, customerID int64) ([]model.Order, error) {
	return sqlite.Orders(ctx, s.db.Cached(), customerID)
}

// Order returns one order.
func (s *Service) Order(ctx context.Context, id int64) (model.Order, error) {
	return sqlite.GetOrder(ctx, s.db.Reader(), id)
}

func orderText(o model.Order) string {
	name := o.SKUName
	if name == "" {
		name = o.SKU
	}
	return fmt.Sprintf("%s: %s × %d (%s)", i18n.ID(o.ID), name, o.Seats, o.Plan)
}

// orderEvent records a change of order o on its customer's trail.
func orderEvent(ctx context.Context, tx *sql.Tx, actor string, at time.Time, o model.Order, action, old, new string) error {
	_, err := sqlite.InsertEvent(ctx, tx, model.Event{CustomerID: o.CustomerID, At: at, Actor: actor, Action: action,
		Changes: []model.Change{{Field: "order", Old: old, New: new}}})
	return err
}

func micros(t time.Time) int64 { return t.UnixMicro() }

// errorsAs is errors.As for a *channel.Error.
func channelError(err error) (*channel.Error, bool) {
	var ce *channel.Error
	ok := errors.As(err, &ce)
	return ce, ok
}
