package store

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/model"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// One test per class of failed call: what Google did with the request
// decides what the push does next.

// waits is a clock for the Google client that records each wait.
type waits struct {
	mu  sync.Mutex
	all []time.Duration
}

func (w *waits) clock() channel.Clock {
	return channel.Clock{Sleep: func(ctx context.Context, d time.Duration) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.all = append(w.all, d)
		return ctx.Err()
	}}
}

func pushTestWith(t *testing.T, cfg channel.Config, opts Options) (*Service, *channeltest.Fake) {
	t.Helper()
	fake := channeltest.New("C0reseller")
	t.Cleanup(fake.Close)
	cfg.AccountID = "C0reseller"
	if cfg.Endpoint == "" {
		cfg.Endpoint = fake.Endpoint()
	}
	if cfg.Clock.Sleep == nil {
		cfg.Clock = instant()
	}
	g, err := channel.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	opts.ResellerID, opts.Google = "C0reseller", g
	opts.PollWait = func(int) time.Duration { return time.Millisecond }
	if opts.MaxPolls == 0 {
		opts.MaxPolls = 1 << 30
	}
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "c.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, fake
}

func count(reqs []channeltest.Request, method, suffix string) int {
	n := 0
	for _, r := range reqs {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// Not executed (429 with Retry-After, then 503): sent again after the
// wait Google asked for, and the push goes through.
func TestPushNotExecutedIsRetried(t *testing.T) {
	w := &waits{}
	s, fake := pushTestWith(t, channel.Config{Clock: w.clock()}, Options{})
	fake.Failures["/customers"] = []channeltest.Failure{{Status: "RESOURCE_EXHAUSTED", RetryAfter: "7"}, {Status: "UNAVAILABLE"}}
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := s.Push(context.Background(), "anna", c.ID)
	if err != nil || got.Status != model.StatusCreated {
		t.Fatalf("%+v, %v", got, err)
	}
	if len(w.all) != 2 || w.all[0] != 7*time.Second || w.all[1] != 2*time.Second {
		t.Fatalf("waits %v, want Google's 7s then the backoff's 2s", w.all)
	}
	if n := len(fake.Customers()); n != 1 {
		t.Fatalf("%d customers at Google", n)
	}
}

// Not executed every time: bounded, then pending with the reason, and
// the next push sends it without a lookup (nothing was done).
func TestPushNotExecutedStaysPending(t *testing.T) {
	s, fake := pushTestWith(t, channel.Config{}, Options{})
	busy := channeltest.Failure{Status: "UNAVAILABLE"}
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	fake.Failures["/customers"] = []channeltest.Failure{busy, busy, busy, busy, busy, busy}
	got, err := s.Push(context.Background(), "anna", c.ID)
	if err == nil || got.Status != model.StatusPending || !strings.Contains(got.StatusMessage, "503") {
		t.Fatalf("%+v, %v", got, err)
	}
	if n := count(fake.Requests(), "POST", "/customers"); n != channel.MaxRetries+1 {
		t.Fatalf("%d creates sent, want %d", n, channel.MaxRetries+1)
	}
	fake.Failures["/customers"] = nil
	before := len(fake.Requests())
	if got, err = s.Push(context.Background(), "anna", c.ID); err != nil || got.Status != model.StatusCreated {
		t.Fatalf("second push %+v, %v", got, err)
	}
	if n := count(fake.Requests()[before:], "GET", "/customers"); n != 0 {
		t.Fatalf("a create that was never executed was looked up (%d lists)", n)
	}
}

// Two team customers on one domain; the second one's create answer is
// lost: it is looked up by its own primary email and takes its own
// record, not the first team's.
func TestPushLostCreateNeverTakesAnotherTeam(t *testing.T) {
	zero := time.Duration(0)
	s, fake := pushTestWith(t, channel.Config{}, Options{LookupDelay: &zero})
	team := func(org, email string) model.Fields {
		f := pushable(org, "shared.nl")
		f[model.FieldKind], f[model.FieldPrimaryEmail] = "team", email
		return f
	}
	a := addCustomer(t, s, model.ModeCreate, team("Team A", "a@shared.nl"))
	b := addCustomer(t, s, model.ModeCreate, team("Team B", "b@shared.nl"))
	ga, err := s.Push(context.Background(), "anna", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	fake.DropCreateResponses = 1
	if _, err := s.Push(context.Background(), "anna", b.ID); err == nil {
		t.Fatal("the lost answer went unnoticed")
	}
	gb, err := s.Push(context.Background(), "anna", b.ID)
	if err != nil || gb.Status != model.StatusCreated {
		t.Fatalf("%+v, %v", gb, err)
	}
	if gb.GoogleName == ga.GoogleName || len(fake.Customers()) != 2 {
		t.Fatalf("team B took %s (team A has %s); %d at Google", gb.GoogleName, ga.GoogleName, len(fake.Customers()))
	}
	for _, c := range fake.Customers() {
		if c["name"] == gb.GoogleName {
			if contact, _ := c["primaryContactInfo"].(map[string]any); contact["email"] != "b@shared.nl" {
				t.Fatalf("team B linked to %v", c)
			}
		}
	}
}

// More than one record at Google could be the customer: stop and show
// them, never guess.
func TestPushAmbiguousStops(t *testing.T) {
	zero := time.Duration(0)
	s, fake := pushTestWith(t, channel.Config{}, Options{LookupDelay: &zero})
	c := addCustomer(t, s, model.ModeCreate, pushable("Twice BV", "twice.nl"))
	fake.DropCreateResponses = 1
	if _, err := s.Push(context.Background(), "anna", c.ID); err == nil {
		t.Fatal("the lost answer went unnoticed")
	}
	// Someone made a second record with the same contact meanwhile.
	fake.AddCustomers(1, 1, 0)
	var second string
	for _, x := range fake.Customers() {
		if x["domain"] == "c1.example" {
			second = x["name"].(string)
		}
	}
	fake.Change(second, func(m map[string]any) {
		m["domain"] = "twice.nl"
		m["primaryContactInfo"] = map[string]any{"email": "admin@twice.nl"}
		delete(m, "cloudIdentityInfo")
	})
	got, err := s.Push(context.Background(), "anna", c.ID)
	var amb *AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || got.GoogleName != "" || !strings.Contains(got.StatusMessage, "could be customer") {
		t.Fatalf("%+v, %v", got, err)
	}
}

// Finished with an error: failed with Google's message and never polled
// again; a transient failure on Google's side starts provisioning again,
// a bounded number of times.
func TestPushFinishedOperationError(t *testing.T) {
	s, fake := pushTestWith(t, channel.Config{}, Options{})
	fake.FailOperations = "INTERNAL"
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := s.Push(context.Background(), "anna", c.ID)
	if err == nil || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "INTERNAL") {
		t.Fatalf("%+v, %v", got, err)
	}
	if n := count(fake.Requests(), "POST", ":provisionCloudIdentity"); n != 1+MaxRestarts {
		t.Fatalf("%d provisionings, want %d", n, 1+MaxRestarts)
	}
	// Each operation was polled until it said done (3 polls each), then
	// never again; nothing is left under way.
	polled := map[string]int{}
	for _, r := range fake.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/v1/operations/") {
			polled[r.Path]++
		}
	}
	if len(polled) != 1+MaxRestarts {
		t.Fatalf("operations polled: %v", polled)
	}
	for op, n := range polled {
		if n != fake.PollsToFinish {
			t.Fatalf("%s polled %d times, want %d", op, n, fake.PollsToFinish)
		}
	}
	if ids, _ := s.Pending(context.Background()); len(ids) != 0 {
		t.Fatalf("still under way: %v", ids)
	}
	fake.FailOperations = "ALREADY_EXISTS"
	d := addCustomer(t, s, model.ModeCreate, pushable("Taken BV", "taken.nl"))
	got, err = s.Push(context.Background(), "anna", d.ID)
	if err == nil || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "already in use") {
		t.Fatalf("%+v, %v", got, err)
	}
}

// An operation that never finishes gets a bounded number of polls in all.
func TestPushPollLimit(t *testing.T) {
	s, fake := pushTestWith(t, channel.Config{}, Options{MaxPolls: 5})
	fake.PollsToFinish = 1000
	c := addCustomer(t, s, model.ModeCreate, pushable("Slow BV", "slow.nl"))
	got, err := s.Push(context.Background(), "anna", c.ID)
	var pl *PollLimitError
	if !errors.As(err, &pl) || got.Status != model.StatusFailed || count(fake.Requests(), "GET", "") < 5 {
		t.Fatalf("%+v, %v", got, err)
	}
	if n := count(fake.Requests(), "GET", ""); n != 5 {
		t.Fatalf("%d polls, want 5", n)
	}
}

// Configuration: the API not enabled (SERVICE_DISABLED) and a refused
// token exchange (delegation not granted) fail at once, naming what to
// fix, without a retry.
func TestPushConfigurationFailsAtOnce(t *testing.T) {
	s, fake := pushTestWith(t, channel.Config{}, Options{})
	fake.Failures["checkCloud"] = []channeltest.Failure{{Status: "PERMISSION_DENIED", Reason: "SERVICE_DISABLED",
		Message: "Cloud Channel API has not been used in project 123 before or it is disabled."}}
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := s.Push(context.Background(), "anna", c.ID)
	if err == nil || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "enable the Cloud Channel API") ||
		len(fake.Requests()) != 1 {
		t.Fatalf("%+v, %v, %d requests", got, err, len(fake.Requests()))
	}

	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		w.Write([]byte(`{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method."}`))
	}))
	t.Cleanup(tokens.Close)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	sa, _ := json.Marshal(map[string]string{"type": "service_account", "client_email": "onboard@reseller.iam.gserviceaccount.com",
		"private_key_id": "k1", "private_key": string(pemKey), "token_uri": tokens.URL, "client_id": "1"})
	file := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(file, sa, 0o600); err != nil {
		t.Fatal(err)
	}
	s2, fake2 := pushTestWith(t, channel.Config{CredentialsFile: file, AdminSubject: "admin@reseller.example"}, Options{})
	c2 := addCustomer(t, s2, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err = s2.Push(context.Background(), "anna", c2.ID)
	if err == nil || got.Status != model.StatusFailed || !strings.Contains(got.StatusMessage, "admin_subject") ||
		!strings.Contains(got.StatusMessage, "delegation") || len(fake2.Requests()) != 0 {
		t.Fatalf("%+v, %v", got, err)
	}
	if n, _ := s2.Pending(context.Background()); len(n) != 0 {
		t.Fatalf("a configuration fault left the push pending: %v", n)
	}
}
