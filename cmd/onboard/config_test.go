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
