package seed

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store/sqlite"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// Every demo customer must be one the rules accept, or the demo data would
// show states the app can never reach.
func TestDemoCustomersPassTheRules(t *testing.T) {
	kinds := map[model.Kind]int{}
	edu, statuses := 0, map[model.Status]int{}
	for i := 0; i < 3000; i++ {
		c := Customer(i, now)
		mode := c.Origin
		f := c.Form()
		if mode == model.ModeImport {
			f[model.FieldTransferToken] = "abc123"
			f[model.FieldTransferTokenDate] = ""
		}
		r := rules.Validate(mode, f, rules.Env{ResellerID: c.ResellerID, Now: now})
		if !r.OK() {
			t.Fatalf("customer %d (%s) refused: %v", i, c.Domain, r.Problems)
		}
		if r.Customer.Domain != c.Domain || r.Customer.OrgName != c.OrgName {
			t.Fatalf("customer %d not normalised: %q/%q vs %q/%q", i, c.Domain, c.OrgName, r.Customer.Domain, r.Customer.OrgName)
		}
		kinds[c.Kind]++
		statuses[c.Status]++
		if c.Education != nil {
			edu++
		}
		if Customer(i, now).Domain != c.Domain {
			t.Fatal("not deterministic")
		}
	}
	if kinds[model.KindTeam] < 100 || edu < 100 || statuses[model.StatusCreated] < 300 || statuses[model.StatusFailed] == 0 {
		t.Fatalf("not varied: kinds %v, edu %d, statuses %v", kinds, edu, statuses)
	}
}

func TestSeedWritesCustomersAndEvents(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := Seed(ctx, db, 7000, now, nil); err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, db, 10, now, nil); err != nil {
		t.Fatalf("seeding again must add new customers: %v", err)
	}
	n, _ := sqlite.CountCustomers(ctx, db.Reader())
	var events, real int64
	db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM events").Scan(&events)
	db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&real)
	if n != 7010 || real != 7010 || events != 7010 {
		t.Fatalf("counter %d, rows %d, events %d; want 7010 each", n, real, events)
	}
}

func BenchmarkSeed(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	if err := Seed(ctx, db, b.N, now, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "customers/s")
}
