package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
