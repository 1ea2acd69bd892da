package customers

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/store"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// BenchmarkListKeystrokeWhileSyncing: the keystrokes of
// BenchmarkListKeystroke while a sync with Google runs the whole time
// (over and over, from a fake with 5,000 customers, quota off): the sync's
// page writes share the database with the list's reads.
func BenchmarkListKeystrokeWhileSyncing(b *testing.B) {
	for _, n := range onlySizes() {
		fake := channeltest.New("C0reseller")
		fake.AddCustomers(1, 5000, 1)
		g, err := channel.New(context.Background(), channel.Config{AccountID: "C0reseller", Endpoint: fake.Endpoint(), NoQuota: true})
		if err != nil {
			b.Fatal(err)
		}
		svc, err := store.Open(context.Background(), benchDB(b, n), store.Options{Google: g, ResellerID: "C0reseller"})
		if err != nil {
			b.Fatal(err)
		}
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var mu sync.Mutex
		pages := 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				svc.Sync(ctx, "bench", func(model.SyncProgress) {
					mu.Lock()
					pages++
					mu.Unlock()
				})
			}
		}()
		var all []time.Duration
		for _, name := range []string{"1-char", "common-3", "domain", "no-match"} {
			q := queries(n)[name]
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
			mu.Lock()
			b.ReportMetric(float64(pages), "sync-pages")
			mu.Unlock()
		})
		stop()
		wg.Wait()
		svc.Close()
		fake.Close()
	}
}
