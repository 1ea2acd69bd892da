package tui

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/store"
	"onboard/store/seed"
)

// benchDB returns a database of n demo customers, built once.
func benchDB(b *testing.B, n int) string {
	b.Helper()
	path, err := seed.Cached(context.Background(), os.TempDir(), n, fixedNow)
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkWizardKeystroke is one typed character in a wizard text field:
// Update (with the rules' verdict) and the new frame.
func BenchmarkWizardKeystroke(b *testing.B) {
	svc := openStore(b, "C0123abcd")
	d := drive(b, newApp(svc, "jan"), 100, 30)
	w := toOrgName(d)
	w.Fill(model.FieldOrgName, "Bakkerij De Vries")
	w.Fill(model.FieldDomain, "devries.nl")
	app := d.app
	keys := []tea.KeyPressMsg{{Code: 'x', Text: "x"}, {Code: tea.KeyBackspace}}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		app.Update(keys[i%2]) // the draft save it schedules is a timer, not run here
		_ = app.View()
		durations = append(durations, time.Since(t0))
	}
	reportPercentiles(b, durations)
}

// BenchmarkListFirstFrame opens a 100,000-customer database, loads the
// list's first page and draws the first frame.
func BenchmarkListFirstFrame(b *testing.B) {
	path := benchDB(b, 100_000)
	ctx := context.Background()
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		svc, err := store.Open(ctx, path, store.Options{ResellerID: "C0123abcd"})
		if err != nil {
			b.Fatal(err)
		}
		d := drive(b, newApp(svc, "jan"), 100, 30)
		if !d.app.list.Loaded() {
			b.Fatal("first page not loaded")
		}
		_ = d.app.View()
		durations = append(durations, time.Since(t0))
		b.StopTimer()
		svc.Close()
		b.StartTimer()
	}
	reportPercentiles(b, durations)
}

func reportPercentiles(b *testing.B, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	at := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
