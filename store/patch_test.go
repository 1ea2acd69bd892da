package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"onboard/model"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// edit changes fields of customer c through Update, as the edit screen does.
func edit(t *testing.T, s *Service, c model.Customer, kv ...string) model.Customer {
	t.Helper()
	fs := c.Form()
	for i := 0; i+1 < len(kv); i += 2 {
		fs[model.Field(kv[i])] = kv[i+1]
	}
	out, err := s.Update(context.Background(), "anna", c.ID, c.Version, fs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// An edit of a customer Google has is pushed as customers.patch with an
// updateMask of exactly the fields that changed.
func TestEditIsPatchedWithItsMask(t *testing.T) {
	ctx := context.Background()
	s, fake := pushTestWith(t, channel.Config{}, Options{})
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	c, err := s.Push(ctx, "anna", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c = edit(t, s, c, string(model.FieldCRMID), "CRM-42", string(model.FieldAlternateEmail), "boss@gmail.com")
	if ids, _ := s.Pending(ctx); len(ids) != 1 {
		t.Fatalf("the edit owes no push: %v", ids)
	}
	got, err := s.Push(ctx, "anna", c.ID)
	if err != nil || got.Status != model.StatusCreated {
		t.Fatalf("%+v, %v", got, err)
	}
	last := fake.Requests()[len(fake.Requests())-1]
	if last.Method != "PATCH" || last.Path != "/v1/"+c.GoogleName || last.Query.Get("updateMask") != "alternate_email,correlation_id" {
		t.Fatalf("sent %s %s %v", last.Method, last.Path, last.Query)
	}
	at := fake.Customers()[0]
	if at["correlationId"] != "CRM-42" || at["alternateEmail"] != "boss@gmail.com" || at["orgDisplayName"] != "Acme BV" {
		t.Fatalf("at Google: %v", at)
	}
	if ids, _ := s.Pending(ctx); len(ids) != 0 {
		t.Fatalf("still owed: %v", ids)
	}
}

// Google's record changed since onboard last saw it: the push stops
// before anything is written and shows both versions; keeping this
// version sends it, taking Google's drops the change.
func TestPatchConflictShownBeforeWriting(t *testing.T) {
	ctx := context.Background()
	clock := start()
	s, fake, _ := syncTest(t, clock, false)
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	c, err := s.Push(ctx, "anna", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	clock.Sleep(ctx, time.Minute)
	fake.Change(c.GoogleName, func(m map[string]any) { m["orgDisplayName"] = "Acme Group" })
	c = edit(t, s, c, string(model.FieldOrgName), "Acme Holding BV")
	before := len(fake.Requests())
	_, err = s.Push(ctx, "anna", c.ID)
	var gc *GoogleChangedError
	if !errors.As(err, &gc) || gc.Google.OrgDisplayName != "Acme Group" || gc.Local.OrgName != "Acme Holding BV" {
		t.Fatalf("%v", err)
	}
	if count(fake.Requests()[before:], "PATCH", "") != 0 {
		t.Fatal("written before the user decided")
	}
	got, err := s.ResolveChange(ctx, "anna", c.ID, true)
	if err != nil || got.OrgName != "Acme Holding BV" || fake.Customers()[0]["orgDisplayName"] != "Acme Holding BV" {
		t.Fatalf("keep: %+v, %v", got, err)
	}

	clock.Sleep(ctx, time.Minute)
	fake.Change(c.GoogleName, func(m map[string]any) { m["orgDisplayName"] = "Acme Again" })
	got = edit(t, s, got, string(model.FieldCRMID), "X1")
	if _, err := s.Push(ctx, "anna", got.ID); !errors.As(err, &gc) {
		t.Fatalf("second conflict: %v", err)
	}
	got, err = s.ResolveChange(ctx, "anna", got.ID, false)
	if err != nil || got.OrgName != "Acme Again" {
		t.Fatalf("take Google's: %+v, %v", got, err)
	}
	if ids, _ := s.Pending(ctx); len(ids) != 0 {
		t.Fatalf("the dropped change is still owed: %v", ids)
	}
}

// A team customer is imported by its primary admin email; an import of a
// customer the reseller already has is refused until the user chooses to
// overwrite, which sends overwriteIfExists: true.
func TestImportTeamByEmailAndOverwrite(t *testing.T) {
	ctx := context.Background()
	s, fake := pushTestWith(t, channel.Config{}, Options{})
	fake.AddIdentity(channeltest.Identity{Domain: "team.nl", Email: "sales@team.nl", CloudIdentityID: "C0team", Type: "TEAM", Token: "TOKEN3"})
	f := form("Team", "team.nl")
	f[model.FieldTransferToken], f[model.FieldPurchasePermission] = "TOKEN3", "yes"
	f[model.FieldKind], f[model.FieldPrimaryEmail] = "team", "sales@team.nl"
	c := addCustomer(t, s, model.ModeImport, f)
	got, err := s.Push(ctx, "anna", c.ID)
	last := fake.Requests()[len(fake.Requests())-1]
	if err != nil || got.Status != model.StatusImported || got.CloudIdentityID != "C0team" || last.Body["primaryAdminEmail"] != "sales@team.nl" ||
		last.Body["cloudIdentityId"] != nil {
		t.Fatalf("%+v, %v, %v", got, err, last.Body)
	}

	fake.AddIdentity(channeltest.Identity{Domain: "mine.nl", CloudIdentityID: "C0mine", Type: "DOMAIN", Token: "T4", Owner: "C0reseller"})
	g := form("Mine", "mine.nl")
	g[model.FieldTransferToken], g[model.FieldPurchasePermission] = "T4", "yes"
	d := addCustomer(t, s, model.ModeImport, g)
	got, err = s.Push(ctx, "anna", d.ID)
	var ex *ExistsAtImportError
	if !errors.As(err, &ex) || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "--overwrite") {
		t.Fatalf("%+v, %v", got, err)
	}
	got, err = s.PushOverwrite(ctx, "anna", d.ID)
	last = fake.Requests()[len(fake.Requests())-1]
	if err != nil || got.Status != model.StatusImported || last.Body["overwriteIfExists"] != true {
		t.Fatalf("overwrite: %+v, %v, %v", got, err, last.Body)
	}
}

// A create Google refuses because the account exists becomes the import
// the app suggests, keeping what was typed and the Cloud Identity ID the
// existence check answered.
func TestFailedCreateBecomesImport(t *testing.T) {
	ctx := context.Background()
	s, fake := pushTestWith(t, channel.Config{}, Options{})
	fake.AddIdentity(channeltest.Identity{Domain: "exists.nl", CloudIdentityID: "C0exists", Type: "DOMAIN", Token: "TOK5"})
	f := pushable("Exists BV", "exists.nl")
	f[model.FieldCRMID] = "CRM-9"
	c := addCustomer(t, s, model.ModeCreate, f)
	got, err := s.Push(ctx, "anna", c.ID)
	if err == nil || got.Status != model.StatusFailed {
		t.Fatalf("%+v, %v", got, err)
	}
	imp, err := s.MakeImport(ctx, "anna", got.ID, got.Version, "TOK5", "")
	if err != nil || imp.Origin != model.ModeImport || imp.CloudIdentityID != "C0exists" || imp.CRMID != "CRM-9" || imp.OrgName != "Exists BV" {
		t.Fatalf("%+v, %v", imp, err)
	}
	done, err := s.Push(ctx, "anna", imp.ID)
	last := fake.Requests()[len(fake.Requests())-1]
	if err != nil || done.Status != model.StatusImported || last.Body["cloudIdentityId"] != "C0exists" {
		t.Fatalf("%+v, %v, %v", done, err, last.Body)
	}
}

// The setup's language reaches Google (language_code); time zone and
// smart features have no field there and are not sent.
func TestSetupTipsSendTheLanguage(t *testing.T) {
	ctx := context.Background()
	s, fake := pushTestWith(t, channel.Config{}, Options{})
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	c, err := s.Push(ctx, "anna", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err = s.SetupTips(ctx, "anna", c.ID, c.Version, "nl", "Europe/Amsterdam", "off")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Push(ctx, "anna", c.ID); err != nil {
		t.Fatal(err)
	}
	last := fake.Requests()[len(fake.Requests())-1]
	if last.Method != "PATCH" || last.Query.Get("updateMask") != "language_code" || last.Body["languageCode"] != "nl" {
		t.Fatalf("sent %s %v %v", last.Method, last.Query, last.Body)
	}
}
