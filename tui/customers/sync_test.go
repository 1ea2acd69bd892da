package customers

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/internal/walk"
	"onboard/store"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// ctrl+r syncs with Google in the background: the list keeps taking keys
// while it runs, and when it ends shows the customers it brought in and
// when the sync finished.
func TestSyncKeyRunsInTheBackground(t *testing.T) {
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.AddCustomers(1, 120, 1)
	g, err := channel.New(context.Background(), channel.Config{AccountID: "C0reseller", Endpoint: fake.Endpoint(), NoQuota: true})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), store.Options{Google: g, ResellerID: "C0reseller",
		Now: func() time.Time { return benchNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	h := newHarness(t, svc)
	h.settle()
	if v := h.m.View(); !strings.Contains(v, "never synced with Google (ctrl+r)") {
		t.Fatalf("before:\n%s", v)
	}
	h.start(h.m.Update(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}))
	if !h.m.syncing.running {
		t.Fatal("ctrl+r did not start a sync")
	}
	h.step(h.m.Update(tea.KeyPressMsg{Code: tea.KeyDown})) // the list still answers
	guard := time.After(walk.Guard)
	for h.m.syncing.running {
		select {
		case msg := <-h.answers:
			h.start(h.m.Update(msg))
		case <-guard:
			t.Fatal("the sync did not end")
		}
	}
	h.settle()
	v := h.m.View()
	if !strings.Contains(v, "of 120 customers") || !strings.Contains(v, "last synced with Google") || !strings.Contains(v, "Customer 1") {
		t.Fatalf("after the sync:\n%s", v)
	}
}
