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

func TestPushFromTheCommandLine(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.PollsToFinish = 1 // the command waits 0.5 s, 1 s, … between polls
	fake.AddIdentity(channeltest.Identity{Domain: "taken.nl", Email: "admin@taken.nl", CloudIdentityID: "C0taken", Type: "DOMAIN", Token: "T1"})
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0reseller\"\n[google]\naccount_id = \"C0reseller\"\nendpoint = %q\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "p.db")
	run := func(args ...string) result { return cli(t, append([]string{"--db", db, "--config", cfg}, args...)...) }
	add := []string{"customers", "add", "--kind", "domain", "--org", "Acme BV", "--domain", "acme.nl", "--region", "NL",
		"--postal-code", "1012 AB", "--address-line", "Damrak 1"}

	r := run(append(add, "--json")...)
	var c map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &c) != nil || c["status"] != "created" || !strings.HasPrefix(c["cloud_identity_id"].(string), "C0fake") {
		t.Fatalf("add: %+v", r)
	}
	// --local keeps a customer here.
	r = run("customers", "add", "--kind", "domain", "--org", "Local BV", "--domain", "local.nl", "--local")
	if r.code != 0 || !strings.Contains(r.stdout, "status local") {
		t.Fatalf("--local: %+v", r)
	}
	// An account Google has already: refused with the way to import it.
	r = run("customers", "add", "--kind", "domain", "--org", "Taken BV", "--domain", "taken.nl", "--region", "NL", "--postal-code", "1012 AB", "--address-line", "Damrak 2")
	if r.code != 1 || !strings.Contains(r.stderr, "import the customer") || !strings.Contains(r.stderr, "onboard customers import") {
		t.Fatalf("taken: %+v", r)
	}
	if r := run("customers", "push", "local.nl", "--dry-run"); r.code != 1 || !strings.Contains(r.stderr, "region_code: is required to push") {
		t.Fatalf("dry run: %+v", r)
	}
	if r := run("customers", "edit", "local.nl", "--region", "NL", "--postal-code", "1000 AA", "--address-line", "Dam 1"); r.code != 0 {
		t.Fatalf("edit: %+v", r)
	}
	if r := run("customers", "push", "local.nl"); r.code != 0 || !strings.Contains(r.stdout, "Pushed customer 2 to Google: created") {
		t.Fatalf("push: %+v", r)
	}
	// The customer's admin renames the organisation at Google.
	fake.Change(c["google_name"].(string), func(m map[string]any) { m["orgDisplayName"] = "Acme Holding BV" })
	r = run("customers", "refresh", "acme.nl")
	if r.code != 0 || !strings.Contains(r.stdout, "Organisation name") || !strings.Contains(r.stdout, "at Google Acme Holding BV") {
		t.Fatalf("refresh: %+v", r)
	}
	if r := run("customers", "refresh", "acme.nl", "--take"); r.code != 0 || !strings.Contains(r.stdout, "Stored Google's values") {
		t.Fatalf("take: %+v", r)
	}
	r = run("customers", "show", "acme.nl", "--json")
	json.Unmarshal([]byte(r.stdout), &c)
	if c["org_name"] != "Acme Holding BV" || c["confirmed_at"] == nil {
		t.Fatalf("after take: %+v", r)
	}
	if r := run("customers", "refresh", "acme.nl"); !strings.Contains(r.stdout, "matches Google") {
		t.Fatalf("refresh after take: %+v", r)
	}
	// Without credentials, only an endpoint on this machine is accepted.
	os.WriteFile(cfg, []byte("[google]\naccount_id = \"C0reseller\"\nendpoint = \"https://proxy.example.com/\"\n"), 0o600)
	if r := run("customers", "list"); r.code != 1 || !strings.Contains(r.stderr, "credentials_file is required") {
		t.Fatalf("remote endpoint without credentials: %+v", r)
	}
}

// A config that holds Google credentials and that others can write is
// refused.
func TestCredentialsConfigMustNotBeWritableByOthers(t *testing.T) {
	dir := isolate(t)
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[google]\naccount_id = \"C0x\"\ncredentials_file = \"/nonexistent.json\"\nadmin_subject = \"a@b.example\"\n"), 0o600)
	os.Chmod(cfg, 0o666)
	r := cli(t, "--config", cfg, "--db", filepath.Join(dir, "x.db"), "customers", "list")
	if r.code != 1 || !strings.Contains(r.stderr, "others can write it") {
		t.Fatalf("world-writable: %+v", r)
	}
	os.Chmod(cfg, 0o600)
	r = cli(t, "--config", cfg, "--db", filepath.Join(dir, "x.db"), "customers", "list")
	if strings.Contains(r.stderr, "others can write it") || !strings.Contains(r.stderr, "read credentials") {
		t.Fatalf("0600: %+v", r)
	}
}
