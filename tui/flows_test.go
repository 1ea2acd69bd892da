package tui

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// probe wraps the app in a real program (teatest) and keeps the last screen
// it drew, so a test can wait for what the user would see.
type probe struct {
	app  *App
	mu   *sync.Mutex
	last *string
}

func (p probe) Init() tea.Cmd { return p.app.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.app.Update(msg)
	s := ansi.Strip(p.app.Render())
	p.mu.Lock()
	*p.last = s
	p.mu.Unlock()
	return p, cmd
}

func (p probe) View() tea.View { return p.app.View() }

type flow struct {
	t   *testing.T
	tm  *teatest.TestModel
	p   probe
	svc Store
}

// start runs the app in a teatest program at 100×30 on svc.
func start(t *testing.T, svc Store, actor string) *flow {
	app := New(&common.Common{Ctx: context.Background(), Actor: actor, Now: clock, Loc: time.UTC, Styles: styles.New(true)}, svc)
	p := probe{app: app, mu: &sync.Mutex{}, last: new(string)}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(100, 30))
	return &flow{t: t, tm: tm, p: p, svc: svc}
}

func (f *flow) screen() string {
	f.p.mu.Lock()
	defer f.p.mu.Unlock()
	return *f.p.last
}

// Wait waits until ok holds for the screen, for at most walk.Guard, and
// returns the screen; with Press and Type it makes the flow a
// walk.Terminal.
func (f *flow) Wait(ok func(screen string) bool) (string, bool) {
	deadline := time.After(walk.Guard)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if s := f.screen(); ok(s) {
			return s, true
		}
		select {
		case <-tick.C:
		case <-deadline:
			s := f.screen()
			return s, ok(s)
		}
	}
}

// Press sends named keys (see keyMsg).
func (f *flow) Press(keys ...string) { f.keys(keys...) }

// Type types text one character at a time.
func (f *flow) Type(text string) { f.typeText(text) }

// waitFor waits until the screen contains every text.
func (f *flow) waitFor(texts ...string) {
	f.t.Helper()
	s, ok := f.Wait(func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
	if !ok {
		f.t.Fatalf("waited %s for %q; the screen is:\n%s", walk.Guard, texts, s)
	}
}

func (f *flow) keys(names ...string) {
	for _, n := range names {
		f.tm.Send(keyMsg(n))
	}
}

func (f *flow) typeText(s string) { f.tm.Type(s) }

// quit presses ctrl+c and waits for the program to end.
func (f *flow) quit() {
	f.keys("ctrl+c")
	f.tm.WaitFinished(f.t, teatest.WithFinalTimeout(walk.Guard))
}

// wizard returns a walker of the wizard the app shows (or is about to).
func (f *flow) wizard(o walk.Options) *walk.Walker {
	f.t.Helper()
	o.Env = f.svc.Env()
	return walk.New(f.t, f, o)
}

// toCustomerStep walks the wizard just opened in mode through the
// prerequisites and the organisation details (a customer of kind) to the
// organisation name.
func (f *flow) toCustomerStep(mode model.Mode, kind model.Kind) *walk.Walker {
	f.t.Helper()
	w := f.wizard(walk.Options{Mode: mode})
	w.Eligible()
	w.Choose(model.FieldKind, string(kind))
	w.Focus(model.FieldOrgName)
	f.waitFor("Organisation name")
	return w
}

func TestFlowCreateDomainCustomer(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	f := start(t, svc, "jan")
	f.waitFor("No customers yet")
	f.keys("n")
	w := f.toCustomerStep(model.ModeCreate, model.KindDomain)
	w.Fill(model.FieldOrgName, "Bakkerij De Vries")
	w.Fill(model.FieldDomain, "DeVries.nl")
	f.waitFor("admin@devries.nl")
	w.Fill(model.FieldCRMID, "CRM-9")
	w.To(rules.StepContact)
	f.waitFor("Contact information")
	w.Fill(model.FieldAlternateEmail, "owner@gmail.com")
	w.Fill(model.FieldPhone, "+31 20 123 4567")
	w.To(rules.StepReview)
	f.waitFor("Review", "+31201234567", "owner@gmail.com", "CRM-9")
	w.Submit()
	f.waitFor("Customer created: Bakkerij De Vries (devries.nl)")
	f.keys("enter")
	// The new customer's detail, with the setup tips one key away.
	f.waitFor("customer 1 · domain · local", "t setup tips")
	f.keys("esc")
	f.waitFor("> Bakkerij De Vries", "1–1 of 1 customer")
	final := f.screen()
	f.quit()
	var lines []string
	for _, l := range strings.Split(final, "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	golden.RequireEqual(t, strings.Join(lines, "\n"))
	cs, err := svc.List(context.Background(), model.ListQuery{})
	if err != nil || len(cs) != 1 || cs[0].CRMID != "CRM-9" || cs[0].AlternateEmail != "owner@gmail.com" || cs[0].CreatedBy != "jan" {
		t.Fatalf("stored %+v %v", cs, err)
	}
	if ds, _ := svc.Drafts(context.Background(), "jan"); len(ds) != 0 {
		t.Fatalf("the draft outlived the create: %+v", ds)
	}
}

func TestFlowTeamPrimaryEmailAppears(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	f := start(t, svc, "jan")
	f.keys("n")
	w := f.toCustomerStep(model.ModeCreate, model.KindDomain) // domain customer first
	if !strings.Contains(f.screen(), "Primary email") || strings.Contains(f.screen(), "Primary email *") {
		t.Fatalf("a domain customer's primary email is not an optional field on the organisation step:\n%s", f.screen())
	}
	w.Back()
	f.waitFor("Customer type")
	w.Choose(model.FieldKind, string(model.KindTeam)) // now Team customer
	f.waitFor("(•) Team customer")
	w.Focus(model.FieldOrgName)
	f.waitFor("Organisation name", "Primary email *")
	w.Fill(model.FieldOrgName, "Acme Sales")
	w.Fill(model.FieldDomain, "acme.nl")
	w.NextRefused()
	f.waitFor("Primary email: is required")
	f.quit()
}

func TestFlowAlternateEmailInDomainBlocksNext(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	f := start(t, svc, "jan")
	f.keys("n")
	w := f.toCustomerStep(model.ModeCreate, model.KindDomain)
	w.Fill(model.FieldOrgName, "Acme")
	w.Fill(model.FieldDomain, "acme.nl")
	w.To(rules.StepContact)
	f.waitFor("Contact information")
	w.Fill(model.FieldAlternateEmail, "boss@mail.acme.nl")
	w.Focus(model.FieldPhone) // leaving the field shows its problem
	f.waitFor("✗ must not be in the customer's domain acme.nl", "Next is not possible yet")
	w.NextRefused()
	f.waitFor("Next: Alternate email: must not be in the customer's domain acme.nl")
	if strings.Contains(f.screen(), "Review") {
		t.Fatal("Next went on despite the problem")
	}
	f.quit()
}

func TestFlowBackAndForthKeepsText(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	f := start(t, svc, "jan")
	f.keys("n")
	w := f.toCustomerStep(model.ModeCreate, model.KindDomain)
	w.Fill(model.FieldOrgName, "Zoë & Co")
	w.Fill(model.FieldDomain, "zoe.nl")
	w.Fill(model.FieldCRMID, "CRM-77")
	w.To(rules.StepContact)
	f.waitFor("Contact information")
	w.Back()
	f.waitFor("Organisation name", "Zoë & Co", "zoe.nl", "CRM-77")
	w.Back()
	f.waitFor("Customer type", "(•) Domain customer")
	w.To(rules.StepPrerequisites)
	f.waitFor("Prerequisites")
	w.To(rules.StepCustomer)
	f.waitFor("Zoë & Co", "zoe.nl", "CRM-77")
	f.quit()
}

func TestFlowQuitAndResumeDraft(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	f := start(t, svc, "jan")
	f.keys("n")
	w := f.toCustomerStep(model.ModeCreate, model.KindDomain)
	w.Fill(model.FieldOrgName, "Bakkerij Zon")
	w.Fill(model.FieldDomain, "zon.nl")
	f.waitFor("zon.nl")
	f.quit()
	ds, err := svc.Drafts(context.Background(), "jan")
	if err != nil || len(ds) != 1 || ds[0].Values.Get(model.FieldDomain) != "zon.nl" {
		t.Fatalf("draft after quit: %+v %v", ds, err)
	}
	// Someone else does not get it.
	g := start(t, svc, "piet")
	g.waitFor("No customers yet")
	g.quit()
	// Start again: the app offers the draft and restores it, on its step.
	h := start(t, svc, "jan")
	h.waitFor("Resume the draft for Bakkerij Zon started")
	h.keys("y")
	w = h.wizard(walk.Resume(ds[0]))
	w.Expect(rules.StepCustomer)
	h.waitFor("Bakkerij Zon", "zon.nl")
	w.To(rules.StepContact)
	h.waitFor("Contact information")
	h.quit()
}

// With several drafts the newest is offered, the prompt says how many
// more are kept, and discarding one offers the next at once.
func TestFlowSeveralDraftsOfferedInTurn(t *testing.T) {
	// The store's clock moves a minute on every reading, so the drafts have
	// distinct save times, all before the app's now.
	var ticks atomic.Int64
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "onboard.db"), store.Options{ResellerID: "C0123abcd",
		Now: func() time.Time { return fixedNow.Add(-time.Hour).Add(time.Duration(ticks.Add(1)) * time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	for _, org := range []string{"Oldest BV", "Middle BV", "Newest BV"} {
		if _, err := svc.SaveDraft(context.Background(), model.Draft{Owner: "jan", Mode: model.ModeCreate, Step: "customer",
			Values: model.Fields{model.FieldOrgName: org}}); err != nil {
			t.Fatal(err)
		}
	}
	f := start(t, svc, "jan")
	f.waitFor("Resume the draft for Newest BV", "2 more drafts are kept; they come next, newest first.")
	// d asks first: n keeps the draft, enter answers nothing, y discards.
	f.keys("d")
	f.waitFor("Discard this draft for good? What was typed in it is lost.", "y discard   n keep it")
	f.keys("n")
	f.waitFor("Resume the draft for Newest BV", "y resume   d discard   esc later")
	f.keys("d", "enter")
	f.waitFor("Answer first: y discards the draft for good, n keeps it.")
	f.keys("y")
	f.waitFor("Resume the draft for Middle BV", "1 more draft is kept; it comes next.")
	f.keys("d", "y")
	f.waitFor("Resume the draft for Oldest BV")
	if strings.Contains(f.screen(), "more draft") {
		t.Fatalf("the last draft still says more are kept:\n%s", f.screen())
	}
	f.keys("esc")
	f.waitFor("The draft is kept")
	f.quit()
	ds, err := svc.Drafts(context.Background(), "jan")
	if err != nil || len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Oldest BV" {
		t.Fatalf("drafts left: %+v %v", ds, err)
	}
}

func TestFlowImportTeamNeedsCloudIdentityIDOrEmail(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	f := start(t, svc, "jan")
	f.keys("i")
	w := f.toCustomerStep(model.ModeImport, model.KindTeam)
	f.waitFor("Import customer", "Primary email *", "Transfer token *")
	w.Fill(model.FieldOrgName, "Acme Sales")
	w.Fill(model.FieldDomain, "acme.nl")
	w.Fill(model.FieldTransferToken, "Tok3n")
	w.NextRefused()
	f.waitFor("Primary email *", "✗ is required")
	if strings.Contains(f.screen(), "Review") {
		t.Fatal("the import went on without a Cloud Identity ID or a primary admin email")
	}
	f.quit()
	if n, _ := svc.Count(context.Background()); n != 0 {
		t.Fatalf("%d customers stored", n)
	}
}

// An edit of a stored customer is saved as a draft as it is typed: ctrl+c
// (or a dropped connection) keeps it, the next start offers it, and saving
// it deletes the draft. A change someone saved meanwhile shows as a
// conflict; keeping theirs drops the draft too.
func TestFlowEditDraftSurvivesQuit(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	c := createCustomer(t, svc, "domain", "Edit BV", "edit.nl", "", "NL")
	id := c.ID
	typeEdit := func(suffix string) {
		f := start(t, svc, "anna")
		f.waitFor("Edit BV")
		f.keys("enter")
		f.waitFor("Organisation details")
		f.keys("e")
		f.waitFor("Edit Edit BV")
		cur, err := svc.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		w := f.wizard(walk.Options{Mode: cur.Origin, Edit: true, Values: cur.Form()})
		w.Append(model.FieldOrgName, suffix)
		f.waitFor("Organisation name", suffix)
		f.quit()
	}
	drafts := func() []model.Draft {
		t.Helper()
		ds, err := svc.Drafts(ctx, "anna")
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}

	typeEdit(" Holding")
	ds := drafts()
	if len(ds) != 1 || ds[0].CustomerID != id || ds[0].BaseVersion != c.Version || ds[0].Values.Get(model.FieldOrgName) != "Edit BV Holding" {
		t.Fatalf("the edit's draft after ctrl+c: %+v", ds)
	}
	f := start(t, svc, "anna")
	f.waitFor("Resume your changes to Edit BV Holding (customer 1)")
	f.keys("y")
	f.waitFor("Edit Edit BV", "Edit BV Holding")
	f.wizard(walk.Resume(ds[0])).Submit()
	f.waitFor("Saved Edit BV Holding")
	f.quit()
	if got, _ := svc.Get(ctx, id); got.OrgName != "Edit BV Holding" {
		t.Fatalf("the resumed edit stored %q", got.OrgName)
	}
	if ds := drafts(); len(ds) != 0 {
		t.Fatalf("a saved edit left its draft: %+v", ds)
	}

	// Someone else saves the customer while the draft waits.
	typeEdit(" Group")
	cur, _ := svc.Get(ctx, id)
	form := cur.Form()
	form[model.FieldCRMID] = "CRM-BRAM"
	if _, err := svc.Update(ctx, "bram", id, cur.Version, form); err != nil {
		t.Fatal(err)
	}
	ds = drafts()
	f = start(t, svc, "anna")
	f.waitFor("Resume your changes to Edit BV Holding Group")
	f.keys("y")
	f.waitFor("Edit BV Holding Group")
	f.wizard(walk.Resume(ds[0])).Submit()
	f.waitFor("bram saved this customer after you opened it")
	f.keys("t")
	f.waitFor("Kept the version saved by someone else")
	f.quit()
	got, _ := svc.Get(ctx, id)
	if got.OrgName != "Edit BV Holding" || got.CRMID != "CRM-BRAM" {
		t.Fatalf("after keeping theirs: %q, %q", got.OrgName, got.CRMID)
	}
	if ds := drafts(); len(ds) != 0 {
		t.Fatalf("keeping theirs left the draft: %+v", ds)
	}
}

// heldDrafts holds draft saves while armed: each one waits for release,
// so a test can quit with a save under way.
type heldDrafts struct {
	*store.Service
	mu      sync.Mutex
	armed   bool
	entered chan string // the org name a held save carries
	release chan struct{}
}

func (h *heldDrafts) SaveDraft(ctx context.Context, d model.Draft) (int64, error) {
	h.mu.Lock()
	armed := h.armed
	h.armed = false
	h.mu.Unlock()
	if armed {
		h.entered <- d.Values.Get(model.FieldOrgName)
		<-h.release
	}
	return h.Service.SaveDraft(ctx, d)
}

// A quit (SIGTERM, an idle logout, ctrl+c) while a draft save is under way
// waits for it and saves what was typed since; it used to quit at once and
// keep only the older values.
func TestQuitDuringADraftSaveKeepsTheLatestText(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	h := &heldDrafts{Service: svc, entered: make(chan string, 1), release: make(chan struct{})}
	f := start(t, h, "jan")
	f.keys("n")
	w := f.toCustomerStep(model.ModeCreate, model.KindDomain)
	w.Fill(model.FieldOrgName, "Bakkerij")
	f.waitFor("Bakkerij")
	h.mu.Lock()
	h.armed = true
	h.mu.Unlock()
	w.Append(model.FieldOrgName, " Zon")
	var held string
	select {
	case held = <-h.entered: // the typing's own save, 400 ms on
	case <-time.After(walk.Guard):
		t.Fatal("no draft save started after typing")
	}
	w.Append(model.FieldOrgName, " BV")
	f.waitFor("Bakkerij Zon BV")
	f.tm.Send(ShutdownMsg{})
	// The app waits for the save under way instead of ending.
	f.waitFor("Saving before quitting…")
	close(h.release)
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(walk.Guard))
	ds, err := svc.Drafts(context.Background(), "jan")
	if err != nil || len(ds) != 1 {
		t.Fatalf("drafts after the quit: %+v %v", ds, err)
	}
	if got := ds[0].Values.Get(model.FieldOrgName); got != "Bakkerij Zon BV" {
		t.Fatalf("the draft kept %q (the save under way carried %q), want %q", got, held, "Bakkerij Zon BV")
	}
}

// A quit while the customer is being stored (Create pressed a moment
// before) waits for the store, so what the user asked for is done before
// the app ends; a create the store refuses leaves the draft for the next
// start.
func TestQuitDuringTheCreateWaitsForIt(t *testing.T) {
	for _, refused := range []bool{false, true} {
		t.Run(map[bool]string{false: "stored", true: "refused"}[refused], func(t *testing.T) {
			quitDuringTheCreate(t, refused)
		})
	}
}

func quitDuringTheCreate(t *testing.T, refused bool) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "jan"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	fillDomainCustomer(w, "Wacht BV", "wacht.nl")
	w.To(rules.StepReview)
	w.Expect(rules.StepReview)
	if refused {
		// Someone else stores the domain meanwhile.
		createCustomer(t, svc, "domain", "Wacht Elders", "wacht.nl", "", "NL")
	}
	// Create, with its command held back: the customer is being stored.
	_, create := d.app.Update(keyMsg("c"))
	if !d.app.wiz().Busy() {
		t.Fatalf("c on the review did not start the create:\n%s", d.screen())
	}
	_, quit := d.app.Update(ShutdownMsg{})
	d.run(quit)
	if d.quit {
		t.Fatal("the app quit while the customer was being stored")
	}
	d.must("Saving before quitting…")
	d.keys("q", "esc") // keys wait
	d.must("Saving before quitting…")
	d.run(create)
	if !d.quit {
		t.Fatal("the app did not quit once the create ended")
	}
	got, err := svc.List(ctx, model.ListQuery{Limit: 10})
	ds, derr := svc.Drafts(ctx, "jan")
	if err != nil || derr != nil {
		t.Fatal(err, derr)
	}
	if refused {
		if len(got) != 1 || got[0].OrgName != "Wacht Elders" || len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Wacht BV" || ds[0].Values.Get(model.FieldDomain) != "wacht.nl" {
			t.Fatalf("after a refused create: customers %+v, drafts %+v", got, ds)
		}
		return
	}
	if len(got) != 1 || got[0].OrgName != "Wacht BV" || len(ds) != 0 {
		t.Fatalf("after the create: customers %+v, drafts %+v", got, ds)
	}
}
