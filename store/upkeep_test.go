package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"onboard/model"
	"onboard/model/rules"
)

// History is complete: replaying the audit events of a random sequence of
// edits, confirmations, setups, domain verifications and orders (some of
// them refused by the rules) rebuilds the final record field by field, and
// every change's old value is what the replay had at that point.
func TestHistoryReconstructsRecord(t *testing.T) {
	ctx := context.Background()
	done := map[string]int{} // successful changes by kind, over all seeds
	defer func() {
		for _, k := range []string{"edit", "refused", "confirm", "setup", "domain verified", "order"} {
			if done[k] == 0 {
				t.Errorf("no %s in the random sequences: %v", k, done)
			}
		}
	}()
	for seed := uint64(1); seed <= 25; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			s := openTest(t)
			pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
			f := form("Start BV", "start.nl")
			if r.IntN(2) == 0 {
				f[model.FieldKind], f[model.FieldPrimaryEmail] = "team", "team@start.nl"
			}
			res, err := s.Create(ctx, "anna", model.ModeCreate, f, model.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			c := res.Customer
			for step := 0; step < 40; step++ {
				actor := pick("anna", "bob")
				var next model.Customer
				var err error
				kind := ""
				switch r.IntN(6) {
				case 0, 1: // edit a few fields, sometimes to something the rules refuse
					fs := c.Form()
					for n := 1 + r.IntN(3); n > 0; n-- {
						switch r.IntN(8) {
						case 0:
							fs[model.FieldOrgName] = pick("Acme BV", "Café Zoë", "Beta Holding", "")
						case 1:
							fs[model.FieldPhone] = pick("+31 20 123 4567", "", "12", "+32 2 555 12 12")
						case 2:
							fs[model.FieldAlternateEmail] = pick("owner@gmail.com", "", "x@"+c.Domain, "not an email")
						case 3:
							fs[model.FieldCRMID] = pick("CRM-1", "CRM-2", "")
						case 4:
							fs[model.FieldRegionCode] = pick("NL", "BE", "XX", "")
						case 5:
							fs[model.FieldAddressLine1] = pick("Damrak 1", "", "Kerkstraat 9")
						case 6:
							fs[model.FieldAdminFirstName], fs[model.FieldAdminLastName] = pick("Jan", ""), pick("Smit", "")
						case 7:
							fs[model.FieldPostalCode] = pick("1012 AB", "")
						}
					}
					next, err = s.Update(ctx, actor, c.ID, c.Version, fs)
					kind = "edit"
				case 2:
					next, err = s.Confirm(ctx, actor, c.ID, c.Version)
					kind = "confirm"
				case 3:
					next, err = s.SetupTips(ctx, actor, c.ID, c.Version, pick("nl", "en-GB", "", "klingon!"),
						pick("Europe/Amsterdam", "", "Mars/Base"), pick("on", "off", "", "maybe"))
					kind = "setup"
				case 4:
					next, err = s.VerifyDomain(ctx, actor, c.ID, c.Version, pick("verified.nl", "start.nl", "bad domain"), "")
					kind = "domain verified"
				case 5:
					var o model.Order
					o, err = s.PlaceOrder(ctx, actor, c.ID, model.OrderForm{SKU: "workspace_business_starter", Seats: "3", Plan: "flexible", PO: ""})
					kind = "order"
					if err == nil && r.IntN(2) == 0 {
						_, err = s.CancelOrder(ctx, actor, o.ID)
					}
					next = c
					if err == nil {
						next, err = s.Get(ctx, c.ID)
					}
				}
				if err == nil {
					c = next
					done[kind]++
					continue
				}
				done["refused"]++
				if got, gerr := s.Get(ctx, c.ID); gerr != nil || got.Version != c.Version {
					t.Fatalf("a refused change (%v) changed the record", err)
				}
			}
			evs, err := s.History(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			replay := map[string]string{}
			final := c.Values()
			for _, ev := range evs {
				for _, ch := range ev.Changes {
					if _, isField := final[ch.Field]; !isField {
						continue // orders are events of the customer, not fields
					}
					if replay[ch.Field] != ch.Old {
						t.Fatalf("%s by %s: %s was %q in the replay, the event says %q", ev.Action, ev.Actor, ch.Field, replay[ch.Field], ch.Old)
					}
					replay[ch.Field] = ch.New
				}
			}
			for k, v := range final {
				if replay[k] != v {
					t.Errorf("%s: replay %q, record %q", k, replay[k], v)
				}
			}
		})
	}
}

// The stale list: only the customers past the limit, the oldest first,
// paged by keyset without gaps or repeats. A customer counts as confirmed
// when it was added, so the ones added today and not confirmed since are
// not on it, and neither are fresh confirmations.
func TestStaleOrderAndPaging(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := s.now()
	want := []string{}
	for i := 0; i < 30; i++ {
		d := fmt.Sprintf("c%02d.nl", i)
		res, err := s.Create(ctx, "anna", model.ModeCreate, form("Customer "+d, d), model.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Customer.ConfirmedAt == nil || !res.Customer.ConfirmedAt.Equal(now) {
			t.Fatalf("%s: confirmed at %v, want its create time %v", d, res.Customer.ConfirmedAt, now)
		}
		if i%3 == 0 {
			continue // added today, not confirmed since
		}
		if _, err := s.Confirm(ctx, "anna", res.Customer.ID, res.Customer.Version); err != nil {
			t.Fatal(err)
		}
		age := time.Duration(i) * 20 * 24 * time.Hour // 20…580 days
		at := now.Add(-age)
		err = s.db.Write(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec("UPDATE customers SET confirmed_at = ? WHERE id = ?", at.UnixMicro(), res.Customer.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := 29; i >= 0; i-- {
		if i%3 != 0 && time.Duration(i)*20*24*time.Hour > DefaultConfirmAfter {
			want = append(want, fmt.Sprintf("c%02d.nl", i))
		}
	}
	var got []string
	var after *model.Cursor
	for {
		page, err := s.List(ctx, StaleQuery(s.StaleCutoff(), after, 4))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			got = append(got, c.Domain)
		}
		if len(page) < 4 {
			break
		}
		cur := model.CursorOf(page[len(page)-1], model.SortConfirmed)
		after = &cur
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("stale order\n got %v\nwant %v", got, want)
	}
	// The rule the detail screen shows agrees with the list.
	all, _ := s.List(ctx, model.ListQuery{Limit: 100})
	listed := map[string]bool{}
	for _, d := range got {
		listed[d] = true
	}
	for _, c := range all {
		if rules.Stale(c.ConfirmedAt, now, DefaultConfirmAfter) != listed[c.Domain] {
			t.Fatalf("%s: rules.Stale %v, in the stale list %v", c.Domain, !listed[c.Domain], listed[c.Domain])
		}
	}
	if n, err := s.CountStale(ctx, s.StaleCutoff()); err != nil || n != int64(len(want)) {
		t.Fatalf("count %d, %v; want %d", n, err, len(want))
	}
}

func TestVerifyDomainAndCancelOrderRefusals(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res, err := s.Create(ctx, "anna", model.ModeCreate, form("Acme", "acme.nl"), model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyDomain(ctx, "anna", 1, res.Customer.Version, "acme.nl", ""); !errors.Is(err, ErrNotTeam) {
		t.Fatalf("verify a domain customer: %v", err)
	}
	o, err := s.PlaceOrder(ctx, "anna", 1, model.OrderForm{SKU: "workspace_business_starter", Seats: "3", Plan: "flexible", PO: ""})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelOrder(ctx, "anna", o.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelOrder(ctx, "anna", o.ID); !errors.Is(err, ErrOrderNotLocal) {
		t.Fatalf("cancel twice: %v", err)
	}
	if _, err := s.CancelOrder(ctx, "anna", 99); !errors.Is(err, ErrNotFound) {
		t.Fatalf("cancel a missing order: %v", err)
	}
	// A confirmation of a version someone else changed is refused.
	if _, err := s.Confirm(ctx, "anna", 1, res.Customer.Version-1); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale confirm: %v", err)
	}
}

// A customer added by a file counts as confirmed when it was added: now for
// a new row, its created_at for an exported one without a confirmation, and
// an exported confirmation is kept.
func TestCSVImportConfirms(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	file := "kind,org_name,domain,created_at,confirmed_at\n" +
		"domain,New BV,new.nl,,\n" +
		"domain,Old BV,old.nl,2025-01-02T03:04:05Z,\n" +
		"domain,Kept BV,kept.nl,2025-01-02T03:04:05Z,2026-06-01T00:00:00Z\n"
	if _, err := s.ImportCSV(ctx, "anna", strings.NewReader(file), model.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"new.nl":  s.now(),
		"old.nl":  time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		"kept.nl": time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}
	for d, at := range want {
		c, err := s.Find(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if c.ConfirmedAt == nil || !c.ConfirmedAt.Equal(at) {
			t.Errorf("%s: confirmed at %v, want %v", d, c.ConfirmedAt, at)
		}
	}
	if n, err := s.CountStale(ctx, s.StaleCutoff()); err != nil || n != 1 {
		t.Errorf("stale after the import: %d, %v; want 1 (old.nl)", n, err)
	}
}
