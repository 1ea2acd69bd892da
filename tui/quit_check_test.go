package tui

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/internal/walk"
	"onboard/model"
)

// ctrl+c while the wizard says "Saving…" because Google's check before a
// create hangs quits at once: nothing is stored yet, the draft keeps what
// was typed, and Google's answer, when it comes, stores nothing. Before, the
// quit waited for the call (over 60 s without a timeout). At the next
// start the draft is offered and Create goes on from it.
func TestQuitDuringTheGoogleCheckIsImmediate(t *testing.T) {
	d, svc, fake := googleApp(t)
	asked := make(chan struct{}, 1)
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if !strings.Contains(r.URL.Path, "checkCloudIdentityAccountsExist") {
			return false
		}
		asked <- struct{}{}
		<-r.Context().Done() // hangs until the caller gives up
		return true
	})
	wizardToReview(d, "Hang BV", "hang.nl")
	_, check := d.app.Update(keyMsg("c"))
	d.must("Saving…")
	answer := make(chan tea.Msg, 1)
	go func() { answer <- check() }()
	select {
	case <-asked:
	case <-time.After(walk.Guard):
		t.Fatal("the check never reached Google")
	}
	_, quit := d.app.Update(keyMsg("ctrl+c"))
	d.run(quit)
	if !d.quit {
		t.Fatalf("ctrl+c did not quit while Google's check hung:\n%s", d.screen())
	}
	// The quit ended the check: its answer comes, and stores nothing.
	var msg tea.Msg
	select {
	case msg = <-answer:
	case <-time.After(walk.Guard):
		t.Fatal("the check did not end with the quit")
	}
	_, cmd := d.app.Update(msg)
	if cmd != nil {
		if next := cmd(); next != nil {
			d.app.Update(next)
		}
	}
	ctx := context.Background()
	got, err := svc.List(ctx, model.ListQuery{Limit: 10})
	ds, derr := svc.Drafts(ctx, "anna")
	if err != nil || derr != nil {
		t.Fatal(err, derr)
	}
	if len(got) != 0 {
		t.Fatalf("stored after the quit: %+v", got)
	}
	if len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Hang BV" || ds[0].Values.Get(model.FieldDomain) != "hang.nl" {
		t.Fatalf("drafts %+v, want the one typed", ds)
	}
}
