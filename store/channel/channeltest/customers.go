package channeltest

import (
	"fmt"
	"maps"
	"net/http"
	"sort"
	"strings"
)

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
	c["updateTime"] = f.stamp()
	delete(c, "cloudIdentityId") // output only
	f.customers[name] = c
	f.order = append(f.order, name)
	f.created[name] = f.now()
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
	if f.opInfo == nil {
		f.opInfo = map[string]string{}
	}
	f.opInfo[op] = str(info, "customerType")
	if code := f.FailOperations; code != "" {
		f.opErr[op] = code
	}
	for _, id := range f.identities {
		if id.Domain == str(c, "domain") && id.Type == str(info, "customerType") {
			f.opErr[op] = "ALREADY_EXISTS"
		}
	}
	reply(w, map[string]any{"name": op, "done": false, "metadata": provisionMetadata})
}

// provisionMetadata is the OperationMetadata of a provisioning, as Google
// sends it.
var provisionMetadata = opMetadata("PROVISION_CLOUD_IDENTITY")

func (f *Fake) operation(w http.ResponseWriter, op string) {
	left, ok := f.ops[op]
	if !ok {
		apiError(w, 404, "NOT_FOUND", "Operation not found.")
		return
	}
	if left > 1 {
		f.ops[op] = left - 1
		reply(w, map[string]any{"name": op, "done": false, "metadata": provisionMetadata})
		return
	}
	switch code := f.opErr[op]; code {
	case "":
	case "ALREADY_EXISTS":
		reply(w, map[string]any{"name": op, "done": true, "metadata": provisionMetadata,
			"error": map[string]any{"code": 6, "message": "The domain is already in use by another Cloud Identity account."}})
		return
	default:
		reply(w, map[string]any{"name": op, "done": true, "metadata": provisionMetadata,
			"error": map[string]any{"code": rpcCode[code], "message": "Provisioning failed: " + code + "."}})
		return
	}
	c := f.customers[f.opCustomer[op]]
	if c["cloudIdentityId"] == nil {
		f.next++
		c["cloudIdentityId"] = fmt.Sprintf("C0fake%04d", f.next)
		info, _ := f.opInfo[op]
		c["cloudIdentityInfo"] = identityInfo(info, str(c, "domain"))
		c["updateTime"] = f.stamp()
	}
	reply(w, map[string]any{"name": op, "done": true, "metadata": provisionMetadata,
		"response": withType(c, "type.googleapis.com/google.cloud.channel.v1.Customer")})
}

func (f *Fake) importCustomer(w http.ResponseWriter, body map[string]any) {
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
	case id.TokenExpired || str(body, "authToken") != id.Token:
		apiError(w, 400, "INVALID_ARGUMENT", "The auth token is invalid or has expired.")
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
	c := map[string]any{"name": name, "domain": id.Domain, "cloudIdentityId": id.CloudIdentityID, "orgDisplayName": id.Domain,
		"cloudIdentityInfo": identityInfo(id.Type, id.Domain), "updateTime": f.stamp()}
	if id.Type == "TEAM" {
		c["primaryContactInfo"] = map[string]any{"email": id.Email}
	}
	if _, ok := f.created[name]; !ok {
		f.created[name] = f.now()
	}
	f.customers[name] = c
	reply(w, c)
}

// rpcCode is the google.rpc.Code of a status name.
var rpcCode = map[string]int{"CANCELLED": 1, "UNKNOWN": 2, "INVALID_ARGUMENT": 3, "DEADLINE_EXCEEDED": 4, "NOT_FOUND": 5,
	"ALREADY_EXISTS": 6, "PERMISSION_DENIED": 7, "RESOURCE_EXHAUSTED": 8, "FAILED_PRECONDITION": 9, "ABORTED": 10,
	"INTERNAL": 13, "UNAVAILABLE": 14}

// withType is a copy of m with the Any's @type, as an operation's
// response carries it.
func withType(m map[string]any, t string) map[string]any {
	out := maps.Clone(m)
	out["@type"] = t
	return out
}
