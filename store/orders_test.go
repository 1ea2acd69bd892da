package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel/channeltest"
)

// pushed adds a customer and pushes it to the fake, so it can buy.
func pushed(t *testing.T, s *Service, f model.Fields) model.Customer {
	t.Helper()
	c := addCustomer(t, s, model.ModeCreate, f)
	got, err := s.Push(context.Background(), "anna", c.ID)
	if err != nil || got.GoogleName == "" {
		t.Fatalf("push: %+v %v", got, err)
	}
	return got
}

func teamFields(org, domain string) model.Fields {
	f := pushable(org, domain)
	f[model.FieldKind], f[model.FieldPrimaryEmail] = "team", "sales@"+domain
	return f
}

func countPath(reqs []channeltest.Request, suffix string) int {
	n := 0
	for _, r := range reqs {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// The catalogue is Google's for this customer: every page of SKUs and of
// each SKU's offers read (the fake answers at most 4 a page), Google
// Workspace first, plans and prices read; a team customer is offered only
// the Essentials editions; a second look within the TTL asks nothing.
func TestCatalogPerCustomer(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	dom := pushed(t, s, pushable("Acme BV", "acme.nl"))
	offers, err := s.Catalog(ctx, dom.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != len(channeltest.Offers) {
		t.Fatalf("%d offers, want %d", len(offers), len(channeltest.Offers))
	}
	if n := countPath(fake.Requests(), ":listPurchasableSkus"); n != 3 { // 9 SKUs, 4 a page
		t.Fatalf("%d pages of SKUs", n)
	}
	first := offers[0]
	if first.SKUName != "Google Workspace Business Starter" || first.Plan != model.PlanFlexible || first.Parameter != "max_units" ||
		first.MaxUnits != 300 || first.Price == nil || first.Price.Units != 8 || first.Price.Nanos != 400000000 || first.Price.Currency != "USD" {
		t.Fatalf("first offer %+v %+v", first, first.Price)
	}
	plans := map[model.Plan]bool{}
	for _, o := range offers {
		plans[o.Plan] = true
	}
	if !plans[model.PlanAnnualMonthly] || !plans[model.PlanAnnualYearly] || !plans[model.PlanFree] {
		t.Fatalf("plans %v", plans)
	}
	if last := offers[len(offers)-1]; last.Product != "products/CloudIdentity" {
		t.Fatalf("last offer %+v: Google Workspace first", last)
	}
	before := len(fake.Requests())
	if _, err := s.Catalog(ctx, dom.ID, false); err != nil || len(fake.Requests()) != before {
		t.Fatalf("cached catalogue asked Google again: %v", err)
	}
	team := pushed(t, s, teamFields("Team BV", "team.nl"))
	offers, err = s.Catalog(ctx, team.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range offers {
		if !strings.Contains(o.SKUName, "Essentials") {
			t.Fatalf("team customer offered %s", o.SKUName)
		}
	}
	if len(offers) != 3 {
		t.Fatalf("team offers %d", len(offers))
	}
	local := addCustomer(t, s, model.ModeCreate, pushable("Later BV", "later.nl"))
	if _, err := s.Catalog(ctx, local.ID, false); !errors.Is(err, ErrNotAtGoogle) {
		t.Fatalf("catalogue of a customer not at Google: %v", err)
	}
}

// An order is written, sent with a UUID requestId and the offer's seat
// parameter, followed to its end, and waits for the customer's acceptance
// of the Terms of Service; r refreshes it to active once accepted, and
// to suspended with Google's reason.
func TestOrderAtGoogle(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	c := pushed(t, s, pushable("Acme BV", "acme.nl"))
	o, err := s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "Google Workspace Business Standard", Plan: "annual-monthly", Seats: "25", PO: "PO-7", Renew: true})
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != model.OrderPendingToS || !strings.HasPrefix(o.Entitlement, c.GoogleName+"/entitlements/") || o.Seats != 25 || o.PONumber != "PO-7" {
		t.Fatalf("order %+v", o)
	}
	var create channeltest.Request
	for _, r := range fake.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/entitlements") {
			create = r
		}
	}
	if _, err := uuid.Parse(create.Body["requestId"].(string)); err != nil {
		t.Fatalf("requestId %v", create.Body["requestId"])
	}
	ent := create.Body["entitlement"].(map[string]any)
	param := ent["parameters"].([]any)[0].(map[string]any)
	rs := ent["commitmentSettings"].(map[string]any)["renewalSettings"].(map[string]any)
	if param["name"] != "num_units" || param["value"].(map[string]any)["int64Value"] != "25" || ent["purchaseOrderId"] != "PO-7" ||
		rs["enableRenewal"] != true || rs["paymentCycle"].(map[string]any)["periodType"] != "MONTH" {
		t.Fatalf("entitlement sent %v", ent)
	}
	if n := len(fake.Entitlements(c.GoogleName)); n != 1 {
		t.Fatalf("%d subscriptions at Google", n)
	}
	fake.AcceptToS(c.GoogleName)
	os, err := s.RefreshOrders(ctx, "anna", c.ID)
	if err != nil || len(os) != 1 || os[0].Status != model.OrderActive {
		t.Fatalf("after ToS: %+v %v", os, err)
	}
	fake.Suspend(o.Entitlement, "RESELLER_INITIATED")
	os, err = s.RefreshOrders(ctx, "anna", c.ID)
	if err != nil || os[0].Status != model.OrderSuspended || os[0].StatusMessage != "RESELLER_INITIATED" {
		t.Fatalf("after suspension: %+v %v", os, err)
	}
	if ids, _ := s.PendingOrders(ctx); len(ids) != 0 {
		t.Fatalf("outbox %v", ids)
	}
}

// A create whose answer is lost leaves the order pending in the outbox;
// resumed, it is sent again with the same requestId and Google answers
// with the first operation: one subscription.
func TestOrderLostAnswerIsResumedOnce(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	c := pushed(t, s, pushable("Acme BV", "acme.nl"))
	fake.DropOrderAnswers(1)
	o, err := s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "products/GoogleWorkspace/skus/1010020027", Plan: "flexible", Seats: "5"})
	if err == nil || !strings.Contains(err.Error(), "same request ID") {
		t.Fatalf("lost answer: %+v %v", o, err)
	}
	if ids, _ := s.PendingOrders(ctx); len(ids) != 1 {
		t.Fatalf("outbox %v", ids)
	}
	var ended []model.Order
	n, err := s.ResumeOrders(ctx, "anna", func(o model.Order, err error) {
		if err != nil {
			t.Error(err)
		}
		ended = append(ended, o)
	})
	if err != nil || n != 1 || len(ended) != 1 || ended[0].Status != model.OrderPendingToS {
		t.Fatalf("resumed %d: %+v %v", n, ended, err)
	}
	var ids []string
	for _, r := range fake.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/entitlements") {
			ids = append(ids, r.Body["requestId"].(string))
		}
	}
	if len(ids) != 2 || ids[0] != ids[1] {
		t.Fatalf("requestIds %v", ids)
	}
	if n := fake.AllEntitlements(); n != 1 {
		t.Fatalf("%d subscriptions at Google", n)
	}
}

// Refusals: seats outside the offer's limits and a plan the SKU has not
// are problems before anything is sent; a second purchase of a SKU is
// Google's ALREADY_EXISTS, stored as failed with Google's words and sent
// again (as a new request) with one key; a server error leaves the order
// pending; a team customer cannot buy a Business edition at Google.
func TestOrderRefusals(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	c := pushed(t, s, pushable("Acme BV", "acme.nl"))
	_, err := s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "Google Workspace Business Starter", Plan: "flexible", Seats: "301"})
	var ps rules.Problems
	if !errors.As(err, &ps) || ps[0].Field != rules.OrderSeats || ps[0].Params["max"] != "300" {
		t.Fatalf("301 seats: %v", err)
	}
	_, err = s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "Google Workspace Enterprise Essentials Plus", Plan: "annual-yearly", Seats: "3"})
	if !errors.As(err, &ps) || ps[0].Field != rules.OrderPlan {
		t.Fatalf("plan the SKU has not: %v", err)
	}
	if n := countPath(fake.Requests(), "/entitlements"); n != 0 {
		t.Fatalf("%d orders sent", n)
	}
	if _, err := s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "Google Workspace Business Starter", Plan: "flexible", Seats: "3"}); err != nil {
		t.Fatal(err)
	}
	o, err := s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "Google Workspace Business Starter", Plan: "annual-yearly", Seats: "3"})
	if err == nil || o.Status != model.OrderFailed || !strings.Contains(o.StatusMessage, "The SKU was already purchased") {
		t.Fatalf("second purchase: %+v %v", o, err)
	}
	o2, err := s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "Google Workspace Business Plus", Plan: "flexible", Seats: "3"})
	if err == nil || o2.Status != model.OrderFailed || !strings.Contains(o2.StatusMessage, "Google refused a value: There is already a customer entitlement for a SKU from the same product family.") {
		t.Fatalf("a second edition: %+v %v", o2, err)
	}
	first := o.RequestID
	o, err = s.RetryOrder(ctx, "anna", o.ID)
	if err == nil || o.Status != model.OrderFailed || o.RequestID == first {
		t.Fatalf("retry: %+v %v", o, err)
	}
	fake.FailNext["/entitlements"] = "UNAVAILABLE"
	o, err = s.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "Cloud Identity Premium", Plan: "flexible", Seats: "3"})
	if err == nil || o.Status != model.OrderPending {
		t.Fatalf("server error: %+v %v", o, err)
	}
	if o, err = s.SendOrder(ctx, "anna", o.ID); err != nil || o.Status != model.OrderActive {
		t.Fatalf("sent again: %+v %v", o, err)
	}
	team := pushed(t, s, teamFields("Team BV", "team.nl"))
	g, _ := s.commerce()
	_, err = g.CreateEntitlement(ctx, team.GoogleName, model.Order{Offer: "accounts/C0reseller/offers/OBS-FLEX", Seats: 2, Plan: model.PlanFlexible}, "max_units", uuid.NewString())
	if err == nil || !strings.Contains(err.Error(), "The domain required for purchasing a SKU has not been verified") {
		t.Fatalf("team buys Business Starter: %v", err)
	}
}

// Without Google an order is local, labelled so, with the SKU name.
func TestOrderLocalWithoutGoogle(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res, _ := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{})
	o, err := s.PlaceOrder(ctx, "jan", res.Customer.ID, model.OrderForm{SKU: "workspace_business_starter", Seats: "4", Plan: "annual-monthly"})
	if err != nil || o.Status != model.OrderLocal || o.SKUName != "Google Workspace Business Starter" || o.Plan != model.PlanAnnualMonthly || o.AtGoogle() {
		t.Fatalf("local order %+v %v", o, err)
	}
	if _, err := s.Catalog(ctx, res.Customer.ID, false); !errors.Is(err, ErrNoGoogle) {
		t.Fatalf("catalogue without Google: %v", err)
	}
	ps, err := s.Products(ctx)
	if err != nil || len(ps) != 2 || ps[0].DisplayName != "Google Workspace" || ps[1].DisplayName != "Cloud Identity" {
		t.Fatalf("products %+v %v", ps, err)
	}
}

// The product families come from Google's products.list once read, Google
// Workspace first; the wizard's product step offers them, and a customer
// stored with a built-in family still validates.
func TestProductFamiliesFromGoogle(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	if got := s.Env().Products; got != nil {
		t.Fatalf("before products.list: %v", got)
	}
	ps, err := s.Products(ctx)
	if err != nil || len(ps) != 3 {
		t.Fatalf("products %+v %v", ps, err)
	}
	if n := countPath(fake.Requests(), "/v1/products"); n != 1 {
		t.Fatalf("%d products.list calls", n)
	}
	steps := rules.Steps(model.ModeCreate, model.Fields{}, s.Env())
	var opts []string
	for _, st := range steps {
		for _, f := range st.Fields {
			if f.Field == model.FieldProductFamily {
				for _, o := range f.Options {
					opts = append(opts, o.Value+"="+o.Label)
				}
			}
		}
	}
	if strings.Join(opts, ",") != "google_workspace=Google Workspace,cloud_identity=Cloud Identity,chrome=Chrome Enterprise" {
		t.Fatalf("product family options %v", opts)
	}
	if _, err := s.Products(ctx); err != nil || countPath(fake.Requests(), "/v1/products") != 1 {
		t.Fatalf("products asked again within the TTL: %v", err)
	}
	f := pushable("Chrome BV", "chrome.nl")
	f[model.FieldProductFamily] = "chrome"
	if _, err := s.Create(ctx, "anna", model.ModeCreate, f, model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	f = pushable("Bad BV", "bad.nl")
	f[model.FieldProductFamily] = "vault"
	var ps2 rules.Problems
	if _, err := s.Create(ctx, "anna", model.ModeCreate, f, model.CreateOptions{}); !errors.As(err, &ps2) || ps2[0].Field != model.FieldProductFamily {
		t.Fatalf("unknown family: %v", err)
	}
}

// A local order, placed before Google was set up, is sent later like a
// customer is pushed: its edition and plan pick Google's offer, and it
// goes through the outbox.
func TestLocalOrderSentLater(t *testing.T) {
	ctx := context.Background()
	s, fake, path := googleTest(t)
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	local, err := Open(ctx, path, Options{ResellerID: "C0reseller"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := local.PlaceOrder(ctx, "anna", c.ID, model.OrderForm{SKU: "workspace_business_standard", Plan: "annual-yearly", Seats: "12"})
	local.Close()
	if err != nil || o.Status != model.OrderLocal {
		t.Fatalf("local order %+v %v", o, err)
	}
	if _, err := s.SendLocalOrder(ctx, "anna", o.ID); !errors.Is(err, ErrNotAtGoogle) {
		t.Fatalf("before the customer is at Google: %v", err)
	}
	c = pushed2(t, s, c.ID)
	got, err := s.SendLocalOrder(ctx, "anna", o.ID)
	if err != nil || got.Status != model.OrderPendingToS || got.Offer != "accounts/C0reseller/offers/OBT-ANNY" || got.SKU != "products/GoogleWorkspace/skus/1010020028" || got.Seats != 12 {
		t.Fatalf("sent: %+v %v", got, err)
	}
	if n := len(fake.Entitlements(c.GoogleName)); n != 1 {
		t.Fatalf("%d subscriptions at Google", n)
	}
	if _, err := s.SendLocalOrder(ctx, "anna", o.ID); err == nil {
		t.Fatal("an order sent twice this way")
	}
}

func pushed2(t *testing.T, s *Service, id int64) model.Customer {
	t.Helper()
	got, err := s.Push(context.Background(), "anna", id)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Buy lists the customer's own product family first: a customer created
// for Cloud Identity sees its SKUs before Google Workspace's, and the
// family is kept with the customer.
func TestCatalogPutsTheCustomersFamilyFirst(t *testing.T) {
	ctx := context.Background()
	s, _, _ := googleTest(t)
	f := pushable("Ident BV", "ident.nl")
	f[model.FieldProductFamily] = "cloud_identity"
	c := pushed(t, s, f)
	if c.ProductFamily != "cloud_identity" {
		t.Fatalf("stored family %q", c.ProductFamily)
	}
	offers, err := s.Catalog(ctx, c.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) == 0 || offers[0].Product != "products/CloudIdentity" {
		t.Fatalf("first offer %+v", offers)
	}
	seenOther := false
	for _, o := range offers {
		if o.Product != "products/CloudIdentity" {
			seenOther = true
		} else if seenOther {
			t.Fatalf("a Cloud Identity offer after another family's: %+v", offers)
		}
	}
	if !seenOther {
		t.Fatal("only Cloud Identity offered")
	}
}
