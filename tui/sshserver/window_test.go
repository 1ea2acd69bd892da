package sshserver

import (
	"strings"
	"testing"
)

// The app draws at the size the client's pty request gives, and follows the
// client's window changes both ways.
func TestWindowSizeFollowsTheClient(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{}, anna)
	a := login(t, ts.addr, anna, "anna", 100, 30)
	a.waitFor("No customers yet")

	if err := a.sess.WindowChange(20, 70); err != nil {
		t.Fatal(err)
	}
	a.waitFor("Terminal too small", "this one is 70×20")
	if s := a.screen(); strings.Contains(s, "No customers yet") {
		t.Fatalf("the list is still drawn beside the notice:\n%s", s)
	}

	if err := a.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	a.waitFor("No customers yet")
}

// A pty request with a small window is drawn at that size from the first
// frame, before any window change.
func TestInitialWindowSizeComesFromThePtyRequest(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{}, anna)
	a := login(t, ts.addr, anna, "anna", 60, 20)
	a.waitFor("Terminal too small", "this one is 60×20")
}
