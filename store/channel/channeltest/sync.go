package channeltest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// This file holds what a sync reads (customers.list in pages,
// entitlements.list), customers.patch, the quota, and the one-off
// failures.

var (
	reFilter = regexp.MustCompile(`^(domain|cloud_identity_id) = "([^"]+)"$`)
)

func (f *Fake) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// stamp is an updateTime for a change made now.
func (f *Fake) stamp() string { return f.now().UTC().Format(time.RFC3339Nano) }

func identityInfo(typ, domain string) map[string]any {
	return map[string]any{"customerType": typ, "primaryDomain": domain, "isDomainVerified": typ == "DOMAIN"}
}

// fail answers with the next one-off failure for the path, if any.
func (f *Fake) fail(w http.ResponseWriter, path string) bool {
	for key, list := range f.Failures {
		if len(list) == 0 || !strings.Contains(path, key) {
			continue
		}
		x := list[0]
		f.Failures[key] = list[1:]
		if x.RetryAfter != "" {
			w.Header().Set("Retry-After", x.RetryAfter)
		}
		msg := x.Message
		if msg == "" {
			msg = "The service is currently unavailable."
		}
		reason := x.Reason
		if reason == "" {
			reason = x.Status
		}
		apiErrorInfo(w, httpCode[x.Status], x.Status, reason, msg)
		return true
	}
	return false
}

// method names the quota bucket of a request ("" none).
func method(r *http.Request) string {
	switch {
	case r.Method == http.MethodGet && reCustomers.MatchString(r.URL.Path):
		return "customers.list"
	case r.Method == http.MethodGet && reEntitlements.MatchString(r.URL.Path):
		return "entitlements.list"
	}
	return ""
}

// overQuota counts the request in its minute and refuses it past the
// quota, as Google does (every request counts, refused ones too).
func (f *Fake) overQuota(w http.ResponseWriter, r *http.Request) bool {
	m := method(r)
	if m == "" {
		return false
	}
	minute := f.now().Unix() / 60
	if f.used[m] == nil {
		f.used[m] = map[int64]int{}
	}
	f.used[m][minute]++
	if q := f.Quota[m]; q > 0 && f.used[m][minute] > q {
		f.throttled[m]++
		w.Header().Set("Retry-After", strconv.FormatInt(60-f.now().Unix()%60, 10))
		apiErrorInfo(w, 429, "RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED",
			fmt.Sprintf("Quota exceeded for quota metric '%s' of service 'cloudchannel.googleapis.com'.", m))
		return true
	}
	return false
}

// Throttled is how many requests of the method the fake refused for the
// quota.
func (f *Fake) Throttled(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.throttled[method]
}

// MostInAMinute is the most requests of the method in one minute of Now.
func (f *Fake) MostInAMinute(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	most := 0
	for _, n := range f.used[method] {
		most = max(most, n)
	}
	return most
}

// AddCustomers gives the reseller n customers at once (domain
// c<first+i>.example), each with seats subscriptions of one SKU when
// seats > 0; it returns their resource names.
func (f *Fake) AddCustomers(first, n int, seats int64) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	names := make([]string, 0, n)
	for i := first; i < first+n; i++ {
		name := f.newName()
		domain := fmt.Sprintf("c%d.example", i)
		f.customers[name] = map[string]any{"name": name, "domain": domain, "orgDisplayName": fmt.Sprintf("Customer %d", i),
			"cloudIdentityId": fmt.Sprintf("C0bulk%07d", i), "cloudIdentityInfo": identityInfo("DOMAIN", domain),
			"orgPostalAddress":   map[string]any{"regionCode": "NL", "postalCode": "1012 AB", "addressLines": []any{"Damrak 1"}},
			"primaryContactInfo": map[string]any{"email": "admin@" + domain, "firstName": "Jan", "lastName": "Smit"},
			"languageCode":       "nl", "updateTime": f.stamp()}
		f.order = append(f.order, name)
		if seats > 0 {
			f.entitlements[name] = []map[string]any{entitlement(name, 1, seats)}
		}
		names = append(names, name)
	}
	return names
}

func entitlement(customer string, n int, seats int64) map[string]any {
	return map[string]any{"name": fmt.Sprintf("%s/entitlements/E%03d", customer, n), "offer": "accounts/C0reseller/offers/WS-BUSINESS-STARTER-FLEX",
		"provisioningState":  "ACTIVE",
		"provisionedService": map[string]any{"productId": "Google.GoogleApps", "skuId": "1010020027"},
		"parameters":         []any{map[string]any{"name": "num_units", "value": map[string]any{"int64Value": strconv.FormatInt(seats, 10)}}}}
}

// AddEntitlement gives a customer a subscription of seats.
func (f *Fake) AddEntitlement(customer string, seats int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entitlements[customer] = append(f.entitlements[customer], entitlement(customer, len(f.entitlements[customer])+1, seats))
}

// Remove ends the reseller's relationship with a customer (transferred
// away, or deleted): it is no longer listed.
func (f *Fake) Remove(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.customers, name)
	for i, n := range f.order {
		if n == name {
			f.order = append(f.order[:i:i], f.order[i+1:]...)
			break
		}
	}
}

func pageSize(q url.Values, def, most int) (int, bool) {
	v := q.Get("pageSize")
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	if n == 0 {
		return def, true
	}
	return min(n, most), true
}

// list is customers.list: at most pageSize (default 10, most 50) from the
// page token on, filtered by domain or Cloud Identity ID; a customer
// created less than FilterDelay ago is not in filtered lists yet.
func (f *Fake) list(w http.ResponseWriter, q url.Values) {
	filter := strings.TrimSpace(q.Get("filter"))
	m := reFilter.FindStringSubmatch(filter)
	if filter != "" && m == nil {
		apiError(w, 400, "INVALID_ARGUMENT", "Invalid filter: "+filter)
		return
	}
	size, ok := pageSize(q, 10, 50)
	if !ok {
		apiError(w, 400, "INVALID_ARGUMENT", "Invalid page size.")
		return
	}
	start := 0
	if tok := q.Get("pageToken"); tok != "" {
		after, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || !strings.HasPrefix(string(after), "after:") {
			apiError(w, 400, "INVALID_ARGUMENT", "Invalid page token.")
			return
		}
		last := strings.TrimPrefix(string(after), "after:")
		start = len(f.order)
		for i, n := range f.order {
			if n > last {
				start = i
				break
			}
		}
	}
	out := []map[string]any{}
	next := ""
	for i := start; i < len(f.order); i++ {
		n := f.order[i]
		c := f.customers[n]
		if m != nil {
			if f.now().Sub(f.created[n]) < f.FilterDelay {
				continue // not in the filter's index yet
			}
			field := map[string]string{"domain": "domain", "cloud_identity_id": "cloudIdentityId"}[m[1]]
			if !strings.EqualFold(str(c, field), m[2]) {
				continue
			}
		}
		if len(out) == size {
			next = base64.RawURLEncoding.EncodeToString([]byte("after:" + f.order[i-1]))
			break
		}
		out = append(out, c)
	}
	resp := map[string]any{"customers": out}
	if next != "" {
		resp["nextPageToken"] = next
	}
	reply(w, resp)
}

// patchable maps customers.patch mask paths (snake or camel case) to the
// customer's JSON fields.
var patchable = map[string]string{"org_display_name": "orgDisplayName", "orgDisplayName": "orgDisplayName",
	"org_postal_address": "orgPostalAddress", "orgPostalAddress": "orgPostalAddress",
	"primary_contact_info": "primaryContactInfo", "primaryContactInfo": "primaryContactInfo",
	"alternate_email": "alternateEmail", "alternateEmail": "alternateEmail",
	"language_code": "languageCode", "languageCode": "languageCode",
	"correlation_id": "correlationId", "correlationId": "correlationId"}

// patch is customers.patch: only the fields in updateMask change (all
// the body's fields when there is none); output-only fields cannot be.
func (f *Fake) patch(w http.ResponseWriter, r *http.Request, name string) {
	c, ok := f.customers[name]
	if !ok {
		apiError(w, 404, "NOT_FOUND", "Customer not found.")
		return
	}
	body := f.requests[len(f.requests)-1].Body
	var fields []string
	if mask := r.URL.Query().Get("updateMask"); mask != "" {
		for _, p := range strings.Split(mask, ",") {
			k, ok := patchable[strings.TrimSpace(p)]
			if !ok {
				apiError(w, 400, "INVALID_ARGUMENT", "Invalid update mask path: "+p)
				return
			}
			fields = append(fields, k)
		}
	} else {
		for k := range body {
			if _, ok := patchable[k]; ok {
				fields = append(fields, k)
			}
		}
	}
	for _, k := range fields {
		if v, ok := body[k]; ok {
			c[k] = v
		} else {
			delete(c, k)
		}
	}
	c["updateTime"] = f.stamp()
	reply(w, c)
}

// listEntitlements is entitlements.list of one customer (pages of at
// most 100, default 50).
func (f *Fake) listEntitlements(w http.ResponseWriter, q url.Values, customer string) {
	if !strings.HasPrefix(customer, "accounts/"+f.Account+"/") {
		apiError(w, 403, "PERMISSION_DENIED", "The caller does not have permission for "+customer)
		return
	}
	if _, ok := f.customers[customer]; !ok {
		apiError(w, 404, "NOT_FOUND", "Customer not found.")
		return
	}
	size, ok := pageSize(q, 50, 100)
	if !ok {
		apiError(w, 400, "INVALID_ARGUMENT", "Invalid page size.")
		return
	}
	// The subscriptions a test gave the customer, then those bought or
	// transferred through the fake (entitlements.create, transferEntitlements).
	all := append(append([]map[string]any{}, f.entitlements[customer]...), f.shopOf().entitlements[customer]...)
	start := 0
	if tok := q.Get("pageToken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || n > len(all) {
			apiError(w, 400, "INVALID_ARGUMENT", "Invalid page token.")
			return
		}
		start = n
	}
	end := min(start+size, len(all))
	resp := map[string]any{"entitlements": all[start:end]}
	if end < len(all) {
		resp["nextPageToken"] = strconv.Itoa(end)
	}
	reply(w, resp)
}
