package sshserver

import (
	"context"
	"strings"
	"testing"
	"time"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/tui"
)

// crashingStore panics when one staff member's drafts are read, as a bug in
// one session would.
type crashingStore struct {
	tui.Store
	victim string
}

func (s crashingStore) Drafts(ctx context.Context, owner string) ([]model.Draft, error) {
	if owner == s.victim {
		panic("boom: a bug in one session")
	}
	return s.Store.Drafts(ctx, owner)
}

func TestPanicEndsOnlyThatSession(t *testing.T) {
	anna, bob := newPerson(t, "Anna"), newPerson(t, "Crash")
	svc := newStore(t)
	ts := startServer(t, crashingStore{Store: svc, victim: "Crash"}, Config{}, anna, bob)
	a := login(t, ts.addr, anna, "anna", 100, 30)
	a.waitFor("No customers yet")
	b := login(t, ts.addr, bob, "bob", 100, 30)
	select {
	case <-b.ended:
	case <-time.After(walk.Guard):
		t.Fatalf("the crashed session did not end; log:\n%s\nscreen:\n%s", ts.logs.String(), b.screen())
	}
	if !eventually(walk.Guard, func() bool { return strings.Contains(ts.logs.String(), "ssh session ended by a panic") }) {
		t.Fatalf("the panic was not logged:\n%s", ts.logs.String())
	}
	if n := strings.Count(ts.logs.String(), "ended by a panic"); n != 1 {
		t.Fatalf("the panic was logged %d times", n)
	}
	if !strings.Contains(ts.logs.String(), `actor=Crash`) {
		t.Fatal("the panic's log line does not name the actor")
	}
	// Anna's session goes on, and new logins work.
	a.send("n")
	a.wizard(svc.Env(), walk.Options{Mode: model.ModeCreate}) // on its first step
	c := login(t, ts.addr, anna, "anna", 100, 30)
	c.waitFor("Customers")
}
