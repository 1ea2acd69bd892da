package sshserver

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"onboard/model"
	"onboard/store"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSessionZone(t *testing.T) {
	tokyo, amsterdam, server := mustZone(t, "Asia/Tokyo"), mustZone(t, "Europe/Amsterdam"), time.FixedZone("server", -5*3600)
	for _, tc := range []struct {
		env  []string
		user *time.Location
		want *time.Location
		bad  bool // the client's TZ is logged as no zone
	}{
		{env: []string{"TZ=Asia/Tokyo"}, user: amsterdam, want: tokyo},
		{env: []string{"TZ=:Asia/Tokyo"}, want: tokyo},
		{env: []string{"TZ=UTC"}, user: amsterdam, want: time.UTC},
		{env: []string{"TZ=Europe/Amsterdam", "TZ=Asia/Tokyo"}, want: tokyo},
		{env: []string{"LANG=nl_NL.UTF-8"}, user: amsterdam, want: amsterdam},
		{env: nil, want: server},
		{env: []string{"TZ="}, user: amsterdam, want: amsterdam},
		{env: []string{"TZ=Mars/Olympus_Mons"}, user: amsterdam, want: amsterdam, bad: true},
		{env: []string{"TZ=JST-9"}, want: server, bad: true}, // a POSIX rule, not a zone name
		{env: []string{"TZ=/etc/localtime"}, want: server, bad: true},
		{env: []string{"TZ=../../../etc/passwd"}, want: server, bad: true},
		{env: []string{"TZ=Local"}, user: amsterdam, want: amsterdam, bad: true},
		{env: []string{"TZ=" + strings.Repeat("A", 200)}, want: server, bad: true},
	} {
		got, err := SessionZone(tc.env, tc.user, server)
		if got != tc.want && got.String() != tc.want.String() || (err != nil) != tc.bad {
			t.Errorf("SessionZone(%q, %v) = %v, %v; want %v, bad TZ %v", tc.env, tc.user, got, err, tc.want, tc.bad)
		}
	}
}

// Over a real SSH connection the resume prompt and the detail screen show
// the store's 10:00 UTC in the reader's zone: the client's TZ (as ssh -o
// SetEnv=TZ=Asia/Tokyo sends it), else the [[ssh.users]] time_zone, else
// the server's; a TZ that names no zone falls back and is logged, and the
// session goes on.
func TestSSHSessionShowsTimesInTheReadersZone(t *testing.T) {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "onboard.db"),
		store.Options{ResellerID: "C0123abcd", Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	anna, joost := newPerson(t, "Anna"), newPerson(t, "Joost")
	ctx := context.Background()
	for _, owner := range []string{"Anna", "Joost"} {
		if _, err := svc.SaveDraft(ctx, model.Draft{Owner: owner, Mode: model.ModeCreate, Step: "customer",
			Values: model.Fields{model.FieldOrgName: "Zone BV", model.FieldKind: "domain"}}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{
		Location: mustZone(t, "America/New_York"),
		Users:    []User{{Fingerprint: gossh.FingerprintSHA256(joost.signer.PublicKey()), Name: "Joost", TimeZone: "Europe/Amsterdam"}},
	}
	ts := startServer(t, svc, cfg, anna, joost)
	open := func(p person, env ...string) *term {
		c, err := dial(ts.addr, strings.ToLower(p.name), gossh.PublicKeys(p.signer))
		if err != nil {
			t.Fatal(err)
		}
		return openTerm(t, c, 100, 30, env...)
	}

	a := open(anna, "TZ", "Asia/Tokyo")
	a.waitFor("Resume the draft for Zone BV started 27 Nov 2026 19:00?", "saved at 19:00")

	j := open(joost)
	j.waitFor("Resume the draft for Zone BV started 27 Nov 2026 11:00?", "saved at 11:00")

	jt := open(joost, "TZ", "Asia/Tokyo") // the client's TZ wins over time_zone
	jt.waitFor("started 27 Nov 2026 19:00?")

	s := open(anna)
	s.waitFor("Resume the draft for Zone BV started 27 Nov 2026 05:00?", "saved at 05:00")

	b := open(joost, "TZ", "Mars/Olympus_Mons")
	b.waitFor("started 27 Nov 2026 11:00?")
	if !strings.Contains(ts.logs.String(), `the client's TZ names no known time zone`) || !strings.Contains(ts.logs.String(), "Mars/Olympus_Mons") {
		t.Fatalf("the bad TZ was not logged:\n%s", ts.logs.String())
	}
}

// The detail screen's times are in the client's zone too.
func TestSSHDetailShowsTimesInTheClientsZone(t *testing.T) {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "onboard.db"),
		store.Options{ResellerID: "C0123abcd", Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if _, err := svc.Create(context.Background(), "Anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Zone BV", model.FieldDomain: "zone.nl",
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	anna := newPerson(t, "Anna")
	ts := startServer(t, svc, Config{Location: time.UTC}, anna)
	c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatal(err)
	}
	a := openTerm(t, c, 100, 60, "TZ", "Asia/Tokyo")
	a.waitFor("Zone BV")
	a.send(kEnter)
	a.waitFor("27 Nov 2026 19:00 by Anna", "27 Nov 2026 19:00 (version 1)")
}

// A server given a [[ssh.users]] time zone its machine does not know does
// not start, and says whose.
func TestNewRefusesAnUnknownUserTimeZone(t *testing.T) {
	joost := newPerson(t, "Joost")
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, []byte(joost.authorizedLine()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := Config{AuthorizedKeys: keys, HostKeyPath: filepath.Join(dir, "host_key"),
		Users: []User{{Fingerprint: gossh.FingerprintSHA256(joost.signer.PublicKey()), Name: "Joost", TimeZone: "Europe/Atlantis"}}}
	_, err := New(cfg, newStore(t))
	if err == nil || !strings.Contains(err.Error(), `"Europe/Atlantis" of ssh user "Joost"`) {
		t.Fatalf("New with an unknown time zone: %v", err)
	}
}
