package channeltest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// The fake's shop: the catalogue Google offers this reseller, the
// customers' subscriptions (entitlements) and their long-running
// operations, and the subscriptions imported customers have elsewhere.
// It lives beside the Fake (keyed by it) so that the customers' part of
// the fake stays as it is.

// Product is a product family of the fake's catalogue.
type Product struct {
	ID, Name string
}

// SKU is one SKU of the catalogue.
type SKU struct {
	Product, ID, Name string
	// Team: email-verified team customers may buy it (Enterprise Essentials
	// and Essentials Plus only, until they verify their domain).
	Team bool
	// ToS: a new subscription waits for the customer to accept Google's
	// Terms of Service (every Google Workspace SKU).
	ToS bool
}

// Resource is the SKU's resource name.
func (s SKU) Resource() string { return "products/" + s.Product + "/skus/" + s.ID }

// CatalogOffer is one offer of a SKU.
type CatalogOffer struct {
	ID      string
	SKU     string // the SKU's ID
	Plan    string // FLEXIBLE, COMMITMENT, FREE, TRIAL
	Cycle   string // MONTH or YEAR: how often it is paid
	MaxSeat int64
	Price   string // "" = no price in the offer; else units.nanos in Currency per seat per month
}

// Products are the fake reseller's product families.
var Products = []Product{
	{"GoogleWorkspace", "Google Workspace"}, {"CloudIdentity", "Cloud Identity"}, {"Chrome", "Chrome Enterprise"},
}

// SKUs is the fake's catalogue, with Google's SKU ids.
var SKUs = []SKU{
	{Product: "GoogleWorkspace", ID: "1010020027", Name: "Google Workspace Business Starter", ToS: true},
	{Product: "GoogleWorkspace", ID: "1010020028", Name: "Google Workspace Business Standard", ToS: true},
	{Product: "GoogleWorkspace", ID: "1010020025", Name: "Google Workspace Business Plus", ToS: true},
	{Product: "GoogleWorkspace", ID: "1010020026", Name: "Google Workspace Enterprise Standard", ToS: true},
	{Product: "GoogleWorkspace", ID: "1010020020", Name: "Google Workspace Enterprise Plus", ToS: true},
	{Product: "GoogleWorkspace", ID: "1010060003", Name: "Google Workspace Enterprise Essentials", Team: true, ToS: true},
	{Product: "GoogleWorkspace", ID: "1010060005", Name: "Google Workspace Enterprise Essentials Plus", Team: true, ToS: true},
	{Product: "CloudIdentity", ID: "1010010001", Name: "Cloud Identity Free"},
	{Product: "CloudIdentity", ID: "1010050001", Name: "Cloud Identity Premium"},
}

// Offers is every SKU's offers: flexible, annual paid monthly and annual
// paid yearly for Workspace (Business editions are capped at 300 seats),
// free or flexible for Cloud Identity; prices on the Business editions.
var Offers = []CatalogOffer{
	{ID: "OBS-FLEX", SKU: "1010020027", Plan: "FLEXIBLE", Cycle: "MONTH", MaxSeat: 300, Price: "8.40"},
	{ID: "OBS-ANNM", SKU: "1010020027", Plan: "COMMITMENT", Cycle: "MONTH", MaxSeat: 300, Price: "7.00"},
	{ID: "OBS-ANNY", SKU: "1010020027", Plan: "COMMITMENT", Cycle: "YEAR", MaxSeat: 300, Price: "7.00"},
	{ID: "OBT-FLEX", SKU: "1010020028", Plan: "FLEXIBLE", Cycle: "MONTH", MaxSeat: 300, Price: "16.80"},
	{ID: "OBT-ANNM", SKU: "1010020028", Plan: "COMMITMENT", Cycle: "MONTH", MaxSeat: 300, Price: "14.00"},
	{ID: "OBT-ANNY", SKU: "1010020028", Plan: "COMMITMENT", Cycle: "YEAR", MaxSeat: 300, Price: "14.00"},
	{ID: "OBP-FLEX", SKU: "1010020025", Plan: "FLEXIBLE", Cycle: "MONTH", MaxSeat: 300, Price: "26.40"},
	{ID: "OBP-ANNM", SKU: "1010020025", Plan: "COMMITMENT", Cycle: "MONTH", MaxSeat: 300, Price: "22.00"},
	{ID: "OBP-ANNY", SKU: "1010020025", Plan: "COMMITMENT", Cycle: "YEAR", MaxSeat: 300},
	{ID: "OES-FLEX", SKU: "1010020026", Plan: "FLEXIBLE", Cycle: "MONTH"},
	{ID: "OES-ANNM", SKU: "1010020026", Plan: "COMMITMENT", Cycle: "MONTH"},
	{ID: "OES-ANNY", SKU: "1010020026", Plan: "COMMITMENT", Cycle: "YEAR"},
	{ID: "OEP-FLEX", SKU: "1010020020", Plan: "FLEXIBLE", Cycle: "MONTH"},
	{ID: "OEP-ANNY", SKU: "1010020020", Plan: "COMMITMENT", Cycle: "YEAR"},
	{ID: "OEE-FLEX", SKU: "1010060003", Plan: "FLEXIBLE", Cycle: "MONTH", Price: "10.00"},
	{ID: "OEE-ANNY", SKU: "1010060003", Plan: "COMMITMENT", Cycle: "YEAR"},
	{ID: "OEEP-FLEX", SKU: "1010060005", Plan: "FLEXIBLE", Cycle: "MONTH"},
	{ID: "OCIF-FREE", SKU: "1010010001", Plan: "FREE", MaxSeat: 50},
	{ID: "OCIP-FLEX", SKU: "1010050001", Plan: "FLEXIBLE", Cycle: "MONTH", Price: "7.20"},
}

// shop is the fake's selling state.
type shop struct {
	entitlements map[string][]map[string]any // by customer name, in order
	byRequest    map[string]string           // customer + requestId → operation
	ops          map[string]*shopOp
	transferable map[string][]Transferable // by Cloud Identity ID
	next         int
	// maxPage is the most items one page of a list holds, whatever was
	// asked: Google "might return fewer results than requested".
	maxPage int
	// dropAnswers: that many next entitlements.create or
	// transferEntitlements calls do their work and drop the connection.
	dropAnswers int
}

type shopOp struct {
	left     int
	kind     string // CREATE_ENTITLEMENT or TRANSFER_ENTITLEMENTS
	made     []map[string]any
	customer string
}

// shopOf is f's shop, made on first use; f.mu is held.
func (f *Fake) shopOf() *shop {
	if f.shop == nil {
		f.shop = &shop{entitlements: map[string][]map[string]any{}, byRequest: map[string]string{}, ops: map[string]*shopOp{},
			transferable: map[string][]Transferable{}, maxPage: 4}
	}
	return f.shop
}

// SetMaxPage makes every list page hold at most n items (at least 1).
func (f *Fake) SetMaxPage(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shopOf().maxPage = max(1, n)
}

// DropOrderAnswers makes the next n entitlements.create or
// transferEntitlements calls do their work and then drop the connection,
// as a lost answer.
func (f *Fake) DropOrderAnswers(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shopOf().dropAnswers = n
}

var (
	reProducts     = regexp.MustCompile(`^/v1/products$`)
	rePurchSkus    = regexp.MustCompile(`^/v1/(accounts/([^/:]+)/customers/[^/:]+):listPurchasableSkus$`)
	rePurchOffers  = regexp.MustCompile(`^/v1/(accounts/([^/:]+)/customers/[^/:]+):listPurchasableOffers$`)
	reEntitlements = regexp.MustCompile(`^/v1/(accounts/([^/:]+)/customers/[^/:]+)/entitlements$`)
	reEntitlement  = regexp.MustCompile(`^/v1/((accounts/([^/:]+)/customers/[^/:]+)/entitlements/[^/:]+)$`)
	reTransSkus    = regexp.MustCompile(`^/v1/accounts/([^/:]+):listTransferableSkus$`)
	reTransOffers  = regexp.MustCompile(`^/v1/accounts/([^/:]+):listTransferableOffers$`)
	reTransfer     = regexp.MustCompile(`^/v1/(accounts/([^/:]+)/customers/[^/:]+):transferEntitlements$`)
)

// serveShop answers the catalogue, entitlement, transfer and their
// operations' requests, and reports whether r was one; f.mu is held.
func (f *Fake) serveShop(w http.ResponseWriter, r *http.Request, body map[string]any) bool {
	p, q, get, post := r.URL.Path, r.URL.Query(), r.Method == http.MethodGet, r.Method == http.MethodPost
	s := f.shopOf()
	mine := func(account string) bool {
		if account != f.Account {
			shopError(w, 403, "PERMISSION_DENIED", "The caller does not have permission for account "+account)
			return false
		}
		return true
	}
	customer := func(name string) (map[string]any, bool) {
		c, ok := f.customers[name]
		if !ok {
			shopError(w, 404, "NOT_FOUND", "Customer "+name+" not found.")
		}
		return c, ok
	}
	switch {
	case get && reProducts.MatchString(p):
		acct := q.Get("account")
		if acct == "" {
			shopError(w, 400, "INVALID_ARGUMENT", "account is required.")
			return true
		}
		if !mine(strings.TrimPrefix(acct, "accounts/")) {
			return true
		}
		var all []map[string]any
		for _, pr := range Products {
			all = append(all, productJSON(pr))
		}
		f.page(w, s, q.Get("pageSize"), q.Get("pageToken"), "products", all)
	case get && rePurchSkus.MatchString(p):
		m := rePurchSkus.FindStringSubmatch(p)
		if !mine(m[2]) {
			return true
		}
		c, ok := customer(m[1])
		if !ok {
			return true
		}
		product := q.Get("createEntitlementPurchase.product")
		if product == "" && q.Get("changeOfferPurchase.entitlement") == "" {
			shopError(w, 400, "INVALID_ARGUMENT", "One of create_entitlement_purchase or change_offer_purchase is required.")
			return true
		}
		var all []map[string]any
		for _, k := range f.purchasable(c) {
			if product == "products/-" || product == "products/"+k.Product {
				all = append(all, map[string]any{"sku": skuJSON(k)})
			}
		}
		f.page(w, s, q.Get("pageSize"), q.Get("pageToken"), "purchasableSkus", all)
	case get && rePurchOffers.MatchString(p):
		m := rePurchOffers.FindStringSubmatch(p)
		if !mine(m[2]) {
			return true
		}
		c, ok := customer(m[1])
		if !ok {
			return true
		}
		skuName := q.Get("createEntitlementPurchase.sku")
		if skuName == "" && q.Get("changeOfferPurchase.entitlement") == "" {
			shopError(w, 400, "INVALID_ARGUMENT", "One of create_entitlement_purchase or change_offer_purchase is required.")
			return true
		}
		var all []map[string]any
		for _, k := range f.purchasable(c) {
			if k.Resource() != skuName {
				continue
			}
			for _, o := range Offers {
				if o.SKU == k.ID {
					all = append(all, map[string]any{"offer": f.offerJSON(o, k, 0)})
				}
			}
		}
		f.page(w, s, q.Get("pageSize"), q.Get("pageToken"), "purchasableOffers", all)
	case post && reEntitlements.MatchString(p):
		m := reEntitlements.FindStringSubmatch(p)
		if !mine(m[2]) {
			return true
		}
		if c, ok := customer(m[1]); ok {
			f.createEntitlement(w, s, m[1], c, body)
		}
	case get && reEntitlement.MatchString(p):
		m := reEntitlement.FindStringSubmatch(p)
		if !mine(m[3]) {
			return true
		}
		for _, e := range s.entitlements[m[2]] {
			if e["name"] == m[1] {
				reply(w, e)
				return true
			}
		}
		shopError(w, 404, "NOT_FOUND", "Entitlement "+m[1]+" not found.")
	case post && reTransSkus.MatchString(p):
		if mine(reTransSkus.FindStringSubmatch(p)[1]) {
			f.listTransferableSkus(w, s, body)
		}
	case post && reTransOffers.MatchString(p):
		if mine(reTransOffers.FindStringSubmatch(p)[1]) {
			f.listTransferableOffers(w, s, body)
		}
	case post && reTransfer.MatchString(p):
		m := reTransfer.FindStringSubmatch(p)
		if !mine(m[2]) {
			return true
		}
		if c, ok := customer(m[1]); ok {
			f.transferEntitlements(w, s, m[1], c, body)
		}
	case get && reOperation.MatchString(p) && s.ops[reOperation.FindStringSubmatch(p)[1]] != nil:
		f.shopOperation(w, s, reOperation.FindStringSubmatch(p)[1])
	default:
		return false
	}
	return true
}

// shopError writes the API's error shape with its details, as Google's
// APIs send them: a google.rpc.ErrorInfo naming the service, and for an
// INVALID_ARGUMENT a google.rpc.BadRequest with the violation.
func shopError(w http.ResponseWriter, code int, status, msg string) {
	details := []any{map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": status, "domain": "cloudchannel.googleapis.com"}}
	if status == "INVALID_ARGUMENT" {
		details = append(details, map[string]any{"@type": "type.googleapis.com/google.rpc.BadRequest",
			"fieldViolations": []any{map[string]any{"description": msg}}})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": code, "message": msg, "status": status, "details": details}})
}

// page answers one page of all under key, with Google's nextPageToken.
func (f *Fake) page(w http.ResponseWriter, s *shop, size, token, key string, all []map[string]any) {
	n := 100
	if size != "" {
		v, err := strconv.Atoi(size)
		if err != nil || v < 0 {
			shopError(w, 400, "INVALID_ARGUMENT", "Invalid page_size: "+size)
			return
		}
		if v > 0 {
			n = min(v, 1000)
		}
	}
	n = min(n, s.maxPage)
	from := 0
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		v, cerr := strconv.Atoi(strings.TrimPrefix(string(raw), key+":"))
		if err != nil || cerr != nil || !strings.HasPrefix(string(raw), key+":") || v < 0 || v > len(all) {
			shopError(w, 400, "INVALID_ARGUMENT", "Invalid page token.")
			return
		}
		from = v
	}
	to := min(len(all), from+n)
	out := map[string]any{key: append([]map[string]any{}, all[from:to]...)}
	if to < len(all) {
		out["nextPageToken"] = base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%s:%d", key, to)))
	}
	reply(w, out)
}

// kindOf is the customer's type at Google: DOMAIN or TEAM, from its Cloud
// Identity (as imported or as provisioned).
func (f *Fake) kindOf(c map[string]any) string {
	if info, ok := c["cloudIdentityInfo"].(map[string]any); ok && str(info, "customerType") != "" {
		return str(info, "customerType")
	}
	for _, id := range f.identities {
		if id.CloudIdentityID != "" && id.CloudIdentityID == str(c, "cloudIdentityId") {
			return id.Type
		}
	}
	kind := "DOMAIN"
	for _, r := range f.requests {
		if r.Path == "/v1/"+str(c, "name")+":provisionCloudIdentity" {
			if info, ok := r.Body["cloudIdentityInfo"].(map[string]any); ok && str(info, "customerType") != "" {
				kind = str(info, "customerType")
			}
		}
	}
	return kind
}

// purchasable is what customer c may buy: a team customer only the
// Enterprise Essentials editions.
func (f *Fake) purchasable(c map[string]any) []SKU {
	team := f.kindOf(c) == "TEAM"
	var out []SKU
	for _, k := range SKUs {
		if !team || k.Team {
			out = append(out, k)
		}
	}
	return out
}

func productJSON(p Product) map[string]any {
	return map[string]any{"name": "products/" + p.ID, "marketingInfo": map[string]any{"displayName": p.Name}}
}

func skuJSON(k SKU) map[string]any {
	var pr Product
	for _, p := range Products {
		if p.ID == k.Product {
			pr = p
		}
	}
	return map[string]any{"name": k.Resource(), "marketingInfo": map[string]any{"displayName": k.Name}, "product": productJSON(pr)}
}

// offerJSON is an offer as the API has it; minSeats > 0 raises the
// minimum (a transfer keeps at least the seats the customer has).
func (f *Fake) offerJSON(o CatalogOffer, k SKU, minSeats int64) map[string]any {
	param := "max_units"
	if o.Plan == "COMMITMENT" {
		param = "num_units"
	}
	def := map[string]any{"name": param, "parameterType": "INT64", "minValue": map[string]any{"int64Value": strconv.FormatInt(max(1, minSeats), 10)}, "optional": false}
	if o.MaxSeat > 0 {
		def["maxValue"] = map[string]any{"int64Value": strconv.FormatInt(o.MaxSeat, 10)}
	}
	plan := map[string]any{"paymentPlan": o.Plan, "paymentType": "POSTPAY"}
	if o.Cycle != "" {
		plan["paymentCycle"] = map[string]any{"duration": 1, "periodType": o.Cycle}
	}
	out := map[string]any{
		"name": "accounts/" + f.Account + "/offers/" + o.ID, "sku": skuJSON(k), "plan": plan,
		"parameterDefinitions": []any{def},
		"constraints":          map[string]any{"customerConstraints": map[string]any{"allowedCustomerTypes": customerTypes(k)}},
		"marketingInfo":        map[string]any{"displayName": k.Name},
	}
	if o.Plan == "COMMITMENT" {
		out["plan"].(map[string]any)["paymentType"] = "PREPAY"
	}
	if o.Price != "" {
		units, nanos := money(o.Price)
		out["priceByResources"] = []any{map[string]any{"resourceType": "SEAT", "price": map[string]any{
			"basePrice":      map[string]any{"currencyCode": "USD", "units": units, "nanos": nanos},
			"effectivePrice": map[string]any{"currencyCode": "USD", "units": units, "nanos": nanos},
			"pricePeriod":    map[string]any{"duration": 1, "periodType": "MONTH"},
		}}}
	}
	return out
}

func customerTypes(k SKU) []string {
	if k.Team {
		return []string{"DOMAIN", "TEAM"}
	}
	return []string{"DOMAIN"}
}

// money splits "8.40" into Google's units (a decimal string) and nanos.
func money(s string) (string, int64) {
	u, frac, _ := strings.Cut(s, ".")
	frac = (frac + "000000000")[:9]
	n, _ := strconv.ParseInt(frac, 10, 64)
	return u, n
}

// findOffer looks up an offer by resource name.
func (f *Fake) findOffer(name string) (CatalogOffer, SKU, bool) {
	for _, o := range Offers {
		if "accounts/"+f.Account+"/offers/"+o.ID == name {
			for _, k := range SKUs {
				if k.ID == o.SKU {
					return o, k, true
				}
			}
		}
	}
	return CatalogOffer{}, SKU{}, false
}
