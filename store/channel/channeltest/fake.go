// Package channeltest is a fake of the Cloud Channel API for tests: an
// httptest server that checks paths, methods and JSON bodies the way the
// real API rejects them, answers with the real error shape
// ({"error": {"code", "message", "status"}}) and runs provisioning as a
// long-running operation that finishes after a few polls.
package channeltest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Identity is a Cloud Identity account Google already has.
type Identity struct {
	Domain, Email, CloudIdentityID string
	Type                           string // DOMAIN or TEAM
	Owner                          string // the reseller account that has it as a customer ("" = none)
	Token                          string // the transfer token its super admin generated
	TokenExpired                   bool
}

// Request is one request the fake answered.
type Request struct {
	Method, Path string
	Body         map[string]any
	Auth         string // the Authorization header
	Query        url.Values
}

func (r Request) String() string { return r.Method + " " + r.Path }

// Fake is the server's state.
type Fake struct {
	*httptest.Server
	Account string // the reseller account id (C0…) the fake serves

	mu         sync.Mutex
	identities []Identity
	customers  map[string]map[string]any // by resource name
	order      []string
	ops        map[string]int // operation → polls left
	opErr      map[string]string
	opCustomer map[string]string
	opInfo     map[string]string // operation → customerType being provisioned
	next       int
	requests   []Request
	// PollsToFinish is how many operations.get calls an operation takes.
	PollsToFinish int
	// FailOperations makes every provisioning started from now finish
	// with this error status (INTERNAL, UNAVAILABLE, …; "" none).
	FailOperations string
	// DropCreateResponses makes that many next customers.create calls do
	// their work and then drop the connection, as a lost response.
	DropCreateResponses int
	// FailNext answers the next request whose path contains the key with
	// that status (UNAVAILABLE, INTERNAL, …).
	FailNext map[string]string
	// FilterDelay is how long a new customer stays out of filtered lists
	// (Google's own delay is a few seconds).
	FilterDelay time.Duration
	created     map[string]time.Time
	misbehave   func(w http.ResponseWriter, r *http.Request, body map[string]any) bool
	shop        *shop // the catalogue, entitlements and transfers (catalog.go); made on first use
	// Now is the fake's clock (time.Now when nil): the filter delay, the
	// quota's minutes and updateTime read it.
	Now func() time.Time
	// Quota is how many calls of a method ("customers.list",
	// "entitlements.list") a minute of Now the fake answers before it
	// refuses with 429 RESOURCE_EXHAUSTED, as Google's per-project quota
	// does; a method not in it has no quota.
	Quota     map[string]int
	used      map[string]map[int64]int // method → minute → calls
	throttled map[string]int           // method → 429s sent
	// Failures answers the next requests whose path contains the key with
	// these failures, one each, in order.
	Failures     map[string][]Failure
	entitlements map[string][]map[string]any // by customer resource name
}

// Failure is an error answer the fake gives once: Status (the API's
// error.status), Reason (the ErrorInfo detail), Message, and RetryAfter
// (the Retry-After header, in seconds; "" none).
type Failure struct {
	Status, Reason, Message, RetryAfter string
}

// Misbehave makes fn see each request first (with its JSON body); fn may
// answer it itself, as a broken network or server would (hang, send an
// endless body, answer {}), and returns whether it did. fn runs without
// the fake's lock, so a hang holds up no other request. nil ends it.
func (f *Fake) Misbehave(fn func(w http.ResponseWriter, r *http.Request, body map[string]any) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.misbehave = fn
}

// New starts a fake for the reseller account.
func New(account string) *Fake {
	f := &Fake{Account: account, customers: map[string]map[string]any{}, ops: map[string]int{}, opErr: map[string]string{},
		opCustomer: map[string]string{}, PollsToFinish: 3, FailNext: map[string]string{}, Quota: map[string]int{},
		used: map[string]map[int64]int{}, throttled: map[string]int{}, Failures: map[string][]Failure{},
		entitlements: map[string][]map[string]any{}, created: map[string]time.Time{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// Endpoint is the address to put in [google] endpoint.
func (f *Fake) Endpoint() string { return f.URL + "/" }

// AddIdentity makes Google know a Cloud Identity account.
func (f *Fake) AddIdentity(id Identity) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.identities = append(f.identities, id)
	if id.Owner == f.Account {
		name := f.newName()
		f.customers[name] = map[string]any{"name": name, "domain": id.Domain, "cloudIdentityId": id.CloudIdentityID, "orgDisplayName": id.Domain,
			"cloudIdentityInfo": identityInfo(id.Type, id.Domain), "updateTime": f.stamp()}
		f.order = append(f.order, name)
	}
}

// Requests returns what the fake was asked, in order.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Customers returns the customers the reseller has at the fake.
func (f *Fake) Customers() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, n := range f.order {
		out = append(out, f.customers[n])
	}
	return out
}

func (f *Fake) newName() string {
	f.next++
	return fmt.Sprintf("accounts/%s/customers/S%05d", f.Account, f.next)
}

var (
	reCheck     = regexp.MustCompile(`^/v1/accounts/([^/:]+):checkCloudIdentityAccountsExist$`)
	reCustomers = regexp.MustCompile(`^/v1/accounts/([^/:]+)/customers$`)
	reImport    = regexp.MustCompile(`^/v1/accounts/([^/:]+)/customers:import$`)
	reProvision = regexp.MustCompile(`^/v1/(accounts/[^/:]+/customers/[^/:]+):provisionCloudIdentity$`)
	reCustomer  = regexp.MustCompile(`^/v1/(accounts/[^/:]+/customers/[^/:]+)$`)
	reOperation = regexp.MustCompile(`^/v1/(operations/[^/:]+)$`)
)

// apiError writes the API's error shape, with an ErrorInfo detail whose
// reason is the status (as Google's errors carry one).
func apiError(w http.ResponseWriter, code int, status, msg string) {
	apiErrorInfo(w, code, status, status, msg)
}

// apiErrorInfo is apiError with the ErrorInfo's reason given.
func apiErrorInfo(w http.ResponseWriter, code int, status, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	detail := map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "cloudchannel.googleapis.com",
		"metadata": map[string]any{"service": "cloudchannel.googleapis.com"}}
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": code, "message": msg, "status": status,
		"details": []any{detail}}})
}

var httpCode = map[string]int{"INVALID_ARGUMENT": 400, "FAILED_PRECONDITION": 400, "UNAUTHENTICATED": 401,
	"PERMISSION_DENIED": 403, "NOT_FOUND": 404, "ALREADY_EXISTS": 409, "ABORTED": 409, "RESOURCE_EXHAUSTED": 429,
	"INTERNAL": 500, "UNAVAILABLE": 503, "DEADLINE_EXCEEDED": 504}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if r.Body != nil && (r.Method == http.MethodPost || r.Method == http.MethodPatch) {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			apiError(w, 400, "INVALID_ARGUMENT", "Invalid JSON payload received: "+err.Error())
			return
		}
	}
	f.mu.Lock()
	misbehave := f.misbehave
	f.mu.Unlock()
	if misbehave != nil && misbehave(w, r, body) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Body: body, Auth: r.Header.Get("Authorization"), Query: r.URL.Query()})
	for key, status := range f.FailNext {
		if strings.Contains(r.URL.Path, key) {
			delete(f.FailNext, key)
			apiError(w, httpCode[status], status, "The service is currently unavailable.")
			return
		}
	}
	if f.fail(w, r.URL.Path) || f.overQuota(w, r) || f.serveShop(w, r, body) {
		return
	}
	p := r.URL.Path
	account := func(m []string) bool {
		if m[1] != f.Account {
			apiError(w, 403, "PERMISSION_DENIED", "The caller does not have permission for account "+m[1])
			return false
		}
		return true
	}
	switch {
	case r.Method == http.MethodPost && reCheck.MatchString(p):
		if !account(reCheck.FindStringSubmatch(p)) {
			return
		}
		f.check(w, body)
	case r.Method == http.MethodPost && reImport.MatchString(p):
		if !account(reImport.FindStringSubmatch(p)) {
			return
		}
		f.importCustomer(w, body)
	case r.Method == http.MethodPost && reCustomers.MatchString(p):
		if !account(reCustomers.FindStringSubmatch(p)) {
			return
		}
		f.create(w, body)
	case r.Method == http.MethodGet && reCustomers.MatchString(p):
		if !account(reCustomers.FindStringSubmatch(p)) {
			return
		}
		f.list(w, r.URL.Query())
	case r.Method == http.MethodPatch && reCustomer.MatchString(p):
		f.patch(w, r, reCustomer.FindStringSubmatch(p)[1])
	case r.Method == http.MethodGet && reEntitlements.MatchString(p):
		f.listEntitlements(w, r.URL.Query(), reEntitlements.FindStringSubmatch(p)[1])
	case r.Method == http.MethodPost && reProvision.MatchString(p):
		f.provision(w, reProvision.FindStringSubmatch(p)[1], body)
	case r.Method == http.MethodGet && reCustomer.MatchString(p):
		c, ok := f.customers[reCustomer.FindStringSubmatch(p)[1]]
		if !ok {
			apiError(w, 404, "NOT_FOUND", "Customer not found.")
			return
		}
		reply(w, c)
	case r.Method == http.MethodGet && reOperation.MatchString(p):
		f.operation(w, reOperation.FindStringSubmatch(p)[1])
	default:
		apiError(w, 404, "NOT_FOUND", fmt.Sprintf("No route for %s %s", r.Method, p))
	}
}

// Change edits a customer at the fake, as its admin would in the Admin
// console.
func (f *Fake) Change(name string, fn func(c map[string]any)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.customers[name]; ok {
		fn(c)
		c["updateTime"] = f.stamp()
	}
}
