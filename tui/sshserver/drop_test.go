package sshserver

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/store"
)

// gatedDrafts refuses every draft save until open, so that only a save the
// end of the session makes can store the draft (the typing's own save,
// 400 ms after the last key, would otherwise race the drop).
type gatedDrafts struct {
	*store.Service
	open atomic.Bool
}

func (g *gatedDrafts) SaveDraft(ctx context.Context, d model.Draft) (int64, error) {
	if !g.open.Load() {
		return 0, errors.New("not yet")
	}
	return g.Service.SaveDraft(ctx, d)
}

// A client that drops its connection right after typing, without a quit,
// leaves a draft with what it typed, and the session ends.
func TestDroppedConnectionSavesTheDraft(t *testing.T) {
	anna := newPerson(t, "Anna")
	svc := newStore(t)
	gated := &gatedDrafts{Service: svc}
	ts := startServer(t, gated, Config{}, anna)
	tm := login(t, ts.addr, anna, "anna", 100, 30)
	w := tm.toOrganisation(svc.Env())
	w.Fill(model.FieldOrgName, "Typed Before The Drop")
	tm.waitFor("Typed Before The Drop")
	gated.open.Store(true)
	tm.client.Close()
	if !eventually(walk.Guard, func() bool { return ts.srv.Sessions() == 0 }) {
		t.Fatalf("the session did not end after the drop; log:\n%s", ts.logs.String())
	}
	ds, err := svc.Drafts(context.Background(), "Anna")
	if err != nil || len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Typed Before The Drop" {
		t.Fatalf("drafts after the drop: %+v %v", ds, err)
	}
	if log := ts.logs.String(); !strings.Contains(log, "reason=disconnected") {
		t.Fatalf("the log does not say the session was dropped:\n%s", log)
	}
}
