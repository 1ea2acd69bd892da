package tui

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/store"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// fakeTimers is a Common.Tick on a clock the test moves: a timer fires
// when advance passes its time, in time order.
type fakeTimers struct {
	mu      sync.Mutex
	now     time.Duration
	pending []fakeTimer
}

type fakeTimer struct {
	at time.Duration
	fn func(time.Time) tea.Msg
}

func (f *fakeTimers) tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	if d == StatusTimeout {
		return nil
	}
	return func() tea.Msg {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.pending = append(f.pending, fakeTimer{at: f.now + d, fn: fn})
		return nil
	}
}

// advance moves the clock by d, firing every timer due on the way (and
// those the fired ones set, when due).
func (f *fakeTimers) advance(d *driver, by time.Duration) {
	end := f.now + by
	for {
		f.mu.Lock()
		sort.SliceStable(f.pending, func(i, j int) bool { return f.pending[i].at < f.pending[j].at })
		if len(f.pending) == 0 || f.pending[0].at > end {
			f.now = end
			f.mu.Unlock()
			return
		}
		t := f.pending[0]
		f.pending = f.pending[1:]
		f.now = t.at
		f.mu.Unlock()
		d.send(t.fn(fixedNow.Add(t.at)))
	}
}

// countedDrafts records the organisation name of every draft save, and
// when on the fake clock it began.
type countedDrafts struct {
	*store.Service
	timers *fakeTimers
	mu     sync.Mutex
	saves  []savedAt
}

type savedAt struct {
	at  time.Duration
	org string
}

func (c *countedDrafts) SaveDraft(ctx context.Context, d model.Draft) (int64, error) {
	c.mu.Lock()
	c.timers.mu.Lock()
	c.saves = append(c.saves, savedAt{c.timers.now, d.Values.Get(model.FieldOrgName)})
	c.timers.mu.Unlock()
	c.mu.Unlock()
	return c.Service.SaveDraft(ctx, d)
}

// Steady typing, a key every 100 ms for 3 s, never pauses for the save's
// DraftDelay, yet the draft is saved while it goes on, each change at most
// about a second after it was typed, and the last text once typing stops.
func TestSteadyTypingIsSaved(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	timers := &fakeTimers{}
	counted := &countedDrafts{Service: svc, timers: timers}
	app := New(&common.Common{Ctx: context.Background(), Actor: "jan", Now: clock, Loc: time.UTC, Styles: styles.New(true), Tick: timers.tick}, counted)
	d := drive(t, app, 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	timers.advance(d, 5*time.Second) // whatever choosing saved
	counted.mu.Lock()
	counted.saves = nil
	counted.mu.Unlock()
	start := timers.now
	typed := ""
	for i := 0; i < 30; i++ {
		c := string(rune('a' + i%26))
		w.Append(model.FieldOrgName, c)
		typed += c
		timers.advance(d, 100*time.Millisecond)
	}
	counted.mu.Lock()
	during := append([]savedAt(nil), counted.saves...)
	counted.mu.Unlock()
	t.Logf("saves during typing: %+v", during)
	if len(during) < 2 {
		t.Fatalf("%d draft saves during 3 s of steady typing, want at least 2: %+v", len(during), during)
	}
	// Each save holds everything typed up to about DraftMaxWait before it.
	for _, s := range during {
		keys := int((s.at-start)/(100*time.Millisecond)) + 1 // typed by then
		if behind := keys - len(s.org); behind > 11 {
			t.Fatalf("the save at %s held %q, %d keys behind", s.at-start, s.org, behind)
		}
	}
	timers.advance(d, 2*time.Second)
	counted.mu.Lock()
	last := counted.saves[len(counted.saves)-1]
	counted.mu.Unlock()
	if last.org != typed {
		t.Fatalf("the last save held %q, want %q", last.org, typed)
	}
	ds, err := svc.Drafts(context.Background(), "jan")
	if err != nil || len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != typed {
		t.Fatalf("drafts %+v %v, want one with %q", ds, err, typed)
	}
}
