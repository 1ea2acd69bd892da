package tui

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
)

func createCustomer(t *testing.T, svc *store.Service, kind, org, domain, email, region string) model.Customer {
	t.Helper()
	fs := model.Fields{
		model.FieldKind: kind, model.FieldOrgName: org, model.FieldDomain: domain, model.FieldPrimaryEmail: email,
		model.FieldRegionCode: region, model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no",
		model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}
	res, err := svc.Create(context.Background(), "anna", model.ModeCreate, fs, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Customer
}

// A customer just added counts as confirmed; once the confirmation is
// older than the limit, c on the detail asks whether the details were
// checked with the customer, and only y records it, with an audit event.
func TestDetailConfirm(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "domain", "Acme BV", "acme.nl", "", "NL")
	d := drive(t, newApp(svc, "anna"), 100, 40)
	d.keys("enter")
	d.must("Last confirmed           today")
	d.mustNot("Not confirmed for more than")
	d.keys("esc")
	if err := setConfirmed(svc, 1, fixedNow.Add(-200*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	d.keys("enter")
	d.must("Not confirmed for more than 180 days")
	d.keys("c")
	d.must("Did you check organisation, domain and admin address with the customer today? y yes  n no")
	if f := d.footer(); !strings.Contains(f, "y yes, confirmed today") || !strings.Contains(f, "n no") || strings.Contains(f, "e edit") {
		t.Fatalf("the question's footer: %q", f)
	}
	d.keys("e") // not an answer: the question stays
	d.must("Answer first: y records the details as confirmed today, n does not.")
	d.keys("n")
	d.must("Not confirmed: nothing was recorded.")
	d.must("Not confirmed for more than 180 days")
	d.keys("c", "y")
	d.must("Details confirmed with the customer today.")
	d.must("Last confirmed           today")
	d.mustNot("Not confirmed for more than")
	evs, _ := svc.History(context.Background(), 1)
	if len(evs) != 2 || evs[1].Action != "confirm" || evs[1].Changes[0].Field != "confirmed_at" {
		t.Fatalf("history %+v", evs)
	}
}

// In Dutch, j answers "ja" to the detail's question as well as y.
func TestDetailConfirmInDutch(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "domain", "Acme BV", "acme.nl", "", "NL")
	d := drive(t, newDutchApp(svc, "anna"), 100, 40)
	d.keys("enter", "c")
	d.must("j ja  n nee")
	d.keys("j")
	d.must("Gegevens vandaag met de klant bevestigd.")
	evs, _ := svc.History(context.Background(), 1)
	if len(evs) != 2 || evs[1].Action != "confirm" {
		t.Fatalf("history %+v", evs)
	}
}

// S lists only the customers not confirmed for more than 180 days, the
// oldest confirmation first; one added today is not among them.
func TestListStaleFilterOrder(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	for _, c := range []struct {
		org, domain string
		age         time.Duration // since the last confirmation; 0 = added today
	}{
		{"Fresh BV", "fresh.nl", 10 * 24 * time.Hour},
		{"Old BV", "old.nl", 300 * 24 * time.Hour},
		{"Today BV", "today.nl", 0},
		{"Older BV", "older.nl", 500 * 24 * time.Hour},
	} {
		cu := createCustomer(t, svc, "domain", c.org, c.domain, "", "NL")
		if c.age > 0 {
			at := fixedNow.Add(-c.age)
			if err := setConfirmed(svc, cu.ID, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("S")
	d.must("Customers not confirmed for more than 180 days, oldest first. S shows all.")
	d.must("not confirmed for more than 180 days, oldest first")
	d.must("1–2 of 2 customers")
	d.mustNot("Fresh BV")
	d.mustNot("Today BV")
	order := []string{"Older BV", "Old BV"}
	screen := d.screen()
	last := -1
	for _, name := range order {
		i := strings.Index(screen, name+" ")
		if i < 0 || i < last {
			t.Fatalf("%s is not in order on\n%s", name, screen)
		}
		last = i
	}
	d.keys("S")
	d.must("Fresh BV")
	d.must("Today BV")
}

// v on a team customer asks for the verified domain; the rules for domain
// customers then apply, and the history records the change.
func TestDetailTeamToDomain(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "team", "Acme Sales", "acme.nl", "sales@acme.nl", "NL")
	d := drive(t, newApp(svc, "anna"), 100, 40)
	d.keys("enter")
	d.must("such as Google Vault, need a verified domain")
	d.keys("v")
	d.must("Verified domain")
	d.keys("ctrl+u") // the field offers the team's domain
	d.typeText("acme-verified.nl")
	d.keys("enter") // to the primary email: admin@ the new domain is suggested
	d.must("admin@acme-verified.nl")
	d.keys("ctrl+u")
	d.typeText("sales@acme.nl") // outside the domain: a domain customer's rule
	d.keys("enter")
	d.must("Primary email: must be an address in the customer's domain acme-verified.nl")
	d.keys("ctrl+u")
	d.typeText("it@acme-verified.nl")
	d.keys("enter")
	d.must("Now a domain customer")
	d.must("customer 1 · domain · local")
	c, _ := svc.Get(context.Background(), 1)
	if c.Kind != model.KindDomain || c.Domain != "acme-verified.nl" || c.PrimaryEmail != "it@acme-verified.nl" {
		t.Fatalf("stored %+v", c)
	}
	evs, _ := svc.History(context.Background(), 1)
	if ev := evs[len(evs)-1]; ev.Action != "domain verified" || ev.Changes[0].Field != "kind" || ev.Changes[0].Old != "team" {
		t.Fatalf("event %+v", ev)
	}
	d.keys("v")
	d.must("Only a team (email-verified) customer verifies a domain")
}

// t opens the setup tips: searchable pickers for language and time zone,
// and smart features, off in the EEA until turned on.
func TestSetupTips(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "domain", "Acme BV", "acme.nl", "", "NL")
	d := drive(t, newApp(svc, "anna"), 100, 40)
	d.keys("enter", "t")
	d.must("Setup tips")
	d.must("In NL, smart features and personalisation for Gmail, Chat and Meet stay off until the admin")
	d.typeText("dutch")
	d.must("▸ nl  Dutch — Nederlands")
	d.keys("enter")
	d.typeText("amsterd")
	d.must("▸ Europe/Amsterdam")
	d.keys("enter")
	d.must("‹ off ›")
	d.keys("right")
	d.must("‹ on ›")
	d.keys("enter")
	d.must("Setup saved.")
	d.must("Language                 nl")
	d.must("Time zone                Europe/Amsterdam")
	d.must("Smart features           on")
	c, _ := svc.Get(context.Background(), 1)
	if c.Language != "nl" || c.TimeZone != "Europe/Amsterdam" || c.SmartFeatures != "on" {
		t.Fatalf("stored %+v", c)
	}
}

// x cancels the last local order after asking.
func TestDetailCancelOrder(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "domain", "Acme BV", "acme.nl", "", "NL")
	if _, err := svc.PlaceOrder(ctx, "anna", 1, model.OrderForm{SKU: "workspace_business_starter", Seats: "5", Plan: string(model.PlanFlexible), PO: ""}); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newApp(svc, "anna"), 100, 60)
	d.keys("enter")
	d.must("Orders (1)")
	d.keys("x")
	d.must("Cancel order 1")
	d.keys("n")
	d.mustNot("Cancel order 1")
	d.keys("x", "y")
	d.must("Order 1 cancelled.")
	os, _ := svc.Orders(ctx, 1)
	if os[0].Status != model.OrderCancelled {
		t.Fatalf("order %+v", os[0])
	}
	d.keys("x")
	d.must("No local order to cancel.")
}

// setConfirmed stores a confirmation time directly, as if it were made then.
func setConfirmed(svc *store.Service, id int64, at time.Time) error {
	return svc.DB().Write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec("UPDATE customers SET confirmed_at = ? WHERE id = ?", at.UnixMicro(), id)
		return err
	})
}

// A customer with an internationalised domain is shown, and edited, with
// its domain and addresses in Unicode; saving the edit unchanged stores
// the same ASCII forms.
func TestIDNShownAndEditedInUnicode(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	c := createCustomer(t, svc, "team", "Één Team", "één.nl", "team@één.nl", "NL")
	if c.Domain != "xn--n-9faa.nl" || c.PrimaryEmail != "team@xn--n-9faa.nl" {
		t.Fatalf("stored %q, %q", c.Domain, c.PrimaryEmail)
	}
	d := drive(t, newApp(svc, "anna"), 100, 40)
	d.must("team@één.nl")
	d.keys("enter")
	d.must("Primary email            team@één.nl")
	d.mustNot("xn--")
	d.keys("e")
	d.must("Edit Één Team")
	w := d.editWizard(context.Background(), svc, c.ID)
	w.To(rules.StepCustomer)
	d.must("één.nl")
	d.mustNot("xn--")
	w.Submit()
	d.must("Saved Één Team")
	got, err := svc.Get(context.Background(), c.ID)
	if err != nil || got.Domain != c.Domain || got.PrimaryEmail != c.PrimaryEmail {
		t.Fatalf("after an unchanged edit: %q, %q (%v)", got.Domain, got.PrimaryEmail, err)
	}
}
