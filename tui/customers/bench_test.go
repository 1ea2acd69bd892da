package customers

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/store"
	"onboard/store/seed"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// The list's benchmarks run on databases of demo customers made by the
// same generator as "onboard seed", built once per size and kept in the
// system temp dir (keyed by schema version) because a million takes
// minutes to build. scripts/bench.sh runs them all and prints the ratios.

var benchNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func benchDB(b *testing.B, n int) string {
	b.Helper()
	path, err := seed.Cached(context.Background(), os.TempDir(), n, benchNow)
	if err != nil {
		b.Fatal(err)
	}
	return path
}

var sizes = []int{10_000, 100_000, 1_000_000}

// onlySizes lets a run skip the big sizes: ONBOARD_BENCH_MAX=100000.
func onlySizes() []int {
	max := 1_000_000
	fmt.Sscan(os.Getenv("ONBOARD_BENCH_MAX"), &max)
	var out []int
	for _, n := range sizes {
		if n <= max {
			out = append(out, n)
		}
	}
	return out
}

// queries is the fixed set every size is measured with.
func queries(n int) map[string]string {
	dom := seed.Customer(n/2, benchNow).Domain
	return map[string]string{
		"1-char":    "e",
		"2-char":    "de",
		"common-3":  "tech",
		"rare-4+":   "lukasiewicz z",
		"no-match":  "qqxzzq",
		"domain":    dom,
		"crm-id":    fmt.Sprintf("CRM-%06d", n/3),
		"accented":  "cafe",
		"accented2": "zoë",
	}
}

type harness struct {
	m       *Model
	answers chan tea.Msg // what commands returned, as the program would receive it
}

func newHarness(_ testing.TB, svc Store) *harness {
	c := &common.Common{Ctx: context.Background(), Actor: "bench", Now: func() time.Time { return benchNow },
		Styles: styles.New(true), Tick: realTick}
	h := &harness{m: New(c, svc), answers: make(chan tea.Msg, 64)}
	h.m.Init()
	h.step(h.m.SetSize(100, 28))
	return h
}

// realTick waits as tea.Tick does, so timers (the exact count's rest)
// behave in the benchmarks as in the app.
func realTick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		time.Sleep(d)
		return fn(time.Now())
	}
}

// start runs a command the way Bubble Tea does: in its own goroutine.
func (h *harness) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				h.start(c)
			}
		case nil:
		default:
			h.answers <- msg
		}
	}()
}

// step runs what an Update returned and, when the list asked for a page,
// waits for it: the next frame shows it. Counts arrive whenever they are
// ready and are applied as they come, as in the app.
func (h *harness) step(cmd tea.Cmd) {
	h.start(cmd)
	for h.m.loading {
		h.start(h.m.Update(<-h.answers))
	}
}

// settle applies what is still under way (counts), off the clock.
func (h *harness) settle() {
	for {
		select {
		case msg := <-h.answers:
			h.start(h.m.Update(msg))
		case <-time.After(exactCountDelay + 200*time.Millisecond): // past the exact count's rest
			if !h.m.loading {
				return
			}
		}
	}
}

func press(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

// BenchmarkListKeystroke: one keystroke in the filter → query → new page →
// View(), for each query of the set, typed character by character.
func BenchmarkListKeystroke(b *testing.B) {
	for _, n := range onlySizes() {
		svc, err := store.Open(context.Background(), benchDB(b, n), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		qs := queries(n)
		names := make([]string, 0, len(qs))
		for k := range qs {
			names = append(names, k)
		}
		sort.Strings(names)
		var all []time.Duration
		for _, name := range names {
			q := qs[name]
			b.Run(fmt.Sprintf("N=%d/q=%s", n, name), func(b *testing.B) {
				h := newHarness(b, svc)
				h.settle()
				var ds []time.Duration
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					h.step(h.m.Update(press('/')))
					b.StartTimer()
					for _, r := range q {
						t0 := time.Now()
						h.step(h.m.Update(press(r)))
						_ = h.m.View()
						ds = append(ds, time.Since(t0))
					}
					b.StopTimer()
					h.settle()
					h.step(h.m.Update(tea.KeyPressMsg{Code: tea.KeyEscape}))
					h.settle()
					b.StartTimer()
				}
				report(b, ds)
				all = append(all, ds...)
			})
		}
		b.Run(fmt.Sprintf("N=%d/all", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
			}
			report(b, all)
		})
		svc.Close()
	}
}

type item struct{ c model.Customer }

func (i item) FilterValue() string {
	return i.c.OrgName + " " + i.c.Domain + " " + i.c.PrimaryEmail + " " + i.c.CRMID
}
func (i item) Title() string       { return i.c.OrgName }
func (i item) Description() string { return i.c.Domain }

// BenchmarkBubblesListKeystroke is the baseline: the same keystrokes on a
// bubbles/v2 list holding the same customers in memory (SetFilterText and
// View, as the common Bubble Tea app does).
func BenchmarkBubblesListKeystroke(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		if max := onlySizes(); len(max) == 0 || max[len(max)-1] < n {
			continue
		}
		items := make([]list.Item, n)
		for i := range items {
			items[i] = item{seed.Customer(i, benchNow)}
		}
		l := list.New(items, list.NewDefaultDelegate(), 100, 28)
		qs := queries(n)
		var all []time.Duration
		for _, name := range []string{"1-char", "common-3", "rare-4+", "no-match"} {
			q := qs[name]
			b.Run(fmt.Sprintf("N=%d/q=%s", n, name), func(b *testing.B) {
				var ds []time.Duration
				for i := 0; i < b.N; i++ {
					for j := range q {
						t0 := time.Now()
						l.SetFilterText(q[:j+1])
						_ = l.View()
						ds = append(ds, time.Since(t0))
					}
				}
				report(b, ds)
				all = append(all, ds...)
			})
		}
		b.Run(fmt.Sprintf("N=%d/all", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
			}
			report(b, all)
		})
	}
}

// BenchmarkFirstFrame: open the store, load the first page, first View().
func BenchmarkFirstFrame(b *testing.B) {
	for _, n := range onlySizes() {
		path := benchDB(b, n)
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			var ds []time.Duration
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				svc, err := store.Open(context.Background(), path, store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				h := newHarness(b, svc)
				if !strings.Contains(h.m.View(), "customers") {
					b.Fatal("no first frame")
				}
				ds = append(ds, time.Since(t0))
				b.StopTimer()
				h.settle() // the count, off the clock, before closing
				svc.Close()
				b.StartTimer()
			}
			report(b, ds)
		})
	}
}

// BenchmarkScroll: page down 100 times from the top.
func BenchmarkScroll(b *testing.B) {
	for _, n := range onlySizes() {
		svc, err := store.Open(context.Background(), benchDB(b, n), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			var ds []time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				h := newHarness(b, svc)
				h.settle()
				b.StartTimer()
				for p := 0; p < 100; p++ {
					t0 := time.Now()
					h.step(h.m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown}))
					_ = h.m.View()
					ds = append(ds, time.Since(t0))
				}
				if !strings.Contains(h.m.position(), "of") {
					b.Fatal("lost the position")
				}
			}
			report(b, ds)
		})
		svc.Close()
	}
}

func report(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) float64 { return float64(s[int(p*float64(len(s)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
