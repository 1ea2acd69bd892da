package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"onboard/model"
	"onboard/store/channel/channeltest"
	"onboard/tui/bulk"
	"onboard/tui/common"
	"onboard/tui/customers"
	"onboard/tui/detail"
	"onboard/tui/order"
	"onboard/tui/tips"
	"onboard/tui/wizard"
)

// Every screen keeps the one contract the root talks through.
var _ = []common.Screen{(*customers.Model)(nil), (*detail.Model)(nil), (*wizard.Model)(nil),
	(*order.Model)(nil), (*tips.Model)(nil), (*bulk.Model)(nil)}

// The wizard saves its draft before a quit through the optional interface.
var _ common.Saver = (*wizard.Model)(nil)

// footer is the keys that act now, as the last line shows them once the
// status line's notice times out.
func (d *driver) footer() string {
	d.send(statusClearMsg{seq: d.app.statusSeq})
	lines := strings.Split(d.screen(), "\n")
	return lines[len(lines)-1]
}

// A key that cannot act now says why on the status line.
func TestKeysThatCannotActSayWhy(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	if f := d.footer(); strings.Contains(f, "enter open") || !strings.Contains(f, "q quit") {
		t.Fatalf("the empty list's footer offers %q", f)
	}
	d.keys("enter")
	d.must("No customer to open: the list is empty.")
	d.keys("esc")
	d.must("No filter to clear.")
	d.keys("down")
	d.must("The list is empty.")

	d.keys("?")
	d.must("Keys")
	if f := d.footer(); f != "esc close the help" {
		t.Fatalf("the help's footer is %q\n%s", f, d.screen())
	}
	d.keys("n")
	d.must("The help is open: ? or esc closes it.")
	d.keys("esc")
	d.mustNot("Keys\n")
}

// The detail screen offers what acts for this customer and says why the
// rest does not.
func TestDetailKeysFollowTheCustomer(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	if _, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Acme BV", model.FieldDomain: "acme.nl", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("enter")
	d.must("customer 1 · domain")
	d.keys("v")
	d.must("Only a team (email-verified) customer verifies a domain")
	d.keys("x")
	d.must("No local order to cancel.")
	d.keys("p")
	d.must("Google is not configured")
	d.keys("?")
	for _, off := range []string{"v domain verified", "x cancel", "p push", "g refresh"} {
		d.mustNot(off)
	}
	d.must("edit")
	d.keys("esc")

	// Behind the question whether to cancel an order, only y and n act.
	if _, err := svc.PlaceOrder(ctx, "anna", 1, model.OrderForm{SKU: "workspace_business_standard", Seats: "2", Plan: string(model.PlanFlexible), PO: ""}); err != nil {
		t.Fatal(err)
	}
	d.keys("esc", "enter", "x")
	d.must("Cancel order")
	if f := d.footer(); f != "y cancel the order • n keep the order • ? help" {
		t.Fatalf("the question's footer is %q", f)
	}
	d.keys("e")
	d.must("Answer first: y cancels the order, n keeps it.")
	d.keys("n")
	d.mustNot("Cancel order")
}

// The draft question takes y, d or esc; any other key says so.
func TestResumeQuestionKeys(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	if _, err := svc.SaveDraft(context.Background(), model.Draft{Owner: "anna", Mode: model.ModeCreate, Step: "customer",
		Values: model.Fields{model.FieldOrgName: "Café Zoë"}}); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.must("Resume the draft for Café Zoë")
	if f := d.footer(); f != "y resume • d discard • esc later" {
		t.Fatalf("the question's footer is %q", f)
	}
	d.keys("q")
	d.must("Answer about the draft first")
	if d.quit {
		t.Fatal("q quit behind the draft question")
	}
	d.keys("esc")
	d.must("The draft is kept")
}

// The wizard's footer follows the focused field: the answer keys on a
// question, f1 for help on a text field (where ? is typed).
func TestWizardFooterFollowsTheField(t *testing.T) {
	d := drive(t, newApp(openStore(t, "C0123abcd"), "anna"), 100, 30)
	d.keys("n")
	if f := d.footer(); !strings.Contains(f, "y/n answer and go on") || !strings.Contains(f, "? help") {
		t.Fatalf("on a yes/no question the footer is %q", f)
	}
	d.keys("y", "n", "n")
	if f := d.footer(); !strings.Contains(f, "1–2 choose and go on") {
		t.Fatalf("on a choice the footer is %q", f)
	}
	d.keys("1", "1", "n") // the product family, the customer type, not education
	d.must("Organisation name")
	if f := d.footer(); strings.Contains(f, "choose") || !strings.Contains(f, "f1 help") {
		t.Fatalf("on a text field the footer is %q", f)
	}
	d.typeText("?q")
	if v := d.app.wiz().Fields()[model.FieldOrgName]; v != "?q" {
		t.Fatalf("? and q were not typed: %q", v)
	}
	d.keys("f1")
	d.must("Keys")
}

// o opens the account only when it is the reseller's; otherwise it says
// that i goes on as an import.
func TestExistsKeysSayWhy(t *testing.T) {
	d, _, fake := googleApp(t)
	fake.AddIdentity(channeltest.Identity{Domain: "taken.nl", Email: "admin@taken.nl", CloudIdentityID: "C0taken", Type: "DOMAIN", Token: "TOK"})
	wizardToReview(d, "Taken BV", "taken.nl")
	d.keys("c")
	d.must("Google already has a Cloud Identity account for taken.nl")
	d.keys("o")
	d.must("Google says the account is not your customer yet: i goes on in the Import wizard.")
	d.keys("esc")
	d.mustNot("Google already has a Cloud Identity account")
}

// Once placed, the order form only closes.
func TestPlacedOrderOnlyCloses(t *testing.T) {
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
	if f := d.footer(); !strings.HasPrefix(f, "enter next") {
		t.Fatalf("on the product the footer is %q", f)
	}
	d.keys("enter", "enter", "3", "enter")
	if f := d.footer(); !strings.HasPrefix(f, "enter place order") {
		t.Fatalf("on the last field the footer is %q", f)
	}
	d.keys("enter")
	d.must("Terms of Service")
	d.keys("tab")
	d.must("The order is placed: enter closes.")
	d.keys("enter")
	d.must("Acme BV")
	d.mustNot("Terms of Service")
}

// The detail scrolls through a body taller than the screen and stops at
// its end; a short body offers no scrolling.
func TestDetailScrolls(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	if _, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Acme BV", model.FieldDomain: "acme.nl", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 12; i++ {
		if _, err := svc.PlaceOrder(ctx, "anna", 1, model.OrderForm{SKU: "workspace_business_standard", Seats: fmt.Sprint(i), Plan: string(model.PlanFlexible), PO: fmt.Sprintf("PO-%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("enter")
	d.must("Organisation details")
	d.mustNot("Status: local (not pushed to Google)")
	d.keys("pgdown")
	d.mustNot("Organisation details")
	for i := 0; i < 10; i++ {
		d.keys("pgdown")
	}
	d.must("Status: local (not pushed to Google)")
	d.must("↑/k scroll up") // at the end the line under the body names the way back
	d.mustNot("↓/j scroll down")
	end := d.screen()
	d.keys("down")
	if d.screen() != end {
		t.Fatalf("the body scrolled past its end:\n%s", d.screen())
	}
	d.keys("up")
	if d.screen() == end {
		t.Fatal("up did not scroll back")
	}
	for i := 0; i < 10; i++ {
		d.keys("pgup")
	}
	d.must("Organisation details")

	// Tall enough for everything: the scroll keys are off, and say why.
	d.send(teaSize(100, 200))
	d.keys("pgdown")
	d.must("Everything is shown: nothing to scroll.")
}
