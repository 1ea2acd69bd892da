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

// onboard sync brings the reseller's customers at Google into the
// database, progress on stderr; a second sync adds none again. With
// only [google] account_id set, the reseller ID comes from it.
func TestSyncFromTheCommandLine(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.AddCustomers(1, 75, 2)
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[google]\naccount_id = \"C0reseller\"\nendpoint = %q\nlist_quota_per_minute = 100000\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "s.db")
	run := func(args ...string) result { return cli(t, append([]string{"--db", db, "--config", cfg}, args...)...) }
	r := run("sync", "--json")
	var out map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &out) != nil || out["done"] != 75.0 || out["added"] != 75.0 ||
		!strings.Contains(r.stderr, "synced 50 customers") {
		t.Fatalf("sync: %+v", r)
	}
	r = run("sync")
	if r.code != 0 || !strings.Contains(r.stdout, "75 customers, 0 new") || !strings.Contains(r.stderr, "synced 50 of 75 customers") {
		t.Fatalf("second sync: %+v", r)
	}
	if r := run("customers", "show", "c3.example", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"reseller_id": "C0reseller"`) {
		t.Fatalf("show: %+v", r)
	}
	if r := run("customers", "add", "--kind", "domain", "--org", "New BV", "--domain", "new.nl", "--local"); r.code != 0 {
		t.Fatalf("add with only [google] account_id: %+v", r)
	}
}

// An edit of a customer whose record Google changed meanwhile is not sent:
// both versions are shown, and --keep-mine sends this one.
func TestPushConflictFromTheCommandLine(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.PollsToFinish = 1
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0reseller\"\n[google]\nendpoint = %q\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "c.db")
	run := func(args ...string) result { return cli(t, append([]string{"--db", db, "--config", cfg}, args...)...) }
	if r := run("customers", "add", "--kind", "domain", "--org", "Acme BV", "--domain", "acme.nl", "--region", "NL",
		"--postal-code", "1012 AB", "--address-line", "Damrak 1"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	name, _ := fake.Customers()[0]["name"].(string)
	fake.Change(name, func(m map[string]any) { m["orgDisplayName"] = "Acme Group" })
	if r := run("customers", "edit", "acme.nl", "--crm-id", "CRM-7"); r.code != 0 {
		t.Fatalf("edit: %+v", r)
	}
	r := run("customers", "push", "acme.nl")
	if r.code != 1 || !strings.Contains(r.stdout, "at Google Acme Group") || !strings.Contains(r.stderr, "--keep-mine") {
		t.Fatalf("conflict: %+v", r)
	}
	if r := run("customers", "push", "acme.nl", "--keep-mine"); r.code != 0 || fake.Customers()[0]["correlationId"] != "CRM-7" {
		t.Fatalf("keep mine: %+v, %v", r, fake.Customers()[0])
	}
}
