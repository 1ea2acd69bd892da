package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type result struct {
	code           int
	stdout, stderr string
}

// testNow is the tests' clock: a fixed time, so that no test depends on
// the day it runs.
func testNow() time.Time { return time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC) }

// cli runs the command in-process, as a user would run it.
func cli(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), testNow, args, strings.NewReader(""), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// isolate points the data and config directories at a temp dir so no test
// touches the real ones.
func isolate(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("HOME", dir)
	// English unless a test asks for another language.
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C")
	return dir
}

func addArgs(db string, extra ...string) []string {
	return append([]string{"--db", db, "customers", "add", "--kind", "domain", "--org", "Bakkerij De Vries", "--domain", "devries.nl", "--reseller-id", "C0123"}, extra...)
}

func TestAddListShowJSON(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	r := cli(t, addArgs(db, "--alternate-email", "Owner@Gmail.com", "--phone", "020 123 4567", "--region", "nl",
		"--address-line", "Damrak 1", "--postal-code", "1011 AB", "--locality", "Amsterdam", "--crm-id", "CRM-1")...)
	if r.code != 0 || !strings.Contains(r.stdout, "Created customer 1: Bakkerij De Vries (devries.nl), status local") {
		t.Fatalf("add: %+v", r)
	}
	r = cli(t, "customers", "list", "--db", db, "--json")
	var list []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 1 {
		t.Fatalf("list --json: %+v", r)
	}
	c := list[0]
	for _, k := range []string{"id", "kind", "org_name", "domain", "primary_email", "alternate_email", "phone", "crm_id", "education",
		"admin_first_name", "admin_last_name", "address", "reseller_id", "status", "cloud_identity_id", "language", "time_zone",
		"created_at", "updated_at", "confirmed_at"} {
		if _, ok := c[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if c["phone"] != "+31201234567" || c["alternate_email"] != "owner@gmail.com" || c["primary_email"] != "admin@devries.nl" || c["status"] != "local" {
		t.Fatalf("stored %v", c)
	}
	addr := c["address"].(map[string]any)
	for _, k := range []string{"region_code", "postal_code", "locality", "administrative_area", "address_lines"} {
		if _, ok := addr[k]; !ok {
			t.Errorf("address JSON lacks %q", k)
		}
	}
	r = cli(t, "--db", db, "customers", "show", "WWW.DEVRIES.NL")
	if r.code != 0 || !strings.Contains(r.stdout, "Primary email") || !strings.Contains(r.stdout, "admin@devries.nl") {
		t.Fatalf("show: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "show", "1", "--json")
	var one map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &one) != nil || one["domain"] != "devries.nl" {
		t.Fatalf("show --json: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "ORGANISATION") || !strings.Contains(r.stdout, "Bakkerij De Vries") {
		t.Fatalf("list: %+v", r)
	}
}

func TestRuleProblemsExitOne(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	cases := []struct {
		args []string
		want string
	}{
		{addArgs(db, "--alternate-email", "boss@devries.nl"), "alternate_email: must not be in the customer's domain devries.nl"},
		{addArgs(db, "--primary-email", "jan@gmail.com"), "primary_email: must be an address in the customer's domain devries.nl"},
		{[]string{"--db", db, "customers", "add", "--kind", "team", "--org", "Acme", "--domain", "acme.nl", "--reseller-id", "C0123"}, "primary_email: is required"},
		{[]string{"--db", db, "customers", "add", "--kind", "domain", "--domain", "acme.nl", "--reseller-id", "C0123"}, "org_name: is required"},
		{addArgs(db, "--education", "k12"), "institute_size: is required"},
		{[]string{"--db", db, "customers", "add", "--kind", "domain", "--org", "X", "--domain", "co.uk", "--reseller-id", "C0123"}, "domain: co.uk is a public suffix"},
		{[]string{"--db", db, "customers", "add", "--kind", "domain", "--org", "X", "--domain", "x.nl"}, "reseller_id: is required"},
		{[]string{"--db", db, "customers", "import", "--kind", "team", "--org", "X", "--domain", "x.nl", "--transfer-token", "abc", "--reseller-id", "C0123"}, "primary_email: is required"}, // a team is imported by its Cloud Identity ID or primary admin email,
		{[]string{"--db", db, "customers", "show", "nothere.nl"}, "no customer has the domain nothere.nl"},
	}
	for _, tc := range cases {
		r := cli(t, tc.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: want exit 1 with %q, got %d %q", tc.args[3:], tc.want, r.code, r.stderr)
		}
	}
	if r := cli(t, "--db", db, "customers", "list", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("refused customers were stored: %s", r.stdout)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	for _, args := range [][]string{
		{"frobnicate"},
		{"customers"},
		{"customers", "delete"},
		{"--db", db, "customers", "add", "--nope"},
		{"--db", db, "customers", "import", "--kind", "domain", "--org", "X", "--domain", "x.nl", "--transfer-token", "a", "--phone", "+31201234567"},
		{"--db", db, "customers", "add", "--website", "x.nl"},
		{"--db", db, "customers", "list", "--limit", "0"},
		{"--db", db, "customers", "list", "--sort", "colour"},
		{"--db", db, "customers", "show"},
		{"--db", db, "seed", "--count", "-1"},
	} {
		if r := cli(t, args...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: want exit 2 with a message, got %d %q", args, r.code, r.stderr)
		}
	}
}

func TestDryRunStoresNothing(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	r := cli(t, addArgs(db, "--dry-run", "--json")...)
	var c map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &c) != nil || c["domain"] != "devries.nl" || c["id"].(float64) != 0 {
		t.Fatalf("dry run: %+v", r)
	}
	if r := cli(t, "--db", db, "customers", "list", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("dry run stored: %s", r.stdout)
	}
	cli(t, addArgs(db)...)
	if r := cli(t, addArgs(db, "--dry-run")...); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("dry run of a duplicate: %+v", r)
	}
}

func TestDuplicateAndIdempotency(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	if r := cli(t, addArgs(db, "--idempotency-key", "k1")...); r.code != 0 {
		t.Fatal(r)
	}
	if r := cli(t, addArgs(db, "--idempotency-key", "k1")...); r.code != 0 || !strings.Contains(r.stdout, "Already created") {
		t.Fatalf("retry: %+v", r)
	}
	if r := cli(t, addArgs(db)...); r.code != 1 || !strings.Contains(r.stderr, "domain: a domain customer with domain devries.nl already exists (customer 1)") {
		t.Fatalf("duplicate: %+v", r)
	}
	// The key again for another customer: refused in words, nothing stored.
	other := []string{"--db", db, "customers", "add", "--kind", "domain", "--org", "Slagerij Jansen", "--domain", "jansen.nl", "--reseller-id", "C0123", "--idempotency-key", "k1"}
	r := cli(t, other...)
	if want := `the idempotency key "k1" was used for customer 1, Bakkerij De Vries (devries.nl), created with other details (org_name, domain, primary_email differ)`; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Fatalf("key reused: %+v, want %q", r, want)
	}
	t.Setenv("LC_ALL", "nl_NL.UTF-8")
	if r := cli(t, other...); r.code != 1 || !strings.Contains(r.stderr, `de idempotentiesleutel "k1" is gebruikt voor klant 1`) {
		t.Fatalf("key reused, in Dutch: %+v", r)
	}
	if r := cli(t, "--db", db, "customers", "show", "jansen.nl"); r.code == 0 {
		t.Fatalf("stored under a reused key: %+v", r)
	}
}

func TestImportWarnsOnOldToken(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	r := cli(t, "--db", db, "customers", "import", "--kind", "team", "--org", "Acme Sales", "--domain", "acme.nl",
		"--cloud-identity-id", "C03abc", "--transfer-token", "Tok3n", "--token-date", "2020-01-01", "--reseller-id", "C0123", "--json")
	var c map[string]any
	if r.code != 0 || !strings.Contains(r.stderr, "warning: transfer_token: was generated") || json.Unmarshal([]byte(r.stdout), &c) != nil {
		t.Fatalf("import: %+v", r)
	}
	if c["origin"] != "import" || c["cloud_identity_id"] != "C03abc" || c["kind"] != "team" {
		t.Fatalf("imported %v", c)
	}
	if _, ok := c["transfer_token"]; ok {
		t.Fatal("the transfer token must not be printed")
	}
}

func TestDefaultLocationsAndConfig(t *testing.T) {
	dir := isolate(t)
	// No config, no --db: the database appears in the data directory, private.
	if r := cli(t, "customers", "add", "--kind", "domain", "--org", "A", "--domain", "a.nl", "--reseller-id", "C0123"); r.code != 0 {
		t.Fatal(r)
	}
	path := filepath.Join(dir, "data", "onboard", "onboard.db")
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("default database %s: %v %v", path, fi, err)
	}
	// A config in the config directory is read: the reseller ID comes from it.
	cfgDir := filepath.Join(dir, "config", "onboard")
	os.MkdirAll(cfgDir, 0o700)
	os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte("[reseller]\nid = \"C0777\"\n"), 0o600)
	r := cli(t, "customers", "add", "--kind", "domain", "--org", "B", "--domain", "b.nl", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"reseller_id": "C0777"`) {
		t.Fatalf("config reseller ID: %+v", r)
	}
	// An unknown key names itself and its line.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[reseller]\nid = \"C0777\"\n\n[database]\npaht = \"x.db\"\n"), 0o600)
	r = cli(t, "--config", bad, "customers", "list")
	if r.code != 1 || !strings.Contains(r.stderr, `line 5: unknown key "database.paht"`) {
		t.Fatalf("unknown key: %+v", r)
	}
	os.WriteFile(bad, []byte("[reseller\nid = 1\n"), 0o600)
	if r = cli(t, "--config", bad, "customers", "list"); r.code != 1 || !strings.Contains(r.stderr, "bad.toml: line ") {
		t.Fatalf("bad TOML: %+v", r)
	}
	// [database] path is used when --db is absent.
	cfg := filepath.Join(dir, "db.toml")
	os.WriteFile(cfg, []byte("[database]\npath = \""+filepath.Join(dir, "cfg.db")+"\"\n"), 0o600)
	cli(t, "--config", cfg, "seed", "--count", "3")
	if _, err := os.Stat(filepath.Join(dir, "cfg.db")); err != nil {
		t.Fatalf("config database path not used: %v", err)
	}
}

func TestSeedAndVersion(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	if r := cli(t, "seed", "--db", db, "--count", "250"); r.code != 0 || !strings.Contains(r.stdout, "Added 250 demo customers") {
		t.Fatalf("seed: %+v", r)
	}
	r := cli(t, "--db", db, "customers", "list", "--limit", "300", "--json")
	var list []map[string]any
	if json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 250 {
		t.Fatalf("seeded list: %d", len(list))
	}
	if r := cli(t, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "onboard ") {
		t.Fatalf("version: %+v", r)
	}
	if r := cli(t, "--help"); r.code != 0 || !strings.Contains(r.stdout, "customers add") {
		t.Fatalf("help: %+v", r)
	}
}

// An internationalised domain and its addresses are shown in Unicode and
// kept (and written as JSON) in ASCII.
func TestIDNShownInUnicode(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "idn.db")
	r := cli(t, "--db", db, "customers", "add", "--kind", "domain", "--org", "Één BV", "--domain", "één.nl", "--primary-email", "beheer@één.nl", "--reseller-id", "C0123")
	if r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "show", "1")
	if r.code != 0 || !strings.Contains(r.stdout, "beheer@één.nl") || strings.Contains(r.stdout, "xn--") {
		t.Fatalf("show: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "show", "1", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"primary_email": "beheer@xn--n-9faa.nl"`) {
		t.Fatalf("show --json: %+v", r)
	}
}
