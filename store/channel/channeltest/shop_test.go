package channeltest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func get(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// The shop's lists page with nextPageToken as Google does, refuse a token
// they did not issue, and refusals carry Google's error shape with details.
func TestShopPagesAndErrors(t *testing.T) {
	f := New("C0shop")
	defer f.Close()
	f.AddIdentity(Identity{Domain: "shop.nl", CloudIdentityID: "C0s", Type: "DOMAIN", Owner: "C0shop"})
	name := str(f.Customers()[0], "name")
	base := f.URL + "/v1/" + name + ":listPurchasableSkus?createEntitlementPurchase.product=products/-"
	var names []string
	token := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("pages without end")
		}
		url := base
		if token != "" {
			url += "&pageToken=" + token
		}
		code, out := get(t, url)
		if code != 200 {
			t.Fatalf("page: %d %v", code, out)
		}
		for _, s := range out["purchasableSkus"].([]any) {
			names = append(names, s.(map[string]any)["sku"].(map[string]any)["name"].(string))
		}
		token, _ = out["nextPageToken"].(string)
		if token == "" {
			break
		}
	}
	if len(names) != len(SKUs) {
		t.Fatalf("%d SKUs over the pages, want %d", len(names), len(SKUs))
	}
	code, out := get(t, base+"&pageToken=bogus")
	e, _ := out["error"].(map[string]any)
	if code != 400 || e["status"] != "INVALID_ARGUMENT" {
		t.Fatalf("bogus token: %d %v", code, out)
	}
	details, _ := e["details"].([]any)
	if len(details) != 2 || details[0].(map[string]any)["@type"] != "type.googleapis.com/google.rpc.ErrorInfo" ||
		details[1].(map[string]any)["@type"] != "type.googleapis.com/google.rpc.BadRequest" {
		t.Fatalf("details %v", details)
	}
	code, out = post(t, f.URL+"/v1/"+name+"/entitlements", `{"requestId": "not-a-uuid", "entitlement": {"offer": "accounts/C0shop/offers/OBS-FLEX"}}`)
	if code != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "UUID") {
		t.Fatalf("bad requestId: %d %v", code, out)
	}
	code, out = post(t, f.URL+"/v1/"+name+"/entitlements", `{"requestId": "00000000-0000-0000-0000-000000000000", "entitlement": {"offer": "accounts/C0shop/offers/OBS-FLEX"}}`)
	if code != 400 {
		t.Fatalf("zero requestId: %d %v", code, out)
	}
	// An order with a requestId seen before answers with the first operation.
	body := `{"requestId": "7f0c1c8e-2b7a-4c55-9d38-0b3c2f9e6a11", "entitlement": {"offer": "accounts/C0shop/offers/OBS-FLEX",
		"parameters": [{"name": "max_units", "value": {"int64Value": "5"}}]}}`
	_, first := post(t, f.URL+"/v1/"+name+"/entitlements", body)
	_, again := post(t, f.URL+"/v1/"+name+"/entitlements", body)
	if first["name"] == nil || first["name"] != again["name"] || len(f.Entitlements(name)) != 1 {
		t.Fatalf("requestId repeated: %v then %v, %d subscriptions", first, again, len(f.Entitlements(name)))
	}
	if md, _ := first["metadata"].(map[string]any); md["operationType"] != "CREATE_ENTITLEMENT" {
		t.Fatalf("operation metadata %v", first["metadata"])
	}
}
