package sshserver

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/model/rules"
)

func TestLoginCreateAndSeeItInAnotherSession(t *testing.T) {
	anna, bob := newPerson(t, "Anna de Vries"), newPerson(t, "Bob Jansen")
	svc := newStore(t)
	ts := startServer(t, svc, Config{}, anna, bob)
	// Anna logs in as "root": the key, not the user name, says who she is.
	a := login(t, ts.addr, anna, "root", 100, 30)
	a.waitFor("No customers yet")
	w := a.toOrganisation(svc.Env())
	w.Fill(model.FieldOrgName, "SSH Bakkerij")
	w.Fill(model.FieldDomain, "ssh-bakkerij.nl")
	w.To(rules.StepContact)
	a.waitFor("Contact information")
	w.To(rules.StepReview)
	w.Submit()
	a.waitFor("Customer created: SSH Bakkerij")
	a.send(kEnter)
	a.waitFor("t setup tips")
	a.send("\x1b")
	a.waitFor("> SSH Bakkerij", "1–1 of 1 customer")

	b := login(t, ts.addr, bob, "bob", 100, 30)
	b.waitFor("SSH Bakkerij", "ssh-bakkerij.nl")

	cs, _ := svc.List(context.Background(), model.ListQuery{})
	ev, _ := svc.History(context.Background(), cs[0].ID)
	if len(ev) != 1 || ev[0].Actor != "Anna de Vries" || cs[0].CreatedBy != "Anna de Vries" {
		t.Fatalf("the audit trail names %q, want Anna de Vries", ev[0].Actor)
	}
	if !strings.Contains(ts.logs.String(), `actor="Anna de Vries"`) || !strings.Contains(ts.logs.String(), "ssh_user=root") {
		t.Fatalf("the log lacks the actor and the SSH user:\n%s", ts.logs.String())
	}
}

func TestRefusals(t *testing.T) {
	anna, mallory := newPerson(t, "Anna"), newPerson(t, "Mallory")
	svc := newStore(t)
	ts := startServer(t, svc, Config{}, anna)

	if _, err := dial(ts.addr, "anna", gossh.PublicKeys(mallory.signer)); err == nil {
		t.Fatal("an unknown key logged in")
	}
	if _, err := dial(ts.addr, "anna", gossh.Password("secret")); err == nil {
		t.Fatal("a password logged in")
	}
	if _, err := dial(ts.addr, "anna", gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return []string{"secret"}, nil
	})); err == nil {
		t.Fatal("keyboard-interactive logged in")
	}
	// A session without a terminal gets one line and exit status 1.
	c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, _ := c.NewSession()
	out, err := sess.CombinedOutput("customers list")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 || !strings.Contains(string(out), "needs a terminal") {
		t.Fatalf("non-PTY exec: %q %v", out, err)
	}
	// An emptied authorized_keys refuses everyone on the next login.
	os.WriteFile(ts.keys, nil, 0o600)
	if _, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer)); err == nil {
		t.Fatal("logged in with an empty authorized_keys")
	}
	// Adding the key back lets her in again without a restart.
	os.WriteFile(ts.keys, []byte(anna.authorizedLine()), 0o600)
	c2, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatalf("the key was restored but login failed: %v", err)
	}
	c2.Close()
}

func TestAuthorizedKeysAreParsedStrictly(t *testing.T) {
	anna := newPerson(t, "Anna")
	dir := t.TempDir()
	svc := newStore(t)
	cases := map[string]string{
		"garbage":    "ssh-ed25519 AAAAnotbase64 Anna\n",
		"options":    `from="10.0.0.1" ` + anna.authorizedLine(),
		"expiry":     `expiry-time="20300101" ` + anna.authorizedLine(),
		"no name":    strings.TrimSuffix(anna.authorizedLine(), " Anna\n") + "\n",
		"control ch": strings.TrimSuffix(anna.authorizedLine(), "Anna\n") + "An\x1bna\n",
	}
	for name, body := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		os.WriteFile(path, []byte("# staff\n\n"+body), 0o600)
		_, err := New(Config{AuthorizedKeys: path, HostKeyPath: filepath.Join(dir, "hk")}, svc)
		if err == nil || !strings.Contains(err.Error(), path+":3") {
			t.Errorf("%s: want an error naming %s:3, got %v", name, path, err)
		}
	}
}

func TestHostKeyIsPrivateAndStable(t *testing.T) {
	anna := newPerson(t, "Anna")
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	os.WriteFile(keys, []byte(anna.authorizedLine()), 0o600)
	hk := filepath.Join(dir, "data", "onboard", "ssh_host_ed25519_key")
	svc := newStore(t)
	s1, err := New(Config{AuthorizedKeys: keys, HostKeyPath: hk}, svc)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(hk)
	di, _ := os.Stat(filepath.Dir(hk))
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Fatalf("host key %v in dir %v", fi.Mode().Perm(), di.Mode().Perm())
	}
	s2, err := New(Config{AuthorizedKeys: keys, HostKeyPath: hk}, svc)
	if err != nil || s1.Fingerprint() != s2.Fingerprint() || s1.Fingerprint() == "" {
		t.Fatalf("the host key changed across restarts: %s %s %v", s1.Fingerprint(), s2.Fingerprint(), err)
	}
	os.Chmod(hk, 0o644)
	if _, err := New(Config{AuthorizedKeys: keys, HostKeyPath: hk}, svc); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable host key was accepted: %v", err)
	}
	if _, err := os.Stat("id_ed25519"); err == nil {
		t.Fatal("a host key was written into the working directory")
	}
}

func TestDroppedConnectionResumesDraft(t *testing.T) {
	anna := newPerson(t, "Anna")
	svc := newStore(t)
	ts := startServer(t, svc, Config{}, anna)
	a := login(t, ts.addr, anna, "anna", 100, 30)
	w := a.toOrganisation(svc.Env())
	w.Fill(model.FieldOrgName, "Dropped BV")
	w.Fill(model.FieldDomain, "dropped.nl")
	w.Focus(model.FieldOrgName)
	a.waitFor("dropped.nl")
	// Wait for the debounced draft save, then drop the TCP connection.
	var ds []model.Draft
	if !eventually(walk.Guard, func() bool {
		ds, _ = svc.Drafts(context.Background(), "Anna")
		return len(ds) == 1 && ds[0].Values.Get(model.FieldDomain) == "dropped.nl"
	}) {
		t.Fatal("the draft was not saved while typing")
	}
	a.client.Close()
	b := login(t, ts.addr, anna, "anna", 100, 30)
	b.waitFor("Resume the draft for Dropped BV")
	b.send("y")
	// The draft reopens on the step it was on.
	b.wizard(svc.Env(), walk.Resume(ds[0])).Expect(rules.StepCustomer)
	b.waitFor("Dropped BV", "dropped.nl")
}

func TestIdleLogoutSavesDraft(t *testing.T) {
	anna := newPerson(t, "Anna")
	svc := newStore(t)
	ts := startServer(t, svc, Config{IdleTimeout: 600 * time.Millisecond}, anna)
	a := login(t, ts.addr, anna, "anna", 100, 30)
	a.toOrganisation(svc.Env()).Fill(model.FieldOrgName, "Idle BV")
	select {
	case <-a.ended:
	case <-time.After(walk.Guard):
		t.Fatalf("the idle session was not logged out:\n%s", a.screen())
	}
	if !strings.Contains(a.screen(), "Logged out after 600ms without a key. Your draft is saved.") {
		t.Fatalf("no logout message:\n%s", a.screen())
	}
	ds, _ := svc.Drafts(context.Background(), "Anna")
	if len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Idle BV" {
		t.Fatalf("draft after idle logout: %+v", ds)
	}
	if !strings.Contains(ts.logs.String(), "reason=idle") {
		t.Fatal("the log does not say why the session ended")
	}
}

func TestShutdownSavesEveryDraft(t *testing.T) {
	const n = 20
	people := make([]person, n)
	for i := range people {
		people[i] = newPerson(t, "Staff"+string(rune('A'+i)))
	}
	svc := newStore(t)
	ts := startServer(t, svc, Config{}, people...)
	terms := make([]*term, n)
	var wg sync.WaitGroup
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			terms[i] = login(t, ts.addr, people[i], "x", 100, 30)
			terms[i].toOrganisation(svc.Env()).Fill(model.FieldOrgName, "Org of "+people[i].name)
			terms[i].waitFor("Org of " + people[i].name)
		}()
	}
	wg.Wait()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), walk.Guard)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	for _, p := range people {
		ds, _ := svc.Drafts(context.Background(), p.name)
		if len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Org of "+p.name {
			t.Fatalf("%s's draft after shutdown: %+v", p.name, ds)
		}
	}
	t.Logf("shutdown with %d open wizards: %s", n, took)
	if _, err := net.DialTimeout("tcp", ts.addr, time.Second); err == nil {
		t.Fatal("still accepting connections after shutdown")
	}
}

func TestSilentConnectionsAreClosedByTheHandshakeTimeout(t *testing.T) {
	anna := newPerson(t, "Anna")
	svc := newStore(t)
	ts := startServer(t, svc, Config{HandshakeTimeout: time.Second, MaxConns: 1000, MaxConnsPerIP: 1000}, anna)
	const n = 200
	conns := make([]net.Conn, n)
	for i := range conns {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	// A real login still works while they hang.
	a := login(t, ts.addr, anna, "anna", 100, 30)
	a.waitFor("No customers yet")
	start := time.Now()
	var closed sync.WaitGroup
	var open atomic.Int32
	for _, c := range conns {
		closed.Add(1)
		go func() {
			defer closed.Done()
			// Far past the 1 s handshake timeout: a read that times out
			// means the server left the connection open.
			c.SetReadDeadline(time.Now().Add(walk.Guard))
			buf := make([]byte, 512)
			for {
				if _, err := c.Read(buf); err != nil {
					if ne, ok := err.(net.Error); ok && ne.Timeout() {
						open.Add(1)
					}
					return // EOF: the server closed it
				}
			}
		}()
	}
	closed.Wait()
	took := time.Since(start)
	if n := open.Load(); n > 0 {
		t.Fatalf("%d silent connections were never closed", n)
	}
	t.Logf("%d silent connections closed within %s of the login", n, took.Round(time.Millisecond))
	a.send("j")
	a.waitFor("No customers yet")
}

func TestTwoSessionsEditingTheSameCustomer(t *testing.T) {
	anna, bob := newPerson(t, "Anna"), newPerson(t, "Bob")
	svc := newStore(t)
	ctx := context.Background()
	_, err := svc.Create(ctx, "Anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Shared BV", model.FieldDomain: "shared.nl",
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, svc, Config{}, anna, bob)
	open := func(p person) (*term, *walk.Walker) {
		tm := login(t, ts.addr, p, "x", 100, 30)
		tm.waitFor("> Shared BV")
		tm.send(kEnter)
		tm.waitFor("customer 1")
		c, err := svc.Get(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		tm.send("e")
		tm.waitFor("Edit Shared BV", "Customer type")
		w := tm.wizard(svc.Env(), walk.Options{Mode: c.Origin, Edit: true, Values: c.Form()})
		w.Focus(model.FieldOrgName) // on the organisation step
		tm.waitFor("Organisation name")
		return tm, w
	}
	a, wa := open(anna)
	b, wb := open(bob)
	// Both change the name; Anna saves first.
	wa.Fill(model.FieldOrgName, "Shared NV")
	wa.To(rules.StepContact)
	a.waitFor("Contact information")
	wa.To(rules.StepReview)
	a.waitFor("Review", "Shared NV")
	wa.Submit()
	a.waitFor("Saved Shared NV")
	wb.Append(model.FieldOrgName, " Group")
	wb.To(rules.StepContact)
	b.waitFor("Contact information")
	wb.To(rules.StepReview)
	b.waitFor("Review", "Shared BV Group")
	wb.Submit()
	// Bob's save reports the conflict, shows both values and overwrites nothing.
	b.waitFor("Anna saved this customer after you opened it", "Shared NV", "Shared BV Group")
	c, _ := svc.Get(ctx, 1)
	if c.OrgName != "Shared NV" || c.Version != 2 {
		t.Fatalf("after the conflict: %q version %d", c.OrgName, c.Version)
	}
	// Bob chooses to save his over hers, knowingly.
	b.send("m")
	b.waitFor("Saved Shared BV Group")
	c, _ = svc.Get(ctx, 1)
	ev, _ := svc.History(ctx, 1)
	if c.OrgName != "Shared BV Group" || len(ev) != 3 || ev[1].Actor != "Anna" || ev[2].Actor != "Bob" {
		t.Fatalf("after choosing: %q, history %+v", c.OrgName, ev)
	}
}

func TestLogsEscapeWhatClientsSend(t *testing.T) {
	anna := newPerson(t, "Anna")
	svc := newStore(t)
	ts := startServer(t, svc, Config{}, anna)
	forged := "evil\r\ntime=2026-01-01 level=ERROR msg=\"forged line\""
	c, err := dial(ts.addr, forged, gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if !eventually(walk.Guard, func() bool { return strings.Contains(ts.logs.String(), "ssh auth success") }) {
		t.Fatal("no auth log line")
	}
	for _, line := range strings.Split(ts.logs.String(), "\n") {
		if strings.HasPrefix(line, "time=2026-01-01") || strings.Contains(line, "\r") {
			t.Fatalf("a client forged a log line:\n%s", ts.logs.String())
		}
	}
	if !strings.Contains(ts.logs.String(), `ssh_user="evil\r\n`) {
		t.Fatalf("the user name is not logged escaped:\n%s", ts.logs.String())
	}
}

func TestMaxAuthTries(t *testing.T) {
	anna := newPerson(t, "Anna")
	svc := newStore(t)
	ts := startServer(t, svc, Config{MaxAuthTries: 2}, anna)
	// golang.org/x/crypto/ssh counts a refused key offer only after
	// max_auth_tries free ones, so a client can offer at most twice that:
	// five wrong keys then the right one is refused.
	var signers []gossh.Signer
	for i := 0; i < 5; i++ {
		signers = append(signers, newPerson(t, "x").signer)
	}
	signers = append(signers, anna.signer)
	if _, err := dial(ts.addr, "anna", gossh.PublicKeys(signers...)); err == nil {
		t.Fatal("the sixth key was tried despite max_auth_tries = 2")
	}
	if _, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer)); err != nil {
		t.Fatalf("the right key alone: %v", err)
	}
}
