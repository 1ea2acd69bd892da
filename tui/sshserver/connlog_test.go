package sshserver

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/internal/walk"
)

// manualClock is a clock the test moves.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// A burst of TCP connects logs at most ConnectLinesPerSecond "ssh connect"
// lines a second; the first connect of a later second logs how many were
// left out.
func TestConnectLinesAreRateLimited(t *testing.T) {
	const burst = 25
	clock := &manualClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	ts := startServer(t, newStore(t), Config{Now: clock.now, MaxConnsPerIP: 1000}, newPerson(t, "Anna"))
	seen := ts.srv.connLines.seen
	for i := 0; i < burst; i++ {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	if !eventually(walk.Guard, func() bool { return seen() == burst }) {
		t.Fatalf("the server saw %d of %d connects", seen(), burst)
	}
	lines := func() int { return strings.Count(ts.logs.String(), `msg="ssh connect" `) }
	if n := lines(); n != ConnectLinesPerSecond {
		t.Fatalf("%d connect lines for %d connects in one second, want %d:\n%s", n, burst, ConnectLinesPerSecond, ts.logs.String())
	}

	clock.add(time.Second)
	c, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if !eventually(walk.Guard, func() bool { return lines() == ConnectLinesPerSecond+1 }) {
		t.Fatalf("no connect line in the next second:\n%s", ts.logs.String())
	}
	if want := `msg="ssh connect lines not logged" count=15`; !strings.Contains(ts.logs.String(), want) {
		t.Fatalf("no %s:\n%s", want, ts.logs.String())
	}
}

// Refusal lines are bounded the same way: 25 connections from one address
// allowed one pending connection drop 24, of which 10 are logged in the
// second, and the next second says how many were left out.
func TestRefusalLinesAreRateLimited(t *testing.T) {
	const burst = 25
	clock := &manualClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	ts := startServer(t, newStore(t), Config{Now: clock.now, MaxUnauthenticatedPerIP: 1, HandshakeTimeout: walk.Guard, FirstByteTimeout: walk.Guard}, newPerson(t, "Anna"))
	for i := 0; i < burst; i++ {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	if !eventually(walk.Guard, func() bool { return ts.srv.refusals.seen() == burst-1 }) {
		t.Fatalf("the server dropped %d of %d connections", ts.srv.refusals.seen(), burst-1)
	}
	lines := func() int {
		return strings.Count(ts.logs.String(), `msg="ssh unauthenticated connection dropped to make room"`)
	}
	if n := lines(); n != ConnectLinesPerSecond {
		t.Fatalf("%d refusal lines for %d drops in one second, want %d:\n%s", n, burst-1, ConnectLinesPerSecond, ts.logs.String())
	}
	clock.add(time.Second)
	c, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !eventually(walk.Guard, func() bool { return lines() == ConnectLinesPerSecond+1 }) {
		t.Fatalf("no refusal line in the next second:\n%s", ts.logs.String())
	}
	if want := `level=WARN msg="ssh refusal lines not logged" count=14`; !strings.Contains(ts.logs.String(), want) {
		t.Fatalf("no %s:\n%s", want, ts.logs.String())
	}
}
