package channeltest

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"
)

// Transferable is a subscription an imported customer has with another
// reseller (or Google), which listTransferableSkus reports.
type Transferable struct {
	SKU    string // the SKU's ID (SKUs)
	Seats  int64
	Reason string // "" = eligible; else PENDING_TOS_ACCEPTANCE, SKU_NOT_ELIGIBLE, SKU_SUSPENDED, CHANNEL_PARTNER_NOT_AUTHORIZED_FOR_SKU
}

// AddTransferable gives the Cloud Identity account a subscription
// elsewhere.
func (f *Fake) AddTransferable(cloudIdentityID string, t Transferable) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.shopOf()
	s.transferable[cloudIdentityID] = append(s.transferable[cloudIdentityID], t)
}

var reasonText = map[string]string{
	"PENDING_TOS_ACCEPTANCE":                 "The customer has not accepted the Terms of Service.",
	"SKU_NOT_ELIGIBLE":                       "This SKU cannot be transferred.",
	"SKU_SUSPENDED":                          "The subscription is suspended.",
	"CHANNEL_PARTNER_NOT_AUTHORIZED_FOR_SKU": "The reseller is not authorized to sell this SKU.",
}

// identityFor finds the Cloud Identity account a transfer request names
// (customerName or cloudIdentityId, exactly one), answering the refusal
// itself when there is none.
func (f *Fake) identityFor(w http.ResponseWriter, body map[string]any) (*Identity, bool) {
	name, cid := str(body, "customerName"), str(body, "cloudIdentityId")
	if (name == "") == (cid == "") {
		shopError(w, 400, "INVALID_ARGUMENT", "Exactly one of customer_name or cloud_identity_id is required.")
		return nil, false
	}
	if name != "" {
		c, ok := f.customers[name]
		if !ok {
			shopError(w, 404, "NOT_FOUND", "Customer "+name+" not found.")
			return nil, false
		}
		cid = str(c, "cloudIdentityId")
	}
	for i := range f.identities {
		if f.identities[i].CloudIdentityID == cid {
			return &f.identities[i], true
		}
	}
	shopError(w, 404, "NOT_FOUND", "No Cloud Identity account "+cid+".")
	return nil, false
}

// tokenOK checks the transfer token as customers.import does.
func tokenOK(w http.ResponseWriter, id *Identity, token string) bool {
	if id.TokenExpired || token == "" || token != id.Token {
		shopError(w, 403, "PERMISSION_DENIED", "The auth token is invalid or has expired.")
		return false
	}
	return true
}

func (f *Fake) listTransferableSkus(w http.ResponseWriter, s *shop, body map[string]any) {
	id, ok := f.identityFor(w, body)
	if !ok || !tokenOK(w, id, str(body, "authToken")) {
		return
	}
	var all []map[string]any
	for _, t := range s.transferable[id.CloudIdentityID] {
		k := skuByID(t.SKU)
		el := map[string]any{"isEligible": t.Reason == ""}
		if t.Reason != "" {
			el["ineligibilityReason"], el["description"] = t.Reason, reasonText[t.Reason]
		}
		all = append(all, map[string]any{"sku": skuJSON(k), "transferEligibility": el})
	}
	f.page(w, s, num(body, "pageSize"), str(body, "pageToken"), "transferableSkus", all)
}

func (f *Fake) listTransferableOffers(w http.ResponseWriter, s *shop, body map[string]any) {
	id, ok := f.identityFor(w, body)
	if !ok {
		return
	}
	if str(body, "sku") == "" {
		shopError(w, 400, "INVALID_ARGUMENT", "sku is required.")
		return
	}
	var all []map[string]any
	for _, t := range s.transferable[id.CloudIdentityID] {
		k := skuByID(t.SKU)
		if k.Resource() != str(body, "sku") || t.Reason != "" {
			continue
		}
		for _, o := range Offers {
			if o.SKU == k.ID {
				all = append(all, map[string]any{"offer": f.offerJSON(o, k, t.Seats)})
			}
		}
	}
	f.page(w, s, num(body, "pageSize"), str(body, "pageToken"), "transferableOffers", all)
}

// transferEntitlements moves the named subscriptions to this reseller:
// the token must be valid, each offer's SKU eligible and the seats at
// least what the customer has.
func (f *Fake) transferEntitlements(w http.ResponseWriter, s *shop, customer string, c map[string]any, body map[string]any) {
	reqID := str(body, "requestId")
	if reqID != "" {
		u, err := uuid.Parse(reqID)
		if err != nil || u == uuid.Nil {
			shopError(w, 400, "INVALID_ARGUMENT", "request_id must be a valid non-zero UUID.")
			return
		}
		if op, seen := s.byRequest[customer+"|"+reqID]; seen {
			f.answerOp(w, s, op)
			return
		}
	}
	id, ok := f.identityFor(w, map[string]any{"customerName": customer})
	if !ok || !tokenOK(w, id, str(body, "authToken")) {
		return
	}
	ents, _ := body["entitlements"].([]any)
	if len(ents) == 0 {
		shopError(w, 400, "INVALID_ARGUMENT", "entitlements is required.")
		return
	}
	type move struct {
		o CatalogOffer
		k SKU
		e map[string]any
		i int
	}
	var moves []move
	have := s.transferable[id.CloudIdentityID]
	for _, x := range ents {
		e, _ := x.(map[string]any)
		o, k, ok := f.findOffer(str(e, "offer"))
		if !ok {
			shopError(w, 400, "INVALID_ARGUMENT", "Offer "+str(e, "offer")+" is not valid.")
			return
		}
		at := -1
		for i, t := range have {
			if t.SKU == k.ID {
				at = i
			}
		}
		if at < 0 {
			shopError(w, 400, "FAILED_PRECONDITION", "The customer has no "+k.Name+" subscription to transfer.")
			return
		}
		if have[at].Reason != "" {
			shopError(w, 400, "FAILED_PRECONDITION", k.Name+" cannot be transferred: "+reasonText[have[at].Reason])
			return
		}
		if msg := checkEntitlement(o, e); msg != "" {
			shopError(w, 400, "INVALID_ARGUMENT", msg)
			return
		}
		moves = append(moves, move{o, k, e, at})
	}
	var made []map[string]any
	drop := map[int]bool{}
	for _, m := range moves {
		made = append(made, f.newEntitlement(s, customer, m.o, m.k, m.e, false))
		drop[m.i] = true
	}
	var left []Transferable
	for i, t := range have {
		if !drop[i] {
			left = append(left, t)
		}
	}
	s.transferable[id.CloudIdentityID] = left
	op := f.newOp(s, "TRANSFER_ENTITLEMENTS", customer, made)
	if reqID != "" {
		s.byRequest[customer+"|"+reqID] = op
	}
	if f.dropAnswer(w, s) {
		return
	}
	f.answerOp(w, s, op)
}

func skuByID(id string) SKU {
	for _, k := range SKUs {
		if k.ID == id {
			return k
		}
	}
	return SKU{Product: "GoogleWorkspace", ID: id, Name: id}
}

// num reads a number the client library sent in a JSON body.
func num(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case float64:
		return strconv.FormatInt(int64(v), 10)
	case string:
		return v
	}
	return ""
}

// ExpireToken makes the Cloud Identity account's transfer token expire.
func (f *Fake) ExpireToken(cloudIdentityID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.identities {
		if f.identities[i].CloudIdentityID == cloudIdentityID {
			f.identities[i].TokenExpired = true
		}
	}
}
