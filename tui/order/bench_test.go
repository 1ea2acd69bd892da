package order

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/internal/viewtest"
	"onboard/model"
	"onboard/store"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// googleCatalog is a store on the fake Cloud Channel API with one customer
// at Google, and that customer's catalogue as Google answered it.
func googleCatalog(b *testing.B) (*store.Service, model.Customer, []model.Offer) {
	b.Helper()
	ctx := context.Background()
	fake := channeltest.New("C0bench")
	b.Cleanup(fake.Close)
	g, err := channel.New(ctx, channel.Config{AccountID: "C0bench", Endpoint: fake.Endpoint()})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.db"), store.Options{ResellerID: "C0bench", Google: g,
		PollWait: func(int) time.Duration { return time.Millisecond }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	res, err := svc.Create(ctx, "bench", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Bench BV", model.FieldDomain: "bench.nl", model.FieldRegisteredDomain: "yes",
		model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
		model.FieldRegionCode: "NL", model.FieldPostalCode: "1012 AB", model.FieldAddressLine1: "Damrak 1",
	}, model.CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	c, err := svc.Push(ctx, "bench", res.Customer.ID)
	if err != nil {
		b.Fatal(err)
	}
	offers, err := svc.Catalog(ctx, c.ID, false)
	if err != nil {
		b.Fatal(err)
	}
	return svc, c, offers
}

// BenchmarkBuyCatalogShown is the time from Google's catalogue answer
// reaching the Buy screen to its first frame with the catalogue: the
// answer's Update and the View.
func BenchmarkBuyCatalogShown(b *testing.B) {
	svc, c, offers := googleCatalog(b)
	cm := viewtest.Common(i18n.New(i18n.English))
	durations := make([]time.Duration, 0, b.N)
	for b.Loop() {
		m := New(cm, svc, c)
		m.SetSize(100, 30)
		m.Init() // asks for the catalogue (the command is not run here)
		t0 := time.Now()
		m.Update(catalogLoadedMsg{seq: m.seq, offers: offers})
		_ = m.View()
		durations = append(durations, time.Since(t0))
		if len(m.skus) == 0 {
			b.Fatal("catalogue not shown")
		}
	}
	reportPercentiles(b, durations)
}

// BenchmarkBuyKeystroke is one character typed into the seats of the Buy
// screen on Google's catalogue: Update (the seats checked against the
// offer) and the new frame.
func BenchmarkBuyKeystroke(b *testing.B) {
	svc, c, offers := googleCatalog(b)
	m := New(viewtest.Common(i18n.New(i18n.English)), svc, c)
	m.SetSize(100, 30)
	m.Init()
	m.Update(catalogLoadedMsg{seq: m.seq, offers: offers})
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}) // on the seats
	keys := []tea.KeyPressMsg{{Code: '7', Text: "7"}, {Code: tea.KeyBackspace}}
	durations := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		t0 := time.Now()
		m.Update(keys[i%2])
		_ = m.View()
		durations = append(durations, time.Since(t0))
		i++
	}
	if m.focused() != fSeats {
		b.Fatal("not typing in the seats")
	}
	reportPercentiles(b, durations)
}

func reportPercentiles(b *testing.B, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	at := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Nanoseconds()) / 1e6 }
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
