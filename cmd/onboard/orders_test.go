package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onboard/store/channel/channeltest"
)

// The catalogue, an order placed and listed, refusals in words, and an
// import that moves the customer's subscriptions, from the command line
// against the fake Cloud Channel API.
func TestOrdersFromTheCommandLine(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.PollsToFinish = 1 // the command waits 0.5 s, 1 s, … between polls
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0reseller\"\n[google]\naccount_id = \"C0reseller\"\nendpoint = %q\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "o.db")
	run := func(args ...string) result { return cli(t, append([]string{"--db", db, "--config", cfg}, args...)...) }
	if r := run("customers", "add", "--kind", "domain", "--org", "Acme BV", "--domain", "acme.nl", "--region", "NL",
		"--postal-code", "1012 AB", "--address-line", "Damrak 1"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}

	r := run("catalog", "acme.nl")
	if r.code != 0 || !strings.Contains(r.stdout, "Google Workspace Business Starter  (--sku products/GoogleWorkspace/skus/1010020027)") ||
		!strings.Contains(r.stdout, "annual-monthly  annual, paid monthly, US$ 7.00 per seat per month; seats 1 to 300") {
		t.Fatalf("catalog: %+v", r)
	}
	r = run("catalog", "acme.nl", "--json")
	var offers []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &offers) != nil || len(offers) != len(channeltest.Offers) ||
		offers[0]["offer"] != "accounts/C0reseller/offers/OBS-FLEX" || offers[0]["price"].(map[string]any)["amount"] != "8.40" {
		t.Fatalf("catalog --json: %+v", r)
	}

	r = run("orders", "place", "acme.nl", "--sku", "Google Workspace Business Standard", "--plan", "annual-yearly", "--seats", "25", "--po", "PO-7", "--json")
	var o map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &o) != nil {
		t.Fatalf("place: %+v", r)
	}
	for _, k := range []string{"id", "sku", "sku_name", "offer", "plan", "seats", "purchase_order_id", "status", "status_message", "entitlement", "created_at"} {
		if _, ok := o[k]; !ok {
			t.Fatalf("order JSON lacks %q: %s", k, r.stdout)
		}
	}
	if o["status"] != "pending_tos" || o["plan"] != "annual-yearly" || o["seats"] != 25.0 || !strings.Contains(o["entitlement"].(string), "/entitlements/") {
		t.Fatalf("placed %v", o)
	}
	// Refusals: seats over the offer's maximum (before anything is sent),
	// a SKU already bought (Google's words, exit 1), a missing flag (exit 2).
	if r := run("orders", "place", "acme.nl", "--sku", "1010020027", "--plan", "flexible", "--seats", "301"); r.code != 1 || !strings.Contains(r.stderr, "from 1 to 300") {
		t.Fatalf("301 seats: %+v", r)
	}
	r = run("orders", "place", "acme.nl", "--sku", "1010020028", "--plan", "flexible", "--seats", "3")
	if r.code != 1 || !strings.Contains(r.stderr, "The SKU was already purchased") || !strings.Contains(r.stdout, "failed") {
		t.Fatalf("bought twice: %+v", r)
	}
	if r := run("orders", "place", "acme.nl", "--sku", "1010020028", "--seats", "3"); r.code != 2 || !strings.Contains(r.stderr, "--plan") {
		t.Fatalf("no --plan: %+v", r)
	}

	fake.AcceptToS(strings.SplitN(o["entitlement"].(string), "/entitlements/", 2)[0])
	r = run("orders", "list", "acme.nl")
	if r.code != 0 || !strings.Contains(r.stdout, "waiting for the customer to accept Google's Terms of Service") {
		t.Fatalf("list before refresh: %+v", r)
	}
	r = run("orders", "list", "acme.nl", "--refresh", "--json")
	var os2 []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &os2) != nil || len(os2) != 2 || os2[0]["status"] != "active" || os2[1]["status"] != "failed" {
		t.Fatalf("list --refresh: %+v", r)
	}

	// An import that moves what the customer has elsewhere.
	fake.AddIdentity(channeltest.Identity{Domain: "moving.nl", Email: "admin@moving.nl", CloudIdentityID: "C0moving", Type: "DOMAIN", Token: "SECRET1"})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010020027", Seats: 8})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010050001", Seats: 2, Reason: "SKU_SUSPENDED"})
	r = run("customers", "import", "--kind", "domain", "--org", "Moving BV", "--domain", "moving.nl", "--transfer-token", "SECRET1", "--transfer", "Cloud Identity Premium")
	if r.code != 1 || !strings.Contains(r.stderr, "Cloud Identity Premium cannot be transferred: The subscription is suspended.") {
		t.Fatalf("import --transfer of a suspended SKU: %+v", r)
	}
	r = run("orders", "list", "moving.nl", "--json")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("orders of moving.nl after the refused transfer: %+v", r)
	}
	for _, out := range []string{r.stdout, r.stderr} {
		if strings.Contains(out, "SECRET1") {
			t.Fatalf("the transfer token is printed: %s", out)
		}
	}
}

// customers import --transfer all moves every subscription that can move;
// the JSON lists them, and the token is never printed.
func TestImportTransferAll(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.PollsToFinish = 1
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0reseller\"\n[google]\naccount_id = \"C0reseller\"\nendpoint = %q\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "t.db")
	run := func(args ...string) result { return cli(t, append([]string{"--db", db, "--config", cfg}, args...)...) }
	fake.AddIdentity(channeltest.Identity{Domain: "moving.nl", Email: "admin@moving.nl", CloudIdentityID: "C0moving", Type: "DOMAIN", Token: "SECRET1"})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010020027", Seats: 8})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010050001", Seats: 2, Reason: "SKU_SUSPENDED"})
	r := run("customers", "import", "--kind", "domain", "--org", "Moving BV", "--domain", "moving.nl", "--transfer-token", "SECRET1", "--transfer", "all", "--json")
	var c map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &c) != nil {
		t.Fatalf("import --transfer all: %+v", r)
	}
	moved, _ := c["transferred"].([]any)
	if len(moved) != 1 || moved[0].(map[string]any)["status"] != "active" || moved[0].(map[string]any)["seats"] != 8.0 {
		t.Fatalf("transferred %v", c["transferred"])
	}
	if strings.Contains(r.stdout+r.stderr, "SECRET1") {
		t.Fatalf("the transfer token is printed: %s", r.stdout)
	}
	r = run("orders", "list", "moving.nl")
	if r.code != 0 || !strings.Contains(r.stdout, "Google Workspace Business Starter, 8 seats, plan flexible: active") {
		t.Fatalf("orders after the transfer: %+v", r)
	}
}

// orders transfer lists what an imported customer has elsewhere, then
// --skus moves it.
func TestOrdersTransferCommand(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.PollsToFinish = 1
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0reseller\"\n[google]\naccount_id = \"C0reseller\"\nendpoint = %q\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "t.db")
	run := func(args ...string) result { return cli(t, append([]string{"--db", db, "--config", cfg}, args...)...) }
	fake.AddIdentity(channeltest.Identity{Domain: "moving.nl", Email: "admin@moving.nl", CloudIdentityID: "C0moving", Type: "DOMAIN", Token: "SECRET1"})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010020027", Seats: 8})
	fake.AddTransferable("C0moving", channeltest.Transferable{SKU: "1010050001", Seats: 2, Reason: "SKU_SUSPENDED"})
	r := run("customers", "import", "--kind", "domain", "--org", "Moving BV", "--domain", "moving.nl", "--transfer-token", "SECRET1")
	if r.code != 0 || !strings.Contains(r.stdout, "onboard orders transfer 1") {
		t.Fatalf("import: %+v", r)
	}
	r = run("orders", "transfer", "moving.nl")
	if r.code != 0 || !strings.Contains(r.stdout, "Google Workspace Business Starter (products/GoogleWorkspace/skus/1010020027): can move, 8 seats") ||
		!strings.Contains(r.stdout, "Cloud Identity Premium (products/CloudIdentity/skus/1010050001): cannot move: The subscription is suspended.") {
		t.Fatalf("transfer list: %+v", r)
	}
	r = run("orders", "transfer", "moving.nl", "--skus", "1010020027", "--json")
	var os2 []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &os2) != nil || len(os2) != 1 || os2[0]["status"] != "active" || os2[0]["transferred"] != true {
		t.Fatalf("transfer --skus: %+v", r)
	}
	if r := run("orders", "transfer", "moving.nl"); r.code != 1 || !strings.Contains(r.stderr, "transfer token is no longer kept") {
		t.Fatalf("after the transfer: %+v", r)
	}
}

// A local order placed before Google was set up is sent later with
// orders send.
func TestOrdersSendLocal(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.PollsToFinish = 1
	local := filepath.Join(dir, "local.toml")
	os.WriteFile(local, []byte("[reseller]\nid = \"C0reseller\"\n"), 0o600)
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0reseller\"\n[google]\naccount_id = \"C0reseller\"\nendpoint = %q\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "s.db")
	with := func(c string, args ...string) result {
		return cli(t, append([]string{"--db", db, "--config", c}, args...)...)
	}
	if r := with(local, "customers", "add", "--kind", "domain", "--org", "Acme BV", "--domain", "acme.nl", "--region", "NL",
		"--postal-code", "1012 AB", "--address-line", "Damrak 1"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	r := with(local, "orders", "place", "acme.nl", "--sku", "Google Workspace Business Starter", "--plan", "flexible", "--seats", "4", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"status": "local"`) {
		t.Fatalf("local order: %+v", r)
	}
	if r := with(cfg, "customers", "push", "acme.nl"); r.code != 0 {
		t.Fatalf("push: %+v", r)
	}
	r = with(cfg, "orders", "send", "1")
	if r.code != 0 || !strings.Contains(r.stdout, "Order 1: Google Workspace Business Starter, 4 seats, plan flexible: waiting for the customer to accept") {
		t.Fatalf("send: %+v", r)
	}
	if r := with(cfg, "orders", "send", "x"); r.code != 2 {
		t.Fatalf("send x: %+v", r)
	}
}
