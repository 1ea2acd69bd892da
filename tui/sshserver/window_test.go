package sshserver

import (
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
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

// A client that claims a window no screen can be (OpenSSH after stty rows
// 65535 cols 65535, or 2³²−1 in both) in its pty request or in a window
// change is drawn at MaxColumns×MaxRows: the session works and the server's
// memory stays bounded, where the unbounded size made the renderer allocate
// a cell buffer of that size and the process die out of memory.
func TestHugeWindowSizesAreClamped(t *testing.T) {
	for _, size := range []int{65535, 4294967295} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			anna := newPerson(t, "Anna")
			ts := startServer(t, newStore(t), Config{}, anna)
			before := ts.srv.Stats().HeapInuseKiB
			c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
			if err != nil {
				t.Fatal(err)
			}
			a := openTermClaiming(t, c, size, size, MaxColumns, MaxRows)
			footerAtRow := func(row int) func(string) bool {
				return func(s string) bool {
					lines := strings.Split(s, "\n")
					return len(lines) >= row && strings.Contains(lines[row-1], "q quit") && strings.Contains(s, "No customers yet")
				}
			}
			if _, ok := a.Wait(footerAtRow(MaxRows)); !ok {
				t.Fatalf("the list is not drawn %d rows high", MaxRows)
			}
			if logs := ts.logs.String(); !strings.Contains(logs, "columns=1000 rows=500") {
				t.Fatalf("the session did not start at 1000×500:\n%s", logs)
			}

			// A window change to a usual size, then to the huge one again.
			if err := a.sess.WindowChange(30, 100); err != nil {
				t.Fatal(err)
			}
			if _, ok := a.Wait(footerAtRow(30)); !ok {
				t.Fatal("the list does not follow a window change to 100×30")
			}
			if err := a.sess.WindowChange(size, size); err != nil {
				t.Fatal(err)
			}
			if _, ok := a.Wait(footerAtRow(MaxRows)); !ok {
				t.Fatalf("after a window change to %d×%d the list is not drawn %d rows high", size, size, MaxRows)
			}
			a.Press("n")
			a.waitFor("esc leave")
			// The heap is the test's as well: its 1000×500 terminal is in it.
			if after := ts.srv.Stats().HeapInuseKiB; after > before+300*1024 {
				t.Fatalf("the heap grew from %d KiB to %d KiB with one session", before, after)
			}
		})
	}
}

// A pty request that gives no size is drawn at 80×24.
func TestZeroWindowSizeIsTheClassicTerminal(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{}, anna)
	c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatal(err)
	}
	a := openTermClaiming(t, c, 0, 0, 80, 24)
	a.waitFor("No customers yet", "q quit")
	if logs := ts.logs.String(); !strings.Contains(logs, "columns=80 rows=24") {
		t.Fatalf("the session did not start at 80×24:\n%s", logs)
	}
}
