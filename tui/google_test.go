package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// googleApp is the app on a store that pushes to a fake Cloud Channel API.
func googleApp(t *testing.T) (*driver, *store.Service, *channeltest.Fake) {
	t.Helper()
	fake := channeltest.New("C0123abcd")
	t.Cleanup(fake.Close)
	g, err := channel.New(context.Background(), channel.Config{AccountID: "C0123abcd", Endpoint: fake.Endpoint()})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), store.Options{ResellerID: "C0123abcd",
		Now: clock, Google: g, PollWait: func(int) time.Duration { return time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	app := New(&common.Common{Ctx: context.Background(), Actor: "anna", Now: clock, Loc: time.UTC, Styles: styles.New(true), Tick: testTick, Files: true}, svc)
	return drive(t, app, 100, 40), svc, fake
}

// wizardToReview fills the create wizard for a domain customer with an
// address, and stops at the review.
func wizardToReview(d *driver, org, domain string) {
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Fill(model.FieldOrgName, org)
	w.Fill(model.FieldDomain, domain)
	w.Fill(model.FieldRegionCode, "NL")
	w.Fill(model.FieldPostalCode, "1012 AB")
	w.Fill(model.FieldAddressLine1, "Damrak 1")
	w.To(rules.StepReview)
	d.must("Review")
}

func (d *driver) has(text string) bool { return strings.Contains(d.screen(), text) }

// After Create, the new customer goes to Google at once: check, create,
// provision, and the detail shows the Cloud Identity ID.
func TestCreatePushesToGoogle(t *testing.T) {
	d, svc, fake := googleApp(t)
	wizardToReview(d, "Acme BV", "acme.nl")
	d.keys("c")
	d.must("Customer created")
	d.keys("enter")
	d.must("At Google: created, Cloud Identity ID C0fake")
	d.must("created at Google")
	c, _ := svc.Get(context.Background(), 1)
	if c.Status != model.StatusCreated || len(fake.Customers()) != 1 {
		t.Fatalf("stored %+v; %d at Google", c, len(fake.Customers()))
	}
	d.keys("p")
	d.must("Already created at Google")
}

// Google already has an account for the domain: nothing is stored, and i
// goes on in the Import wizard with what was typed.
func TestCreateFindsAccountAndSwitchesToImport(t *testing.T) {
	d, svc, fake := googleApp(t)
	fake.AddIdentity(channeltest.Identity{Domain: "taken.nl", Email: "admin@taken.nl", CloudIdentityID: "C0taken", Type: "DOMAIN", Token: "TOK"})
	wizardToReview(d, "Taken BV", "taken.nl")
	d.keys("c")
	d.must("Google already has a Cloud Identity account for taken.nl")
	d.must("i switch to Import with what you typed")
	if n, _ := svc.Count(context.Background()); n != 0 {
		t.Fatalf("%d customers stored", n)
	}
	d.keys("i")
	d.must("Import customer")
	d.must("Import: what you typed is carried over")
	if d.app.wiz() == nil || d.app.wiz().Fields()[model.FieldOrgName] != "Taken BV" || d.app.wiz().Fields()[model.FieldDomain] != "taken.nl" ||
		d.app.wiz().Fields()[model.FieldCloudIdentityID] != "C0taken" {
		t.Fatalf("the import wizard lost what was typed:\n%s", d.screen())
	}
}

// g compares with Google's record; a takes Google's values.
func TestRefreshFromGoogle(t *testing.T) {
	ctx := context.Background()
	d, svc, fake := googleApp(t)
	res, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Acme BV", model.FieldDomain: "acme.nl", model.FieldRegionCode: "NL",
		model.FieldPostalCode: "1012 AB", model.FieldAddressLine1: "Damrak 1", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Push(ctx, "anna", res.Customer.ID)
	if err != nil {
		t.Fatal(err)
	}
	fake.Change(c.GoogleName, func(m map[string]any) { m["orgDisplayName"] = "Acme Holding BV" })
	d.keys("S", "S") // the list shows what was added meanwhile
	d.keys("enter")
	d.must("customer 1 · domain · created")
	d.keys("g")
	d.must("Google's record differs")
	d.must("Acme Holding BV")
	d.keys("a")
	d.must("Took Google's values")
	d.must("Acme Holding BV  ")
	got, _ := svc.Get(ctx, 1)
	if got.OrgName != "Acme Holding BV" || got.ConfirmedAt == nil {
		t.Fatalf("stored %+v", got)
	}
	d.keys("g")
	d.must("This customer matches Google's record.")
}

// A push under way when the app stopped goes on at the next start.
func TestPushResumesAtStart(t *testing.T) {
	ctx := context.Background()
	fake := channeltest.New("C0123abcd")
	defer fake.Close()
	fake.DropCreateResponses = 1
	g, _ := channel.New(ctx, channel.Config{AccountID: "C0123abcd", Endpoint: fake.Endpoint()})
	svc, err := store.Open(ctx, filepath.Join(t.TempDir(), "r.db"), store.Options{ResellerID: "C0123abcd", Now: clock, Google: g,
		PollWait: func(int) time.Duration { return time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	res, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Lost BV", model.FieldDomain: "lost.nl", model.FieldRegionCode: "NL",
		model.FieldPostalCode: "1012 AB", model.FieldAddressLine1: "Damrak 1", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Push(ctx, "anna", res.Customer.ID); err == nil {
		t.Fatal("the lost answer went unnoticed")
	}
	app := New(&common.Common{Ctx: ctx, Actor: "anna", Now: clock, Loc: time.UTC, Styles: styles.New(true), Tick: testTick, Files: true}, svc)
	d := drive(t, app, 100, 30)
	d.must("Went on with 1 push to Google that was under way: 1 done.")
	if c, _ := svc.Get(ctx, 1); c.Status != model.StatusCreated || len(fake.Customers()) != 1 {
		t.Fatalf("after resume: %+v, %d at Google", c, len(fake.Customers()))
	}
}

// A refused push shows Google's words on the screen and leaves the
// customer failed with the message.
func TestPushFailureOnScreen(t *testing.T) {
	ctx := context.Background()
	d, svc, fake := googleApp(t)
	fake.AddIdentity(channeltest.Identity{Domain: "old.nl", Email: "admin@old.nl", CloudIdentityID: "C0old", Type: "DOMAIN", Token: "OLD", TokenExpired: true})
	_, err := svc.Create(ctx, "anna", model.ModeImport, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Old BV", model.FieldDomain: "old.nl", model.FieldTransferToken: "OLD",
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no",
		model.FieldPurchasePermission: "yes", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.keys("S", "S", "enter", "p")
	d.must("the transfer token is not valid or has expired")
	d.must("customer 1 · domain · failed")
	d.must("the last push failed")
}

// The account is already this reseller's customer, stored here: the
// domain step says so, and enter does not go on.
func TestCreateFindsOwnCustomerOnTheDomainStep(t *testing.T) {
	ctx := context.Background()
	d, svc, fake := googleApp(t)
	fake.AddIdentity(channeltest.Identity{Domain: "ours.nl", Email: "admin@ours.nl", CloudIdentityID: "C0ours", Type: "DOMAIN", Owner: "C0123abcd"})
	if _, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Ours BV", model.FieldDomain: "ours.nl", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// The customer is stored here already: the domain step says so while
	// the domain is typed, before Google is asked anything.
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Fill(model.FieldOrgName, "Ours Again")
	w.Fill(model.FieldDomain, "ours.nl")
	w.Expect(rules.StepCustomer)
	d.must("✗ a domain customer with domain ours.nl already exists (customer 1)")
	d.keys("enter", "enter", "enter")
	d.must("Step 3 of 5 · Organisation")
	d.must("Next: Domain: a domain customer with domain ours.nl already exists (customer 1)")
	if n, _ := svc.Count(ctx); n != 1 {
		t.Fatalf("%d customers stored", n)
	}
}

// An edit whose push finds Google's record changed meanwhile shows both
// versions before anything is written; p sends this version.
func TestPushConflictOnScreen(t *testing.T) {
	ctx := context.Background()
	d, svc, fake := googleApp(t)
	res, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Acme BV", model.FieldDomain: "acme.nl", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
		model.FieldRegionCode: "NL", model.FieldPostalCode: "1012 AB", model.FieldAddressLine1: "Damrak 1",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Push(ctx, "anna", res.Customer.ID)
	if err != nil {
		t.Fatal(err)
	}
	fake.Change(c.GoogleName, func(m map[string]any) { m["orgDisplayName"] = "Acme Group" })
	fs := c.Form()
	fs[model.FieldCRMID] = "CRM-1"
	if _, err := svc.Update(ctx, "anna", c.ID, c.Version, fs); err != nil {
		t.Fatal(err)
	}
	d.keys("S", "S", "enter", "p")
	d.must("Google's record changed since onboard last saw it; nothing was sent")
	d.must("Acme Group")
	for _, r := range fake.Requests() {
		if r.Method == "PATCH" {
			t.Fatal("sent before the user decided")
		}
	}
	d.keys("p")
	d.must("Sent this version to Google over its newer record.")
	if got := fake.Customers()[0]["correlationId"]; got != "CRM-1" {
		t.Fatalf("at Google: %v", got)
	}
}
