package tui

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/store"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// The pushes resumed at start do not queue behind one whose calls hang:
// the next customer's push reaches Google while the first still waits.
func TestResumeDoesNotQueueBehindAHang(t *testing.T) {
	ctx := context.Background()
	fake := channeltest.New("C0123abcd")
	defer fake.Close()
	g, _ := channel.New(ctx, channel.Config{AccountID: "C0123abcd", Endpoint: fake.Endpoint(), Timeout: 2 * walk.Guard})
	var zero time.Duration
	svc, err := store.Open(ctx, filepath.Join(t.TempDir(), "r.db"), store.Options{ResellerID: "C0123abcd", Now: clock, Google: g,
		PollWait: func(int) time.Duration { return time.Millisecond }, LookupDelay: &zero})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		http.Error(w, "unavailable", http.StatusServiceUnavailable) // an outage: both stay under way
		return true
	})
	for _, d := range []string{"hang.nl", "next.nl"} {
		res, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
			model.FieldKind: "domain", model.FieldOrgName: "Org " + d, model.FieldDomain: d, model.FieldRegionCode: "NL",
			model.FieldPostalCode: "1012 AB", model.FieldAddressLine1: "Damrak 1", model.FieldRegisteredDomain: "yes",
			model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
		}, model.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Push(ctx, "anna", res.Customer.ID); err == nil {
			t.Fatal("the outage went unnoticed")
		}
	}
	var (
		once    sync.Once
		reached = make(chan struct{}) // next.nl's push got to Google
		unhang  = make(chan struct{})
	)
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, body map[string]any) bool {
		switch body["domain"] {
		case "hang.nl":
			select {
			case <-r.Context().Done():
			case <-unhang:
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
			}
			return true
		case "next.nl":
			once.Do(func() { close(reached) })
		}
		return false
	})
	queued := make(chan bool, 1)
	go func() {
		select {
		case <-reached:
			queued <- false
		case <-time.After(walk.Guard):
			queued <- true
		}
		close(unhang)
	}()
	app := New(&common.Common{Ctx: ctx, Actor: "anna", Now: clock, Loc: time.UTC, Styles: styles.New(true), Tick: testTick, Files: true}, svc)
	d := drive(t, app, 100, 30)
	if <-queued {
		t.Fatal("the second resumed push waited behind the one that hangs")
	}
	if s := d.screen(); !strings.Contains(s, "Went on with 2 pushes to Google that were under way: 1 done, 1 not") {
		t.Fatalf("screen:\n%s", s)
	}
}
