package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/model"
	"onboard/model/rules"
)

func openTest(t *testing.T) *Service {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "onboard.db"), Options{
		ResellerID: "C0123abcd",
		Now:        func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func form(org, domain string) model.Fields {
	return model.Fields{
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no",
		model.FieldProductFamily: "google_workspace", model.FieldKind: "domain",
		model.FieldOrgName: org, model.FieldDomain: domain,
	}
}

func TestCreateStoresCustomerAndEvent(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res, err := s.Create(ctx, "jan", model.ModeCreate, form("Bakkerij De Vries", "DeVries.nl"), model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Get(ctx, res.Customer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Domain != "devries.nl" || c.PrimaryEmail != "admin@devries.nl" || c.Status != model.StatusLocal || c.Version != 1 || c.CreatedBy != "jan" {
		t.Fatalf("stored %+v", c)
	}
	ev, err := s.History(ctx, c.ID)
	if err != nil || len(ev) != 1 || ev[0].Actor != "jan" || ev[0].Action != "create" {
		t.Fatalf("history %+v %v", ev, err)
	}
	if n, _ := s.Count(ctx); n != 1 {
		t.Fatalf("count %d", n)
	}
	got, err := s.Find(ctx, "www.devries.nl")
	if err != nil || got.ID != c.ID {
		t.Fatalf("find by domain: %v %v", got.ID, err)
	}
}

func TestCreateRefusesRuleProblems(t *testing.T) {
	s := openTest(t)
	f := form("Acme", "acme.nl")
	f[model.FieldAlternateEmail] = "boss@acme.nl"
	_, err := s.Create(context.Background(), "jan", model.ModeCreate, f, model.CreateOptions{})
	var ps rules.Problems
	if !errors.As(err, &ps) || !ps.Has(rules.CodeEmailInDomain) {
		t.Fatalf("want email_in_domain, got %v", err)
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Fatalf("a refused customer was stored")
	}
}

func TestUniqueDomainRace(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.Create(ctx, fmt.Sprintf("user%d", i), model.ModeCreate, form(fmt.Sprintf("Acme %d", i), "acme.nl"), model.CreateOptions{})
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		var ps rules.Problems
		switch {
		case err == nil:
			wins++
		case errors.As(err, &ps) && ps.Has(rules.CodeDomainExists):
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d creates won, want exactly 1", wins)
	}
	if n, _ := s.Count(ctx); n != 1 {
		t.Fatalf("count %d", n)
	}
}

func TestTeamsShareDomainButNotEmail(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	team := func(email string) model.Fields {
		f := form("Acme Sales", "acme.nl")
		f[model.FieldKind], f[model.FieldPrimaryEmail] = "team", email
		return f
	}
	if _, err := s.Create(ctx, "jan", model.ModeCreate, team("sales@acme.nl"), model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, "jan", model.ModeCreate, team("marketing@acme.nl"), model.CreateOptions{}); err != nil {
		t.Fatalf("second team in the same domain: %v", err)
	}
	_, err := s.Create(ctx, "jan", model.ModeCreate, team("SALES@acme.nl"), model.CreateOptions{})
	var ps rules.Problems
	if !errors.As(err, &ps) || !ps.Has(rules.CodeTeamExists) {
		t.Fatalf("want team_exists, got %v", err)
	}
	if _, err := s.Find(ctx, "acme.nl"); err == nil {
		t.Fatal("find by a domain two teams share must ask which")
	}
	if c, err := s.Find(ctx, "marketing@acme.nl"); err != nil || c.PrimaryEmail != "marketing@acme.nl" {
		t.Fatalf("find by email: %v", err)
	}
}

func TestIdempotentCreate(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{IdempotencyKey: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{IdempotencyKey: "k1"})
	if err != nil || !b.Replayed || b.Customer.ID != a.Customer.ID {
		t.Fatalf("retry with the same key: %+v %v", b, err)
	}
	if n, _ := s.Count(ctx); n != 1 {
		t.Fatalf("count %d after a retried create", n)
	}
}

// The same key with other details is refused, naming the customer the key
// made and the fields that differ, in a dry run as well; nothing is
// stored. The same details still replay after the customer was edited (the
// comparison is with what it was created with), and the normalised form
// counts: " ACME.nl " is acme.nl.
func TestIdempotencyKeyReusedForOtherDetails(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{IdempotencyKey: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, dry := range []bool{false, true} {
		_, err = s.Create(ctx, "jan", model.ModeCreate, form("Bakkerij", "bakkerij.nl"), model.CreateOptions{IdempotencyKey: "k1", DryRun: dry})
		var kr *rules.KeyReusedError
		if !errors.As(err, &kr) || !errors.Is(err, model.ErrKeyReused) || kr.Customer.ID != a.Customer.ID {
			t.Fatalf("dry run %v: other customer under the key: %v", dry, err)
		}
		want := `the idempotency key "k1" was used for customer 1, Acme (acme.nl), created with other details (org_name, domain, primary_email differ)`
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("dry run %v: %q, want %q", dry, err.Error(), want)
		}
	}
	if _, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{IdempotencyKey: "k2"}); err == nil {
		t.Fatal("a second acme.nl under a new key")
	}
	if n, _ := s.Count(ctx); n != 1 {
		t.Fatalf("count %d, want 1", n)
	}
	// Edited since: a retry of the original create still replays.
	if _, err := s.Update(ctx, "piet", a.Customer.ID, a.Customer.Version, form("Acme Holding", "acme.nl")); err != nil {
		t.Fatal(err)
	}
	b, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", " ACME.nl "), model.CreateOptions{IdempotencyKey: "k1"})
	if err != nil || !b.Replayed || b.Customer.ID != a.Customer.ID {
		t.Fatalf("retry after an edit: %+v %v", b, err)
	}
	// The same details as an import are not the same request.
	imp := form("Acme", "acme.nl")
	imp[model.FieldTransferToken], imp[model.FieldPurchasePermission] = "TOKEN1", "yes"
	if _, err := s.Create(ctx, "jan", model.ModeImport, imp, model.CreateOptions{IdempotencyKey: "k1"}); !errors.Is(err, model.ErrKeyReused) || !strings.Contains(err.Error(), "mode") {
		t.Fatalf("the key's create retried as an import: %v", err)
	}
}

func TestOptimisticConcurrency(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Customer
	// Two people read version 1; the first save wins.
	f1 := c.Form()
	f1[model.FieldOrgName] = "Acme BV"
	f2 := c.Form()
	f2[model.FieldCRMID] = "CRM-7"
	saved, err := s.Update(ctx, "anna", c.ID, c.Version, f1)
	if err != nil || saved.Version != 2 || saved.OrgName != "Acme BV" {
		t.Fatalf("first save: %+v %v", saved, err)
	}
	_, err = s.Update(ctx, "piet", c.ID, c.Version, f2)
	var ce *rules.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) || ce.Current.OrgName != "Acme BV" || ce.Current.Version != 2 {
		t.Fatalf("want a conflict carrying version 2, got %v", err)
	}
	now, _ := s.Get(ctx, c.ID)
	if now.CRMID != "" || now.OrgName != "Acme BV" {
		t.Fatalf("the losing save changed the record: %+v", now)
	}
	ev, _ := s.History(ctx, c.ID)
	if len(ev) != 2 || ev[1].Actor != "anna" || len(ev[1].Changes) != 1 || ev[1].Changes[0].Old != "Acme" || ev[1].Changes[0].New != "Acme BV" {
		t.Fatalf("history %+v", ev)
	}
}

func TestFailedWriteLeavesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	// Make the audit event fail: the customer inserted before it in the same
	// transaction must vanish with it.
	failEvents(t, s)
	_, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{})
	if err == nil {
		t.Fatal("create succeeded although its event could not be written")
	}
	var n int
	s.DB().Reader().QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&n)
	if n != 0 {
		t.Fatalf("%d customers left without an event", n)
	}
	if c, _ := s.Count(ctx); c != 0 {
		t.Fatalf("counter says %d", c)
	}
}

func failEvents(t *testing.T, s *Service) {
	t.Helper()
	err := s.db.Write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec("CREATE TRIGGER fail_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDraftsBelongToTheirOwner(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, err := s.SaveDraft(ctx, model.Draft{Owner: "jan", Mode: model.ModeCreate, Step: "customer", Values: form("Acme", "acme.nl")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(ctx, model.Draft{ID: id, Owner: "piet", Mode: model.ModeCreate, Values: model.Fields{}}); err == nil {
		t.Fatal("another user overwrote the draft")
	}
	ds, err := s.Drafts(ctx, "jan")
	if err != nil || len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Acme" || ds[0].Step != "customer" {
		t.Fatalf("drafts %+v %v", ds, err)
	}
	if ds, _ := s.Drafts(ctx, "piet"); len(ds) != 0 {
		t.Fatal("piet sees jan's draft")
	}
	// Creating from the draft removes it in the same transaction.
	if _, err := s.Create(ctx, "jan", model.ModeCreate, ds[0].Values, model.CreateOptions{DraftID: id}); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Drafts(ctx, "jan"); len(ds) != 0 {
		t.Fatal("draft kept after create")
	}
}

// An edit's draft keeps the customer and the version it started from; a
// save from it deletes it in the same transaction, and a save refused as
// a conflict or by the rules keeps it.
func TestEditDraftEndsWithTheSave(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res, err := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Customer
	fs := c.Form()
	fs[model.FieldOrgName] = "Acme Holding"
	id, err := s.SaveDraft(ctx, model.Draft{Owner: "jan", Mode: c.Origin, Step: "customer", Values: fs, CustomerID: c.ID, BaseVersion: c.Version})
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := s.Drafts(ctx, "jan")
	if len(ds) != 1 || ds[0].CustomerID != c.ID || ds[0].BaseVersion != c.Version {
		t.Fatalf("the edit's draft reads back as %+v", ds)
	}
	bad := fs.Clone()
	bad[model.FieldAlternateEmail] = "info@acme.nl"
	if _, err := s.UpdateFromDraft(ctx, "jan", c.ID, c.Version, bad, id); err == nil {
		t.Fatal("a refused edit was saved")
	}
	if _, err := s.UpdateFromDraft(ctx, "jan", c.ID, c.Version-1, fs, id); err == nil {
		t.Fatal("an edit from an old version was saved")
	}
	if ds, _ := s.Drafts(ctx, "jan"); len(ds) != 1 {
		t.Fatalf("a refused save dropped the draft: %+v", ds)
	}
	out, err := s.UpdateFromDraft(ctx, "jan", c.ID, c.Version, fs, id)
	if err != nil || out.OrgName != "Acme Holding" {
		t.Fatalf("save from the draft: %+v %v", out, err)
	}
	if ds, _ := s.Drafts(ctx, "jan"); len(ds) != 0 {
		t.Fatalf("the saved edit's draft is still there: %+v", ds)
	}
}

func TestListKeysetPages(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := 0; i < 25; i++ {
		if _, err := s.Create(ctx, "jan", model.ModeCreate, form(fmt.Sprintf("Org %02d", 24-i), fmt.Sprintf("org%02d.nl", i)), model.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	q := model.ListQuery{Limit: 10}
	for {
		page, err := s.List(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			seen = append(seen, c.OrgName)
		}
		if len(page) < q.Limit {
			break
		}
		cur := model.CursorOf(page[len(page)-1], q.Sort)
		q.After = &cur
	}
	if len(seen) != 25 || seen[0] != "Org 00" || seen[24] != "Org 24" {
		t.Fatalf("pages: %v", seen)
	}
	page, _ := s.List(ctx, model.ListQuery{Query: "org07", Limit: 10})
	if len(page) != 1 || page[0].Domain != "org07.nl" {
		t.Fatalf("query: %+v", page)
	}
	page, _ = s.List(ctx, model.ListQuery{Sort: model.SortDomain, Desc: true, Limit: 2})
	if len(page) != 2 || page[0].Domain != "org24.nl" {
		t.Fatalf("domain desc: %+v", page)
	}
}

func TestPlaceOrder(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res, _ := s.Create(ctx, "jan", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{})
	o, err := s.PlaceOrder(ctx, "jan", res.Customer.ID, model.OrderForm{SKU: "workspace_business_standard", Seats: "25", Plan: "annual", PO: "PO-1"})
	if err != nil || o.ID == 0 || o.Seats != 25 {
		t.Fatalf("order %+v %v", o, err)
	}
	if _, err := s.PlaceOrder(ctx, "jan", res.Customer.ID, model.OrderForm{SKU: "nope", Seats: "0", Plan: "x", PO: ""}); err == nil {
		t.Fatal("bad order accepted")
	}
	os, _ := s.Orders(ctx, res.Customer.ID)
	ev, _ := s.History(ctx, res.Customer.ID)
	if len(os) != 1 || len(ev) != 2 {
		t.Fatalf("orders %d events %d", len(os), len(ev))
	}
}
