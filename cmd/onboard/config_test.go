package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An [[ssh.users]] time_zone is a tz database name, checked at start-up;
// a wrong one is an error naming the entry and the zone.
func TestConfigSSHUserTimeZone(t *testing.T) {
	dir := t.TempDir()
	write := func(zone string) string {
		p := filepath.Join(dir, "config.toml")
		body := "[[ssh.users]]\nfingerprint = \"SHA256:abc\"\nname = \"Joost\"\ntime_zone = \"" + zone + "\"\n"
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	c, err := loadConfig(write("Europe/Amsterdam"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.SSH.Users) != 1 || c.SSH.Users[0].TimeZone != "Europe/Amsterdam" {
		t.Fatalf("users: %+v", c.SSH.Users)
	}
	for _, bad := range []string{"Europe/Amsterdamm", "CET+1", "../etc/passwd"} {
		_, err := loadConfig(write(bad))
		if err == nil || !strings.Contains(err.Error(), `ssh user "Joost"`) || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("time_zone %q: %v", bad, err)
		}
	}
}

// [google] timeout and max_response reach every call to Google: a hanging
// endpoint ends after the configured timeout, a long answer is cut at the
// configured size, each said in words; out of range, or not a duration or
// a size, the config is refused naming the key.
func TestConfigGoogleLimits(t *testing.T) {
	dir := isolate(t)
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)
	long := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"cloudIdentityAccounts":[],"x":"`+strings.Repeat("a", 200<<10)+`"}`)
	}))
	defer long.Close()
	cfg := filepath.Join(dir, "config.toml")
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte("[reseller]\nid = \"C0reseller\"\n[google]\naccount_id = \"C0reseller\"\n"+body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	add := func(db string) []string {
		return []string{"--db", filepath.Join(dir, db), "--config", cfg, "customers", "add", "--kind", "domain", "--org", "Acme BV",
			"--domain", "acme.nl", "--region", "NL", "--postal-code", "1012 AB", "--address-line", "Damrak 1"}
	}

	write(fmt.Sprintf("endpoint = %q\ntimeout = \"1s\"\n", hang.URL))
	if r := cli(t, add("hang.db")...); r.code == 0 || !strings.Contains(r.stderr, "no answer from Google within 1 s") {
		t.Fatalf("hanging endpoint, timeout 1s: %+v", r)
	}
	write(fmt.Sprintf("endpoint = %q\nmax_response = \"64KiB\"\n", long.URL))
	if r := cli(t, add("long.db")...); r.code == 0 || !strings.Contains(r.stderr, "longer than 65536 bytes and was cut off") {
		t.Fatalf("200 KiB answer, max_response 64KiB: %+v", r)
	}
	for _, bad := range []struct{ body, says string }{
		{`timeout = "0s"`, "google.timeout 0s must be from 1s to 10m"},
		{`timeout = "11m"`, "google.timeout 11m0s must be from 1s to 10m"},
		{`timeout = "soon"`, `"soon" is not a duration`},
		{`max_response = "1KiB"`, "google.max_response 1024 bytes must be from 64KiB to 1GiB"},
		{`max_response = "2GiB"`, "must be from 64KiB to 1GiB"},
		{`max_response = "eight"`, `"eight" is not a size like 8MiB`},
		{`max_response = "99999999999GiB"`, "is not a size"},
	} {
		write(bad.body + "\n")
		if _, err := loadConfig(cfg); err == nil || !strings.Contains(err.Error(), bad.says) {
			t.Errorf("%s: %v, want %q", bad.body, err, bad.says)
		}
	}
	write("timeout = \"2m\"\nmax_response = \"512KiB\"\n")
	c, err := loadConfig(cfg)
	if err != nil || c.Google.Timeout.Duration != 2*time.Minute || c.Google.MaxResponse != 512<<10 {
		t.Fatalf("2m and 512KiB: %+v %v", c.Google, err)
	}
}

// The example config is the defaults: loading it changes nothing.
func TestExampleConfigIsTheDefaults(t *testing.T) {
	c, err := loadConfig(filepath.Join("..", "..", "config.toml.example"))
	if err != nil {
		t.Fatal(err)
	}
	if want := defaultConfig(); c.Google.Timeout != want.Google.Timeout || c.Google.MaxResponse != want.Google.MaxResponse ||
		c.SSH.MaxUnauthenticated != want.SSH.MaxUnauthenticated || c.SSH.MaxUnauthenticatedPerIP != want.SSH.MaxUnauthenticatedPerIP {
		t.Fatalf("example %+v %+v, defaults %+v %+v", c.Google, c.SSH, want.Google, want.SSH)
	}
}

// [reseller] id and [google] account_id are one setting: either fills the
// other; two different values are refused, naming both.
func TestOneResellerID(t *testing.T) {
	dir := t.TempDir()
	load := func(body string) (Config, error) {
		p := filepath.Join(dir, "c.toml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return loadConfig(p)
	}
	c, err := load("[google]\naccount_id = \"C0abc\"\n")
	if err != nil || c.Reseller.ID != "C0abc" {
		t.Fatalf("account_id alone: %+v, %v", c.Reseller, err)
	}
	c, err = load("[reseller]\nid = \"C0abc\"\n[google]\nendpoint = \"http://127.0.0.1:1/\"\n")
	if err != nil || c.Google.AccountID != "C0abc" {
		t.Fatalf("reseller id with [google]: %+v, %v", c.Google, err)
	}
	c, err = load("[reseller]\nid = \"C0abc\"\n")
	if err != nil || c.Google.AccountID != "" {
		t.Fatalf("reseller id alone turned Google on: %+v, %v", c.Google, err)
	}
	if _, err = load("[reseller]\nid = \"C0abc\"\n[google]\naccount_id = \"C0xyz\"\n"); err == nil ||
		!strings.Contains(err.Error(), "reseller.id") || !strings.Contains(err.Error(), "google.account_id") {
		t.Fatalf("two IDs: %v", err)
	}
	if _, err = load("[google]\nendpoint = \"http://127.0.0.1:1/\"\n"); err == nil || !strings.Contains(err.Error(), "[reseller] id") {
		t.Fatalf("no ID: %v", err)
	}
}
