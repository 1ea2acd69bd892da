package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// googleTest opens a store that pushes to a fake Cloud Channel API.
func googleTest(t *testing.T) (*Service, *channeltest.Fake, string) {
	t.Helper()
	fake := channeltest.New("C0reseller")
	t.Cleanup(fake.Close)
	g, err := channel.New(context.Background(), channel.Config{AccountID: "C0reseller", Endpoint: fake.Endpoint(), Clock: instant()})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "g.db")
	s, err := Open(context.Background(), path, Options{ResellerID: "C0reseller", Google: g,
		PollWait: func(int) time.Duration { return time.Millisecond }, MaxPolls: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, fake, path
}

// instant is a clock for the Google client whose waits (backoff, quota)
// return at once.
func instant() channel.Clock {
	return channel.Clock{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}
}

func pushable(org, domain string) model.Fields {
	f := form(org, domain)
	f[model.FieldRegionCode], f[model.FieldPostalCode], f[model.FieldAddressLine1] = "NL", "1012 AB", "Damrak 1"
	f[model.FieldAdminFirstName], f[model.FieldAdminLastName] = "Jan", "Smit"
	f[model.FieldAlternateEmail] = "owner@gmail.com"
	return f
}

func addCustomer(t *testing.T, s *Service, mode model.Mode, f model.Fields) model.Customer {
	t.Helper()
	res, err := s.Create(context.Background(), "anna", mode, f, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Customer
}

func paths(reqs []channeltest.Request) string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.String())
	}
	return strings.Join(out, "\n")
}

// A create: check, customers.create, provisionCloudIdentity, polls of the
// operation until done, customers.get; the customer is created with its
// Cloud Identity ID and resource name, and the history says so.
func TestPushCreate(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	start := time.Now()
	got, err := s.Push(ctx, "anna", c.ID)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.StatusCreated || !strings.HasPrefix(got.CloudIdentityID, "C0fake") || !strings.HasPrefix(got.GoogleName, "accounts/C0reseller/customers/") {
		t.Fatalf("pushed %+v", got)
	}
	reqs := fake.Requests()
	want := "POST /v1/accounts/C0reseller:checkCloudIdentityAccountsExist\nPOST /v1/accounts/C0reseller/customers\n" +
		"POST /v1/" + got.GoogleName + ":provisionCloudIdentity\n"
	if !strings.HasPrefix(paths(reqs), want) || !strings.HasSuffix(paths(reqs), "GET /v1/"+got.GoogleName) {
		t.Fatalf("requests:\n%s", paths(reqs))
	}
	body := reqs[1].Body
	contact := body["primaryContactInfo"].(map[string]any)
	if body["orgDisplayName"] != "Acme BV" || body["domain"] != "acme.nl" || contact["email"] != "admin@acme.nl" || body["alternateEmail"] != "owner@gmail.com" {
		t.Fatalf("create body %v", body)
	}
	prov := reqs[2].Body
	if prov["cloudIdentityInfo"].(map[string]any)["customerType"] != "DOMAIN" || prov["user"].(map[string]any)["givenName"] != "Jan" {
		t.Fatalf("provision body %v", prov)
	}
	t.Logf("one create: %d requests in %s:\n%s", len(reqs), took, paths(reqs))
	if n, _ := s.Pending(ctx); len(n) != 0 {
		t.Fatalf("outbox %v after a finished push", n)
	}
	evs, _ := s.History(ctx, c.ID)
	if last := evs[len(evs)-1]; last.Action != "push" || !strings.Contains(last.Changes[len(last.Changes)-1].New, "C0fake") && last.Changes[0].New != "created" {
		t.Fatalf("last event %+v", last)
	}
	if _, err := s.Push(ctx, "anna", c.ID); err == nil {
		t.Fatal("a second push of a created customer went through")
	}
}

// Google already has an account for the domain: the push stops and says
// to import (or, when it is already ours, to refresh it).
func TestPushFindsExistingAccount(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	fake.AddIdentity(channeltest.Identity{Domain: "taken.nl", Email: "admin@taken.nl", CloudIdentityID: "C0taken", Type: "DOMAIN"})
	fake.AddIdentity(channeltest.Identity{Domain: "ours.nl", Email: "admin@ours.nl", CloudIdentityID: "C0ours", Type: "DOMAIN", Owner: "C0reseller"})
	c := addCustomer(t, s, model.ModeCreate, pushable("Taken BV", "taken.nl"))
	got, err := s.Push(ctx, "anna", c.ID)
	var ee *rules.ExistsError
	if !errors.As(err, &ee) || ee.Owned() || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "import the customer") {
		t.Fatalf("%+v, %v", got, err)
	}
	c2 := addCustomer(t, s, model.ModeCreate, pushable("Ours BV", "ours.nl"))
	if _, err := s.Push(ctx, "anna", c2.ID); !errors.As(err, &ee) || !ee.Owned() {
		t.Fatalf("owned: %v", err)
	}
	for _, r := range fake.Requests() {
		if r.Path == "/v1/accounts/C0reseller/customers" && r.Method == "POST" {
			t.Fatal("created although an account exists")
		}
	}
}

// The answer to customers.create is lost: the push stays under way; the
// retry finds the customer at Google instead of creating a second one.
func TestPushLostCreateResponse(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	fake.DropCreateResponses = 1
	c := addCustomer(t, s, model.ModeCreate, pushable("Lost BV", "lost.nl"))
	got, err := s.Push(ctx, "anna", c.ID)
	if err == nil || got.Status != model.StatusPending {
		t.Fatalf("first push: %+v, %v", got, err)
	}
	if ids, _ := s.Pending(ctx); len(ids) != 1 {
		t.Fatalf("outbox %v", ids)
	}
	got, err = s.Push(ctx, "anna", c.ID)
	if err != nil || got.Status != model.StatusCreated {
		t.Fatalf("retry: %+v, %v", got, err)
	}
	n := 0
	for _, gc := range fake.Customers() {
		if gc["domain"] == "lost.nl" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d customers at Google for one create", n)
	}
}

// A push cut off while the operation runs goes on after a restart, from
// the outbox: no second create, no second provisioning.
func TestPushResumesAfterRestart(t *testing.T) {
	ctx := context.Background()
	s, fake, path := googleTest(t)
	fake.PollsToFinish = 1000
	c := addCustomer(t, s, model.ModeCreate, pushable("Resume BV", "resume.nl"))
	cut, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := s.Push(cut, "anna", c.ID); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cut push: %v", err)
	}
	s.Close()
	fake.PollsToFinish = 1
	g, _ := channel.New(ctx, channel.Config{AccountID: "C0reseller", Endpoint: fake.Endpoint()})
	s2, err := Open(ctx, path, Options{Google: g, PollWait: func(int) time.Duration { return time.Millisecond }, MaxPolls: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ids, _ := s2.Pending(ctx)
	if len(ids) != 1 || ids[0] != c.ID {
		t.Fatalf("pending after restart: %v", ids)
	}
	before := len(fake.Requests())
	got, err := s2.Push(ctx, "anna", c.ID)
	if err != nil || got.Status != model.StatusCreated {
		t.Fatalf("resumed: %+v, %v", got, err)
	}
	for _, r := range fake.Requests()[before:] {
		if r.Method == "POST" {
			t.Fatalf("the resumed push sent %s again", r)
		}
	}
}

// Imports: by domain with the transfer token and overwriteIfExists sent;
// an expired token fails in the user's words; a team is imported by its
// Cloud Identity ID.
func TestPushImport(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	fake.AddIdentity(channeltest.Identity{Domain: "moving.nl", Email: "admin@moving.nl", CloudIdentityID: "C0moving", Type: "DOMAIN", Token: "TOKEN1"})
	fake.AddIdentity(channeltest.Identity{Domain: "old.nl", Email: "admin@old.nl", CloudIdentityID: "C0old", Type: "DOMAIN", Token: "TOKEN2", TokenExpired: true})
	fake.AddIdentity(channeltest.Identity{Domain: "team.nl", Email: "sales@team.nl", CloudIdentityID: "C0team", Type: "TEAM", Token: "TOKEN3"})
	imp := func(org, domain, token, cloudID, kind, email string) model.Customer {
		f := form(org, domain)
		f[model.FieldTransferToken], f[model.FieldPurchasePermission] = token, "yes"
		f[model.FieldKind], f[model.FieldCloudIdentityID] = kind, cloudID
		if email != "" {
			f[model.FieldPrimaryEmail] = email
		}
		return addCustomer(t, s, model.ModeImport, f)
	}
	c := imp("Moving BV", "moving.nl", "TOKEN1", "", "domain", "")
	got, err := s.Push(ctx, "anna", c.ID)
	if err != nil || got.Status != model.StatusImported || got.CloudIdentityID != "C0moving" {
		t.Fatalf("import: %+v, %v", got, err)
	}
	last := fake.Requests()[len(fake.Requests())-1]
	if last.Path != "/v1/accounts/C0reseller/customers:import" || last.Body["authToken"] != "TOKEN1" || last.Body["overwriteIfExists"] != false || last.Body["domain"] != "moving.nl" {
		t.Fatalf("import request %v", last.Body)
	}
	c = imp("Old BV", "old.nl", "TOKEN2", "", "domain", "")
	got, err = s.Push(ctx, "anna", c.ID)
	if err == nil || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "transfer token is not valid or has expired") {
		t.Fatalf("expired: %+v, %v", got, err)
	}
	c = imp("Team", "team.nl", "TOKEN3", "C0team", "team", "sales@team.nl")
	got, err = s.Push(ctx, "anna", c.ID)
	last = fake.Requests()[len(fake.Requests())-1]
	if err != nil || got.Status != model.StatusImported || last.Body["cloudIdentityId"] != "C0team" || last.Body["domain"] != nil {
		t.Fatalf("team import: %+v, %v, %v", got, err, last.Body)
	}
}

// Refusals in the user's words: the wrong account, Google unavailable
// (unknown: the push stays under way), a customer not ready to push.
func TestPushErrors(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	fake.Account = "C0other"
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := s.Push(ctx, "anna", c.ID)
	// Another account's permission is a configuration fault: failed at
	// once, naming what to fix.
	if err == nil || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "[google] admin_subject must be a super admin") {
		t.Fatalf("permission: %+v, %v", got, err)
	}
	fake.Account = "C0reseller"
	unavailable := channeltest.Failure{Status: "UNAVAILABLE"}
	fake.Failures["checkCloudIdentity"] = []channeltest.Failure{unavailable, unavailable, unavailable, unavailable, unavailable}
	got, err = s.Push(ctx, "anna", c.ID)
	// 503 is an answer that nothing was done: retried, then pending with
	// the reason.
	if err == nil || got.Status != model.StatusPending || !strings.Contains(err.Error(), "Google answered 503: try again later") ||
		strings.Contains(err.Error(), "no answer") || len(fake.Requests()) != 6 {
		t.Fatalf("unavailable: %+v, %v (%d requests)", got, err, len(fake.Requests()))
	}
	if got, err = s.Push(ctx, "anna", c.ID); err != nil || got.Status != model.StatusCreated {
		t.Fatalf("retry: %+v, %v", got, err)
	}
	bare := addCustomer(t, s, model.ModeCreate, form("Bare BV", "bare.nl"))
	if _, err := s.Push(ctx, "anna", bare.ID); err == nil || !strings.Contains(err.Error(), "region_code: is required to push") {
		t.Fatalf("not ready: %v", err)
	}
	local, _ := Open(ctx, filepath.Join(t.TempDir(), "l.db"), Options{})
	defer local.Close()
	if _, err := local.Push(ctx, "anna", 1); !errors.Is(err, ErrNoGoogle) {
		t.Fatalf("without Google: %v", err)
	}
}

// Google's filtered list shows a new customer only after a delay: a retry
// right after a lost create that finds nothing waits instead of creating
// a second customer, and goes on once the lookup can be believed.
func TestPushWaitsForGooglesListDelay(t *testing.T) {
	ctx := context.Background()
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.DropCreateResponses, fake.FilterDelay = 1, 300*time.Millisecond
	g, _ := channel.New(ctx, channel.Config{AccountID: "C0reseller", Endpoint: fake.Endpoint()})
	delay := 500 * time.Millisecond
	s, err := Open(ctx, filepath.Join(t.TempDir(), "d.db"), Options{ResellerID: "C0reseller", Google: g, LookupDelay: &delay,
		PollWait: func(int) time.Duration { return time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := addCustomer(t, s, model.ModeCreate, pushable("Slow BV", "slow.nl"))
	if _, err := s.Push(ctx, "anna", c.ID); err == nil {
		t.Fatal("the lost answer went unnoticed")
	}
	got, err := s.Push(ctx, "anna", c.ID)
	if err == nil || !strings.Contains(err.Error(), "try again in") || got.Status != model.StatusPending {
		t.Fatalf("an early retry: %+v, %v", got, err)
	}
	time.Sleep(delay)
	if got, err = s.Push(ctx, "anna", c.ID); err != nil || got.Status != model.StatusCreated {
		t.Fatalf("the retry after the delay: %+v, %v", got, err)
	}
	if n := len(fake.Customers()); n != 1 {
		t.Fatalf("%d customers at Google", n)
	}
}
