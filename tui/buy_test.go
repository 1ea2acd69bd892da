package tui

import (
	"context"
	"strings"
	"testing"

	"onboard/model"
	"onboard/store/channel/channeltest"
)

// Buy at Google, as a user: the catalogue for this customer with plans and
// prices, seats that start empty and are checked as typed against the
// offer, a footer that says what enter does, the order placed and waiting
// for the Terms of Service with what the customer must do; enter goes back
// to the detail, where r reads the state from Google again.
func TestBuyAtGoogle(t *testing.T) {
	d, svc, fake := googleApp(t)
	wizardToReview(d, "Acme BV", "acme.nl")
	d.keys("c")
	d.must("Customer created")
	d.keys("enter")
	d.must("At Google: created")
	d.keys("b")
	d.must("Buy · Acme BV")
	d.must("‹ Google Workspace Business Starter ›  1 of 9")
	d.must("flexible · US$ 8.40 per seat per month")
	if f := d.footer(); !strings.HasPrefix(f, "enter next field") {
		t.Fatalf("footer on the SKU: %q", f)
	}
	d.keys("enter", "right") // the plan: annual, paid monthly
	d.must("annual, paid monthly · US$ 7.00 per seat per month")
	d.keys("enter")
	d.typeText("301")
	d.must("Seats                301")
	d.must("must be a whole number from 1 to 300")
	d.keys("backspace", "backspace", "backspace")
	d.typeText("25")
	d.must("Seats                25")
	d.mustNot("must be a whole number")
	d.keys("enter")
	d.must("(•) renews after the year")
	d.keys("enter")
	d.typeText("PO-1")
	if f := d.footer(); !strings.HasPrefix(f, "enter place order") {
		t.Fatalf("footer on the last field: %q", f)
	}
	d.keys("enter")
	d.must("Order 1 placed at Google: Google Workspace Business Starter, 25 seats, plan annual, paid monthly.")
	d.must("State: waiting for the customer to accept Google's Terms of Service.")
	d.must("cannot send the Terms of Service email again")
	d.keys("enter", "pgdown")
	d.must("Orders (1)")
	d.must("PO PO-1")
	d.must("waiting for the customer to accept Google's Terms of Service")
	c, _ := svc.Get(context.Background(), 1)
	if n := len(fake.Entitlements(c.GoogleName)); n != 1 {
		t.Fatalf("%d subscriptions at Google", n)
	}
	fake.AcceptToS(c.GoogleName)
	d.keys("r", "pgdown")
	d.must("1 order, as Google has it now.")
	d.must("     active")
	os, _ := svc.Orders(context.Background(), 1)
	fake.Suspend(os[0].Entitlement, "RESELLER_INITIATED")
	d.keys("r", "pgdown")
	d.must("     suspended")
	d.must("Google's reason: suspended by the reseller")

	// The same SKU again: Google refuses it; the detail shows why and o
	// sends it again.
	d.keys("b", "right", "left") // past the last SKU and back: the first again
	d.keys("enter", "enter")
	d.typeText("2")
	d.keys("enter", "enter")
	d.must("Google refused order 2")
	d.must("The SKU was already purchased")
	d.keys("enter", "pgdown")
	d.must("(o sends it again)")
	d.keys("o")
	d.must("Send the order again: Google already has this: The SKU was already purchased.")
	// esc from Buy opened on the detail goes back to the detail.
	d.keys("b")
	d.must("Buy · Acme BV")
	d.keys("esc", "pgdown")
	d.must("2  Google Workspace Business Starter × 2  flexible")
}

// Without Google the Buy screen says the order is local; the seats start
// empty, so typing 25 gives 25.
func TestBuyLocal(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	if _, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Acme BV", model.FieldDomain: "acme.nl", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("enter", "b")
	d.must("Buy (local order) · Acme BV")
	d.must("is not sent to Google")
	d.keys("enter", "enter")
	d.typeText("25")
	d.must("Seat limit           25")
	d.keys("enter", "enter")
	d.must("Order 1 recorded here (local, not sent to Google): Google Workspace Business Starter, 25 seats,")
	d.keys("enter", "pgdown")
	d.must("Orders (1)")
	d.must("local")
}

// After an import is at Google, the transfer screen lists what the
// customer has elsewhere, with why not; the chosen one moves and is the
// customer's order; the token is forgotten.
func TestTransferAfterImport(t *testing.T) {
	ctx := context.Background()
	d, svc, fake := googleApp(t)
	fake.AddIdentity(channeltest.Identity{Domain: "moving.nl", Email: "admin@moving.nl", CloudIdentityID: "C0moving", Type: "DOMAIN", Token: "TOKEN1"})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010020028", Seats: 12})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010050001", Seats: 3, Reason: "SKU_SUSPENDED"})
	if _, err := svc.Create(ctx, "anna", model.ModeImport, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Moving BV", model.FieldDomain: "moving.nl", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
		model.FieldTransferToken: "TOKEN1", model.FieldPurchasePermission: "yes",
	}, model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	d.send(d.app.list.Reload()())
	d.keys("enter", "p")
	d.must("Transfer subscriptions · Moving BV")
	d.must("› [x] Google Workspace Business Standard  12 seats  ‹ flexible ›")
	d.must("[ ] Cloud Identity Premium")
	d.must("cannot move: The subscription is suspended.")
	d.mustNot("TOKEN1")
	d.keys("right", "right") // annual, paid yearly
	d.must("‹ annual, paid yearly ›")
	d.keys("down", "space")
	d.must("Google does not allow this one to move")
	d.keys("enter")
	d.must("Google Workspace Business Standard, 12 seats, plan annual, paid yearly: active")
	d.must("the transfer token is forgotten")
	d.keys("enter", "pgdown")
	d.must("transferred, active")
	if c, _ := svc.Get(ctx, 1); c.TransferToken != "" {
		t.Fatal("the token is kept after the transfer")
	}
	d.keys("m")
	d.must("Only an imported customer whose transfer token is still kept can move subscriptions here.")
}

// Buy right after Create with Google: the customer is pushed first, then
// Buy opens over its detail with Google's catalogue for it.
func TestBuyAfterCreatePushesFirst(t *testing.T) {
	d, _, fake := googleApp(t)
	wizardToReview(d, "Acme BV", "acme.nl")
	d.keys("c")
	d.must("Customer created")
	d.keys("b")
	d.must("Buy · Acme BV")
	d.must("‹ Google Workspace Business Starter ›  1 of 9")
	if len(fake.Customers()) != 1 {
		t.Fatalf("%d customers at Google", len(fake.Customers()))
	}
	d.keys("esc")
	d.must("created at Google")
}
