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
	"regexp"
	"sort"
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
	next       int
	requests   []Request
	// PollsToFinish is how many operations.get calls an operation takes.
	PollsToFinish int
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
		opCustomer: map[string]string{}, PollsToFinish: 3, FailNext: map[string]string{}}
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
		f.customers[name] = map[string]any{"name": name, "domain": id.Domain, "cloudIdentityId": id.CloudIdentityID, "orgDisplayName": id.Domain}
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

// apiError writes the API's error shape.
func apiError(w http.ResponseWriter, code int, status, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": code, "message": msg, "status": status}})
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
	if r.Body != nil && r.Method == http.MethodPost {
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
	f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Body: body, Auth: r.Header.Get("Authorization")})
	for key, status := range f.FailNext {
		if strings.Contains(r.URL.Path, key) {
			delete(f.FailNext, key)
			apiError(w, httpCode[status], status, "The service is currently unavailable.")
			return
		}
	}
	if f.serveShop(w, r, body) {
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
		f.list(w, r.URL.Query().Get("filter"))
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

func (f *Fake) check(w http.ResponseWriter, body map[string]any) {
	domain, email := str(body, "domain"), str(body, "primaryAdminEmail")
	if domain == "" {
		apiError(w, 400, "INVALID_ARGUMENT", "Domain is required.")
		return
	}
	var out []map[string]any
	for _, id := range f.identities {
		if id.Domain == domain && (email == "" || id.Type != "TEAM" || strings.EqualFold(id.Email, email)) {
			a := map[string]any{"existing": true, "owned": id.Owner == f.Account, "customerCloudIdentityId": id.CloudIdentityID,
				"customerType": id.Type}
			if id.Owner == f.Account {
				for _, n := range f.order {
					if str(f.customers[n], "domain") == domain {
						a["customerName"] = n
					}
				}
			}
			out = append(out, a)
		}
	}
	reply(w, map[string]any{"cloudIdentityAccounts": out})
}

func (f *Fake) create(w http.ResponseWriter, c map[string]any) {
	domain := str(c, "domain")
	contact, _ := c["primaryContactInfo"].(map[string]any)
	addr, _ := c["orgPostalAddress"].(map[string]any)
	email := str(contact, "email")
	switch {
	case str(c, "orgDisplayName") == "":
		apiError(w, 400, "INVALID_ARGUMENT", "org_display_name is required.")
		return
	case domain == "":
		apiError(w, 400, "INVALID_ARGUMENT", "domain is required.")
		return
	case email != "" && !strings.HasSuffix(strings.ToLower(email), "@"+domain):
		apiError(w, 400, "INVALID_ARGUMENT", "Customer domain must match the primary contact email's domain.")
		return
	case addr == nil || str(addr, "regionCode") == "":
		apiError(w, 400, "INVALID_ARGUMENT", "org_postal_address.region_code is required.")
		return
	case str(addr, "postalCode") == "":
		apiError(w, 400, "INVALID_ARGUMENT", "org_postal_address.postal_code is required.")
		return
	}
	if lines, _ := addr["addressLines"].([]any); len(lines) == 0 {
		apiError(w, 400, "INVALID_ARGUMENT", "org_postal_address.address_lines is required.")
		return
	}
	name := f.newName()
	c["name"] = name
	f.customers[name] = c
	f.order = append(f.order, name)
	if f.created == nil {
		f.created = map[string]time.Time{}
	}
	f.created[name] = time.Now()
	if f.DropCreateResponses > 0 {
		f.DropCreateResponses--
		if hj, ok := w.(http.Hijacker); ok {
			conn, _, err := hj.Hijack()
			if err == nil {
				conn.Close() // done, but the answer never arrives
				return
			}
		}
	}
	reply(w, c)
}

func (f *Fake) list(w http.ResponseWriter, filter string) {
	m := regexp.MustCompile(`^domain = "([^"]+)"$`).FindStringSubmatch(strings.TrimSpace(filter))
	if filter != "" && m == nil {
		apiError(w, 400, "INVALID_ARGUMENT", "Invalid filter: "+filter)
		return
	}
	var out []map[string]any
	for _, n := range f.order {
		if m != nil && time.Since(f.created[n]) < f.FilterDelay {
			continue // not in filtered lists yet
		}
		if m == nil || strings.EqualFold(str(f.customers[n], "domain"), m[1]) {
			out = append(out, f.customers[n])
		}
	}
	reply(w, map[string]any{"customers": out})
}

func (f *Fake) provision(w http.ResponseWriter, name string, body map[string]any) {
	c, ok := f.customers[name]
	if !ok {
		apiError(w, 404, "NOT_FOUND", "Customer not found.")
		return
	}
	info, _ := body["cloudIdentityInfo"].(map[string]any)
	user, _ := body["user"].(map[string]any)
	if info == nil || user == nil || str(user, "email") == "" {
		apiError(w, 400, "INVALID_ARGUMENT", "cloud_identity_info and user.email are required.")
		return
	}
	if t := str(info, "customerType"); t != "DOMAIN" && t != "TEAM" {
		apiError(w, 400, "INVALID_ARGUMENT", "cloud_identity_info.customer_type is required.")
		return
	}
	if v, ok := body["validateOnly"].(bool); ok && v {
		reply(w, map[string]any{"name": "operations/validate", "done": true})
		return
	}
	if c["cloudIdentityId"] != nil {
		apiError(w, 409, "ALREADY_EXISTS", "The customer already has a Cloud Identity.")
		return
	}
	f.next++
	op := fmt.Sprintf("operations/op%05d", f.next)
	f.ops[op] = f.PollsToFinish
	f.opCustomer[op] = name
	for _, id := range f.identities {
		if id.Domain == str(c, "domain") && id.Type == str(info, "customerType") {
			f.opErr[op] = "ALREADY_EXISTS"
		}
	}
	reply(w, map[string]any{"name": op, "done": false})
}

func (f *Fake) operation(w http.ResponseWriter, op string) {
	left, ok := f.ops[op]
	if !ok {
		apiError(w, 404, "NOT_FOUND", "Operation not found.")
		return
	}
	if left > 1 {
		f.ops[op] = left - 1
		reply(w, map[string]any{"name": op, "done": false})
		return
	}
	if f.opErr[op] != "" {
		reply(w, map[string]any{"name": op, "done": true, "error": map[string]any{"code": 6, "message": "The domain is already in use by another Cloud Identity account."}})
		return
	}
	c := f.customers[f.opCustomer[op]]
	if c["cloudIdentityId"] == nil {
		f.next++
		c["cloudIdentityId"] = fmt.Sprintf("C0fake%04d", f.next)
	}
	reply(w, map[string]any{"name": op, "done": true, "response": c})
}

func (f *Fake) importCustomer(w http.ResponseWriter, body map[string]any) {
	if _, sent := body["overwriteIfExists"]; !sent {
		apiError(w, 400, "INVALID_ARGUMENT", "overwrite_if_exists must be set.")
		return
	}
	var keys []string
	for _, k := range []string{"domain", "cloudIdentityId", "primaryAdminEmail"} {
		if str(body, k) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) != 1 {
		apiError(w, 400, "INVALID_ARGUMENT", "Exactly one of domain, cloud_identity_id or primary_admin_email is required.")
		return
	}
	var id *Identity
	for i := range f.identities {
		x := &f.identities[i]
		if (keys[0] == "domain" && x.Domain == str(body, "domain")) || (keys[0] == "cloudIdentityId" && x.CloudIdentityID == str(body, "cloudIdentityId")) ||
			(keys[0] == "primaryAdminEmail" && strings.EqualFold(x.Email, str(body, "primaryAdminEmail"))) {
			id = x
			break
		}
	}
	switch {
	case id == nil:
		apiError(w, 404, "NOT_FOUND", "No Cloud Identity account was found for the customer.")
		return
	case id.Type == "TEAM" && keys[0] != "cloudIdentityId":
		apiError(w, 400, "INVALID_ARGUMENT", "A team customer can only be imported by its Cloud Identity ID.")
		return
	case id.TokenExpired || str(body, "authToken") != id.Token:
		apiError(w, 403, "PERMISSION_DENIED", "The auth token is invalid or has expired.")
		return
	case id.Owner == f.Account && body["overwriteIfExists"] != true:
		apiError(w, 409, "ALREADY_EXISTS", "The customer is already a customer of this reseller.")
		return
	}
	name := ""
	for _, n := range f.order {
		if str(f.customers[n], "cloudIdentityId") == id.CloudIdentityID {
			name = n
		}
	}
	if name == "" {
		name = f.newName()
		f.order = append(f.order, name)
	}
	id.Owner = f.Account
	c := map[string]any{"name": name, "domain": id.Domain, "cloudIdentityId": id.CloudIdentityID, "orgDisplayName": id.Domain}
	f.customers[name] = c
	reply(w, c)
}

// Change edits a customer at the fake, as its admin would in the Admin
// console.
func (f *Fake) Change(name string, fn func(c map[string]any)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.customers[name]; ok {
		fn(c)
	}
}
