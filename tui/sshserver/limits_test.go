package sshserver

import (
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"onboard/internal/walk"
)

// One connection opens at most MaxSessionsPerConn sessions at once; the
// next is refused, and a closed one makes room again.
func TestSessionsPerConnectionAreBounded(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{}, anna)
	c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var open []*gossh.Session
	for i := 0; i < MaxSessionsPerConn; i++ {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatalf("session %d of %d: %v", i+1, MaxSessionsPerConn, err)
		}
		open = append(open, sess)
	}
	if _, err := c.NewSession(); err == nil || !strings.Contains(err.Error(), "too many sessions") {
		t.Fatalf("session %d: %v, want refused", MaxSessionsPerConn+1, err)
	}
	if !strings.Contains(ts.logs.String(), "too many on this connection") {
		t.Fatalf("the refusal is not logged:\n%s", ts.logs.String())
	}
	open[0].Close()
	var again *gossh.Session
	if !eventually(walk.Guard, func() bool { again, err = c.NewSession(); return err == nil }) {
		t.Fatalf("no session after one closed: %v", err)
	}
	// The session that took the freed place is a working app.
	tm := openTermOn(t, c, again, 100, 30)
	tm.waitFor("No customers yet")
}

// A session accepts MaxEnvPerSession env requests of at most MaxEnvBytes
// together; the rest are refused and not seen by the app.
func TestEnvRequestsAreBounded(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{}, anna)
	c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < MaxEnvPerSession; i++ {
		if err := sess.Setenv("X"+strconv.Itoa(i), "1"); err != nil {
			t.Fatalf("env %d of %d: %v", i+1, MaxEnvPerSession, err)
		}
	}
	// Past the count, even LANG is refused: the app speaks English.
	if err := sess.Setenv("LANG", "nl_NL.UTF-8"); err == nil {
		t.Fatalf("env request %d accepted", MaxEnvPerSession+1)
	}
	if !strings.Contains(ts.logs.String(), "ssh env request refused") {
		t.Fatalf("the refusal is not logged:\n%s", ts.logs.String())
	}
	tm := openTermOn(t, c, sess, 100, 30)
	tm.waitFor("No customers yet")

	big, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	half := strings.Repeat("v", MaxEnvBytes/2)
	if err := big.Setenv("A", half); err != nil {
		t.Fatalf("the first half of the bytes: %v", err)
	}
	if err := big.Setenv("B", half); err == nil {
		t.Fatalf("env requests of more than %d bytes accepted", MaxEnvBytes)
	}
	if err := big.Setenv("LANG", "nl_NL.UTF-8"); err == nil {
		t.Fatal("an env request after the byte limit accepted")
	}
}
