package tui

import (
	"context"
	"strings"
	"testing"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/model/rules"
)

// An answer goes on: y, n, n answer the prerequisites, 1 the product
// family, and they land on the organisation details; an option's number
// chooses it and goes to the next field.
func TestAnswersGoOn(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	d.keys("y")
	d.must("› The customer uses Google Workspace for Nonprofits")
	d.keys("n", "n")
	d.must("› Primary product family")
	d.keys("1") // a choice's number answers it; the last field's answer goes on
	w = d.shownWizard()
	w.Expect(rules.StepOrganisation)
	if fs := d.app.wiz().Fields(); fs[model.FieldRegisteredDomain] != model.Yes || fs[model.FieldLegacyFree] != model.No ||
		fs[model.FieldProductFamily] != "google_workspace" {
		t.Fatalf("the answers: %v", fs)
	}
	d.keys("3")
	d.must("There are 2 options: 1 to 2.")
	d.must("› Customer type")
	d.keys("1")
	d.must("› Educational institution")
	d.must("(•) Domain customer")
	d.keys("n")
	d.shownWizard().Expect(rules.StepCustomer)
	// A wrong answer goes to the next field but not on past the step.
	d.keys("shift+tab", "shift+tab", "shift+tab", "shift+tab")
	d.must("Step 1 of 5 · Prerequisites")
	d.keys("y")
	d.must("Step 1 of 5 · Prerequisites")
	d.must("✗")
}

// In Dutch j answers ja, and the footer says j/n.
func TestDutchJAnswersJa(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newDutchApp(svc, "anna"), 100, 30)
	d.keys("n")
	if f := d.footer(); !strings.Contains(f, "j/n antwoord en ga verder") {
		t.Fatalf("the Dutch footer on a question: %q", f)
	}
	w := d.wizard(model.ModeCreate)
	w.Eligible() // j, n, n
	w.Expect(rules.StepOrganisation)
	if v := d.app.wiz().Fields()[model.FieldRegisteredDomain]; v != model.Yes {
		t.Fatalf("j answered %q", v)
	}
}

// The product family, with one option, is chosen by itself: no step to
// walk through, shown on the review and stored.
func TestSingleOptionIsNoStep(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	for _, s := range []string{"Step 1 of 5", "○5"} {
		d.must(s)
	}
	fillDomainCustomer(w, "Eén Optie BV", "een-optie.nl")
	w.To(rules.StepReview)
	d.must("Primary product family   Google Workspace")
	w.Submit()
	d.must("Customer created")
	cs, err := svc.List(context.Background(), model.ListQuery{Limit: 5})
	if err != nil || len(cs) != 1 || cs[0].Form()[model.FieldProductFamily] != "google_workspace" {
		t.Fatalf("stored %+v %v", cs, err)
	}
}

// The finish key ends a step whose fields left are optional (the primary
// email keeps its default, the CRM ID stays empty); where a required field
// is empty it says which, and stays.
func TestFinishKeyEndsTheStep(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Fill(model.FieldOrgName, "Snel BV")
	d.keys(walk.Finish)
	d.must("Next: Domain: is required")
	d.must("Step 3 of 5 · Organisation")
	w.Fill(model.FieldDomain, "snel.nl")
	if f := d.footer(); !strings.Contains(f, "ctrl+d finish the step") {
		t.Fatalf("the footer does not name the finish key: %q", f)
	}
	w.Finish()
	w.Expect(rules.StepContact)
	fs := d.app.wiz().Fields()
	if fs[model.FieldPrimaryEmail] != "admin@snel.nl" || fs[model.FieldCRMID] != "" {
		t.Fatalf("after finishing: %v", fs)
	}
	// alt+enter does the same, from the first field of the contact step.
	d.keys("alt+enter")
	d.shownWizard().Expect(rules.StepReview)
}

// Enter, however often, never stores the customer: the review says which
// key does and what it will do; c stores it.
func TestOnlyTheReviewKeyCreates(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	fillDomainCustomer(w, "Bewust BV", "bewust.nl")
	w.To(rules.StepContact)
	for range 20 {
		d.keys("enter")
	}
	d.must("Step 5 of 5 · Review")
	d.must("Check the details, then press c to create the customer.")
	d.must("It is stored in onboard only: Google is not set up here.")
	d.must("Enter does not store the customer: press c to create the customer.")
	if f := d.footer(); !strings.Contains(f, "c create the customer") {
		t.Fatalf("the review's footer: %q", f)
	}
	if n, _ := svc.Count(context.Background()); n != 0 {
		t.Fatalf("enter stored %d customers", n)
	}
	d.keys(walk.Create)
	d.must("Customer created: Bewust BV (bewust.nl)")
	if n, _ := svc.Count(context.Background()); n != 1 {
		t.Fatalf("c stored %d customers", n)
	}
}

// With Google set up, the review says the customer is created there at
// once when it has what Google needs, and stored here until then when not.
func TestReviewSaysWhatHappensAtGoogle(t *testing.T) {
	d, _, _ := googleApp(t)
	wizardToReview(d, "Acme BV", "acme.nl")
	d.must("It is stored in onboard and created at Google right away.")
	w := d.shownWizard()
	w.Fill(model.FieldAddressLine1, "")
	w.To(rules.StepReview)
	d.must("It is stored in onboard only, until it has what Google needs (below).")
	d.must("To push it to Google later, add: Address line 1.")
}

// Esc leaves the wizard from any step with the draft on that step, and
// the draft reopens there.
func TestEscKeepsTheStep(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	fillDomainCustomer(w, "Later BV", "later.nl")
	w.Fill(model.FieldAdminFirstName, "Els")
	w.Leave()
	d.must("Left the wizard. Your draft is kept and offered next time.")
	ds, err := svc.Drafts(ctx, "anna")
	if err != nil || len(ds) != 1 || ds[0].Step != string(rules.StepContact) {
		t.Fatalf("the draft: %+v %v", ds, err)
	}
	e := drive(t, newApp(svc, "anna"), 100, 30)
	e.must("Resume the draft for Later BV")
	e.keys("y")
	r := e.wizardFor(walk.Resume(ds[0]))
	r.Expect(rules.StepContact)
	e.must("Els")
}

// q is a letter in a text field and never quits a wizard: on a question or
// a choice it says how to leave, and the app stays.
func TestQNeverQuitsTheWizard(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	d.keys("q")
	d.must("q does not quit the wizard: esc leaves it (the draft is kept), ctrl+c quits.")
	if f := d.footer(); strings.Contains(f, "q quit") {
		t.Fatalf("the wizard's footer offers q: %q", f)
	}
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	d.keys("q")
	w.Expect(rules.StepOrganisation)
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Fill(model.FieldOrgName, "Quiq q")
	if v := d.app.wiz().Fields()[model.FieldOrgName]; v != "Quiq q" || d.quit {
		t.Fatalf("q in a text field: %q, quit %v", v, d.quit)
	}
	d.keys("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c did not quit")
	}
}

// ? and f1 open the help on a question; in a text field ? is typed, and the
// footer names f1, which opens it.
func TestHelpKeysInTheWizard(t *testing.T) {
	d := drive(t, newApp(openStore(t, "C0123abcd"), "anna"), 100, 30)
	d.keys("n", "?")
	d.must("Keys")
	d.must("finish the step")
	d.keys("esc", "f1")
	d.must("Keys")
	d.keys("esc")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Focus(model.FieldOrgName)
	if f := d.footer(); !strings.Contains(f, "f1 help") || strings.Contains(f, "? help") {
		t.Fatalf("a text field's footer: %q", f)
	}
	d.keys("?")
	d.mustNot("Keys")
	d.keys("f1")
	d.must("Keys")
}

// The country is found by typing part of its name in the session's
// language; ↑/↓ mark another match, enter takes it and goes on to the
// phone, which is read in that country.
func TestCountryPicker(t *testing.T) {
	for _, c := range []struct {
		name, search, shown, second string
		app                         func(Store, string) *App
	}{
		{"en", "neth", "› Netherlands (NL)", "Caribbean Netherlands (BQ)", newApp},
		{"nl", "ned", "› Nederland (NL)", "Caribisch Nederland (BQ)", newDutchApp},
	} {
		t.Run(c.name, func(t *testing.T) {
			svc := openStore(t, "C0123abcd")
			d := drive(t, c.app(svc, "anna"), 100, 30)
			d.keys("n")
			w := d.wizard(model.ModeCreate)
			fillDomainCustomer(w, "Land BV", "land.nl")
			w.Focus(model.FieldRegionCode)
			d.typeText(c.search)
			d.must(c.shown)
			d.must(c.second)
			d.keys("down")
			d.must("› " + c.second)
			d.keys("up", "enter")
			if v := d.app.wiz().Fields()[model.FieldRegionCode]; v != "NL" {
				t.Fatalf("the country taken: %q", v)
			}
			d.must(strings.TrimPrefix(c.shown, "› "))
			d.typeText("020 123 4567")
			d.keys("tab")
			d.mustNot("✗")
			d.keys("shift+tab", "shift+tab")
			d.typeText("zzz")
			d.keys("enter")
			if v := d.app.wiz().Fields()[model.FieldRegionCode]; v != "NL" {
				t.Fatalf("a search without a match changed the country to %q", v)
			}
		})
	}
}

// Once a customer with an address is stored, a new address starts in its
// country.
func TestCountryDefaultsToTheLastCustomers(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "domain", "Eerste BV", "eerste.be", "", "BE")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	fillDomainCustomer(w, "Tweede BV", "tweede.be")
	w.To(rules.StepContact)
	d.must("Belgium (BE)")
	if v := d.app.wiz().Fields()[model.FieldRegionCode]; v != "BE" {
		t.Fatalf("the country starts as %q", v)
	}
}

// A domain or a team's address someone else has is reported on the step
// where it is typed, and Next stops there.
func TestDuplicatesOnTheirStep(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "domain", "Bezet BV", "bezet.nl", "", "NL")
	createCustomer(t, svc, "team", "Team Bezet", "team.nl", "sales@team.nl", "NL")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Fill(model.FieldOrgName, "Ook Bezet")
	w.Fill(model.FieldDomain, "bezet.nl")
	d.must("✗ a domain customer with domain bezet.nl already exists (customer")
	// The walk knows only the rules' problems; the store's stops enter too.
	d.keys("enter", "enter", "enter")
	d.must("Step 3 of 5 · Organisation")
	d.must("Next: Domain: a domain customer with domain bezet.nl already exists")
	d.keys("shift+tab", "shift+tab") // back on the domain, where the walk is
	w.Append(model.FieldDomain, "x")
	d.mustNot("✗ a domain customer")
	w.Back()
	w.Choose(model.FieldKind, string(model.KindTeam))
	w.Fill(model.FieldDomain, "team.nl")
	w.Fill(model.FieldPrimaryEmail, "sales@team.nl")
	d.must("✗ a team customer with primary email sales@team.nl already exists")
}

// The checklist starts as met and the customer type as a domain customer
// (the console's first option), so one key confirms each of those steps;
// an answer that the checklist does not hold still blocks with its reason,
// and educational institution yes brings its required fields.
func TestChecklistStartsMet(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	d.mustNot("Next is not possible yet")
	d.keys(walk.Finish)
	w = d.shownWizard()
	w.Expect(rules.StepOrganisation)
	fs := d.app.wiz().Fields()
	if fs[model.FieldRegisteredDomain] != model.Yes || fs[model.FieldNonprofits] != model.No || fs[model.FieldLegacyFree] != model.No {
		t.Fatalf("the checklist confirmed as %v", fs)
	}
	d.must("(•) 1 Domain customer")
	d.keys(walk.Finish)
	w = d.shownWizard()
	w.Expect(rules.StepCustomer)
	if fs := d.app.wiz().Fields(); fs[model.FieldKind] != string(model.KindDomain) || fs[model.FieldEducation] != model.No {
		t.Fatalf("the organisation details confirmed as %v", fs)
	}
	// Educational institution yes asks for the institute's type and size.
	w.Back()
	w.Choose(model.FieldEducation, model.Yes)
	d.must("Institute type")
	w.NextRefused()
	d.must("Step 2 of 5 · Organisation details")
	// The nonprofits edition blocks, with its reason.
	w.Back()
	w.Choose(model.FieldNonprofits, model.Yes)
	w.NextRefused()
	d.must("customers on Google Workspace for Nonprofits cannot be added")
	d.must("Step 1 of 5 · Prerequisites")
}
