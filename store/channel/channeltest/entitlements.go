package channeltest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// createEntitlement is entitlements.create: it checks the body as the
// real API does, answers a requestId it has seen with the first call's
// operation, and otherwise makes the entitlement (suspended until the
// customer accepts the Terms of Service, for Google Workspace) and an
// operation that finishes after PollsToFinish polls.
func (f *Fake) createEntitlement(w http.ResponseWriter, s *shop, customer string, c map[string]any, body map[string]any) {
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
	e, _ := body["entitlement"].(map[string]any)
	if e == nil || str(e, "offer") == "" {
		shopError(w, 400, "INVALID_ARGUMENT", "entitlement.offer is required.")
		return
	}
	o, k, ok := f.findOffer(str(e, "offer"))
	if !ok {
		shopError(w, 400, "INVALID_ARGUMENT", "Offer "+str(e, "offer")+" is not valid.")
		return
	}
	if c["cloudIdentityId"] == nil {
		shopError(w, 400, "FAILED_PRECONDITION", "The customer does not have a Cloud Identity account yet.")
		return
	}
	buyable := false
	for _, p := range f.purchasable(c) {
		buyable = buyable || p.ID == k.ID
	}
	if !buyable {
		shopError(w, 400, "FAILED_PRECONDITION", "The domain required for purchasing a SKU has not been verified.")
		return
	}
	if msg := checkEntitlement(o, e); msg != "" {
		shopError(w, 400, "INVALID_ARGUMENT", msg)
		return
	}
	for _, have := range s.entitlements[customer] {
		ps, _ := have["provisionedService"].(map[string]any)
		switch {
		case str(ps, "skuId") == k.ID:
			shopError(w, 409, "ALREADY_EXISTS", "The SKU was already purchased.")
			return
		case str(ps, "productId") == k.Product && !k.Team:
			// One edition of a product family at a time: another one is a
			// change of offer, not a purchase.
			shopError(w, 400, "INVALID_ARGUMENT", "There is already a customer entitlement for a SKU from the same product family.")
			return
		}
	}
	made := f.newEntitlement(s, customer, o, k, e, k.ToS)
	op := f.newOp(s, "CREATE_ENTITLEMENT", customer, []map[string]any{made})
	if reqID != "" {
		s.byRequest[customer+"|"+reqID] = op
	}
	if f.dropAnswer(w, s) {
		return
	}
	f.answerOp(w, s, op)
}

// checkEntitlement is what the API says of an entitlement's body for
// offer o ("" = nothing).
func checkEntitlement(o CatalogOffer, e map[string]any) string {
	want := "max_units"
	if o.Plan == "COMMITMENT" {
		want = "num_units"
	}
	params, _ := e["parameters"].([]any)
	var got *int64
	for _, p := range params {
		pm, _ := p.(map[string]any)
		name := str(pm, "name")
		if name != want {
			return fmt.Sprintf("Parameter %q is not valid for this offer; it takes %s.", name, want)
		}
		v, _ := pm["value"].(map[string]any)
		n, err := strconv.ParseInt(str(v, "int64Value"), 10, 64)
		if err != nil {
			return fmt.Sprintf("Parameter %s must have an int64Value.", want)
		}
		got = &n
	}
	switch {
	case got == nil:
		return fmt.Sprintf("Parameter %s is required for this offer.", want)
	case *got < 1:
		return fmt.Sprintf("Invalid value for %s: %d is below the minimum of 1.", want, *got)
	case o.MaxSeat > 0 && *got > o.MaxSeat:
		return fmt.Sprintf("Invalid value for %s: %d is above the maximum of %d.", want, *got, o.MaxSeat)
	case len(str(e, "purchaseOrderId")) > 80:
		return "purchase_order_id must be at most 80 characters."
	}
	cs, _ := e["commitmentSettings"].(map[string]any)
	if o.Plan == "COMMITMENT" && cs == nil {
		return "commitment_settings is required for a commitment offer."
	}
	if rs, _ := cs["renewalSettings"].(map[string]any); rs != nil && o.Plan == "COMMITMENT" {
		if cyc, _ := rs["paymentCycle"].(map[string]any); cyc != nil && str(cyc, "periodType") != o.Cycle {
			return "renewal_settings.payment_cycle does not match the offer's plan."
		}
	}
	return ""
}

// newEntitlement stores the entitlement e for offer o.
func (f *Fake) newEntitlement(s *shop, customer string, o CatalogOffer, k SKU, e map[string]any, tos bool) map[string]any {
	s.next++
	now := time.Now().UTC().Format(time.RFC3339Nano)
	out := map[string]any{
		"name":               fmt.Sprintf("%s/entitlements/E%05d", customer, s.next),
		"offer":              str(e, "offer"),
		"parameters":         append(append([]any{}, e["parameters"].([]any)...), map[string]any{"name": "assigned_units", "value": map[string]any{"int64Value": "0"}, "editable": false}),
		"provisioningState":  "ACTIVE",
		"provisionedService": map[string]any{"productId": k.Product, "skuId": k.ID, "provisioningId": fmt.Sprintf("sub%05d", s.next)},
		"createTime":         now, "updateTime": now,
	}
	if po := str(e, "purchaseOrderId"); po != "" {
		out["purchaseOrderId"] = po
	}
	if cs, ok := e["commitmentSettings"].(map[string]any); ok && o.Plan == "COMMITMENT" {
		out["commitmentSettings"] = map[string]any{"startTime": now, "endTime": time.Now().UTC().AddDate(1, 0, 0).Format(time.RFC3339Nano),
			"renewalSettings": cs["renewalSettings"]}
	}
	if tos {
		out["provisioningState"] = "SUSPENDED"
		out["suspensionReasons"] = []any{"PENDING_TOS_ACCEPTANCE"}
	}
	s.entitlements[customer] = append(s.entitlements[customer], out)
	return out
}

// newOp starts an operation that made made.
func (f *Fake) newOp(s *shop, kind, customer string, made []map[string]any) string {
	s.next++
	name := fmt.Sprintf("operations/order%05d", s.next)
	s.ops[name] = &shopOp{left: f.PollsToFinish, kind: kind, made: made, customer: customer}
	return name
}

// dropAnswer closes the connection instead of answering, when asked to.
func (f *Fake) dropAnswer(w http.ResponseWriter, s *shop) bool {
	if s.dropAnswers <= 0 {
		return false
	}
	s.dropAnswers--
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return true
		}
	}
	return false
}

// answerOp is the operation as entitlements.create returns it: not done,
// with its metadata.
func (f *Fake) answerOp(w http.ResponseWriter, s *shop, name string) {
	reply(w, map[string]any{"name": name, "done": false, "metadata": opMetadata(s.ops[name].kind)})
}

func opMetadata(kind string) map[string]any {
	return map[string]any{"@type": "type.googleapis.com/google.cloud.channel.v1.OperationMetadata", "operationType": kind}
}

// shopOperation is operations.get of an order or transfer.
func (f *Fake) shopOperation(w http.ResponseWriter, s *shop, name string) {
	op := s.ops[name]
	if op.left > 1 {
		op.left--
		reply(w, map[string]any{"name": name, "done": false, "metadata": opMetadata(op.kind)})
		return
	}
	out := map[string]any{"name": name, "done": true, "metadata": opMetadata(op.kind)}
	if op.kind == "TRANSFER_ENTITLEMENTS" {
		out["response"] = map[string]any{"@type": "type.googleapis.com/google.cloud.channel.v1.TransferEntitlementsResponse", "entitlements": op.made}
	} else {
		resp := map[string]any{"@type": "type.googleapis.com/google.cloud.channel.v1.Entitlement"}
		for k, v := range op.made[0] {
			resp[k] = v
		}
		out["response"] = resp
	}
	reply(w, out)
}

// Entitlements returns the customer's subscriptions at the fake.
func (f *Fake) Entitlements(customer string) []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.shopOf().entitlements[customer]...)
}

// AllEntitlements counts the subscriptions of every customer at the fake.
func (f *Fake) AllEntitlements() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, es := range f.shopOf().entitlements {
		n += len(es)
	}
	return n
}

// AcceptToS is the customer's super admin accepting Google's Terms of
// Service: the customer's subscriptions waiting for it become active.
func (f *Fake) AcceptToS(customer string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.shopOf().entitlements[customer] {
		if rs, _ := e["suspensionReasons"].([]any); len(rs) == 1 && rs[0] == "PENDING_TOS_ACCEPTANCE" {
			e["provisioningState"] = "ACTIVE"
			delete(e, "suspensionReasons")
		}
	}
}

// Suspend suspends the entitlement for reason (RESELLER_INITIATED,
// TRIAL_ENDED, RENEWAL_WITH_TYPE_CANCEL, OTHER).
func (f *Fake) Suspend(entitlement, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, es := range f.shopOf().entitlements {
		for _, e := range es {
			if e["name"] == entitlement {
				e["provisioningState"] = "SUSPENDED"
				e["suspensionReasons"] = []any{reason}
			}
		}
	}
}
