package store

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/model"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// fakeClock is a clock that moves only when something waits on it: the
// fake Google and the client share it, so a quota's minutes pass at once.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) channel() channel.Clock { return channel.Clock{Now: c.Now, Sleep: c.Sleep} }

// syncTest is a store syncing from a fake on clock; quota false turns
// onboard's own limiter off.
func syncTest(t *testing.T, clock *fakeClock, quota bool) (*Service, *channeltest.Fake, string) {
	t.Helper()
	fake := channeltest.New("C0reseller")
	fake.Now = clock.Now
	t.Cleanup(fake.Close)
	g, err := channel.New(context.Background(), channel.Config{AccountID: "C0reseller", Endpoint: fake.Endpoint(), Clock: clock.channel(), NoQuota: !quota})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(context.Background(), path, Options{ResellerID: "C0reseller", Google: g, Now: clock.Now, MaxPolls: 1 << 30,
		PollWait: func(int) time.Duration { return time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, fake, path
}

func start() *fakeClock { return &fakeClock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)} }

// A sync adds the customers new here (with their subscriptions), links a
// local record Google has, keeps the differences of a linked customer
// without overwriting it, and marks one Google no longer lists as gone.
func TestSyncBringsTheDatabaseInLine(t *testing.T) {
	ctx := context.Background()
	clock := start()
	s, fake, _ := syncTest(t, clock, true)
	names := fake.AddCustomers(1, 120, 5)
	// A customer pushed from here, later changed at Google.
	mine := addCustomer(t, s, model.ModeCreate, pushable("Mine BV", "mine.nl"))
	pushed, err := s.Push(ctx, "anna", mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	fake.Change(pushed.GoogleName, func(c map[string]any) { c["orgDisplayName"] = "Mine Holding BV" })
	// A local record of a domain Google has (never pushed).
	local := addCustomer(t, s, model.ModeCreate, pushable("Customer Seven", "c7.example"))

	p, err := s.Sync(ctx, "anna", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Done != 121 || p.Added != 119 || p.Differing < 1 || p.FinishedAt.IsZero() {
		t.Fatalf("progress %+v", p)
	}
	n, _ := s.Count(ctx)
	if n != 121 {
		t.Fatalf("%d customers here, want 121", n)
	}
	got, _ := s.Get(ctx, local.ID)
	if got.GoogleName != names[6] || got.Status != model.StatusCreated || got.OrgName != "Customer Seven" {
		t.Fatalf("linked local record %+v", got)
	}
	after, _ := s.Get(ctx, pushed.ID)
	if after.OrgName != "Mine BV" {
		t.Fatalf("the sync overwrote a linked customer: %q", after.OrgName)
	}
	_, diffs, _, _ := s.GoogleState(ctx, pushed.ID)
	if len(diffs) == 0 || !strings.Contains(diffs[0].Google, "Mine Holding BV") {
		t.Fatalf("differences %+v", diffs)
	}
	c1, err := s.Find(ctx, "c1.example")
	if err != nil || c1.Origin != model.ModeImport || c1.Status != model.StatusImported || c1.GoogleName != names[0] {
		t.Fatalf("added %+v, %v", c1, err)
	}
	gone, _, subs, _ := s.GoogleState(ctx, c1.ID)
	if gone || len(subs) != 1 || subs[0].Seats != 5 || subs[0].SKU != "1010020027" {
		t.Fatalf("subscriptions %+v gone %v", subs, gone)
	}

	fake.Remove(names[0])
	if _, err := s.Sync(ctx, "anna", nil); err != nil {
		t.Fatal(err)
	}
	gone, _, _, _ = s.GoogleState(ctx, c1.ID)
	if !gone {
		t.Fatal("a customer Google no longer lists is not marked gone")
	}
	if n, _ := s.Count(ctx); n != 121 {
		t.Fatalf("%d customers after the second sync", n)
	}
	last, ok, _, running, _ := s.LastSync(ctx)
	if !ok || running || last.Gone != 1 || last.Total != 121 {
		t.Fatalf("last sync %+v ok %v running %v", last, ok, running)
	}
}

// With Google's quota of 24 customers.list and 24 entitlements.list calls
// a minute, a sync never meets a 429 it caused: it waits for the next
// minute by itself. Without onboard's limiter the same sync is refused,
// so the fake does count.
func TestSyncStaysUnderTheQuota(t *testing.T) {
	ctx := context.Background()
	for _, quota := range []bool{true, false} {
		clock := start()
		s, fake, _ := syncTest(t, clock, quota)
		fake.Quota["customers.list"], fake.Quota["entitlements.list"] = 24, 24
		fake.AddCustomers(1, 100, 1)
		_, err := s.Sync(ctx, "anna", nil)
		throttled := fake.Throttled("customers.list") + fake.Throttled("entitlements.list")
		if quota {
			if err != nil || throttled != 0 || fake.MostInAMinute("entitlements.list") != 24 {
				t.Fatalf("with the limiter: %v, %d refused, at most %d a minute", err, throttled, fake.MostInAMinute("entitlements.list"))
			}
			if n, _ := s.Count(ctx); n != 100 {
				t.Fatalf("%d customers", n)
			}
		} else if throttled == 0 {
			t.Fatal("without the limiter the fake refused nothing: the quota test proves nothing")
		}
	}
}

// A sync stopped part-way (here by its context after two pages) goes on
// from the page it reached, and ends with each customer once.
func TestSyncResumesWhereItStopped(t *testing.T) {
	clock := start()
	s, fake, _ := syncTest(t, clock, false)
	fake.AddCustomers(1, 260, 1)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.Sync(ctx, "anna", func(p model.SyncProgress) {
		if p.Done == 100 { // two pages written
			cancel()
		}
	})
	if err == nil {
		t.Fatal("the cut sync ended without an error")
	}
	if n, _ := s.Count(context.Background()); n != 100 {
		t.Fatalf("%d customers after two pages", n)
	}
	before := len(fake.Requests())
	p, err := s.Sync(context.Background(), "anna", nil)
	if err != nil || !p.Resumed || p.Done != 260 {
		t.Fatalf("resumed %+v, %v", p, err)
	}
	lists := 0
	for _, r := range fake.Requests()[before:] {
		if r.Method == "GET" && strings.HasSuffix(r.Path, "/customers") {
			lists++
		}
	}
	if lists != 4 { // pages 3 to 6 of 50
		t.Fatalf("the resumed sync read %d pages, want the 4 it had not", lists)
	}
	if n, _ := s.Count(context.Background()); n != 260 {
		t.Fatalf("%d customers, want each of 260 once", n)
	}
}
