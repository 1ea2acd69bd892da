package tui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"onboard/internal/killtest"
	"onboard/internal/walk"
	"onboard/model"
	"onboard/store"
)

// TestMain runs the crash child when asked to: creates customers through
// the wizard, key by key, until it is killed.
func TestMain(m *testing.M) { killtest.Main(m, "ONBOARD_WIZARD_CRASH_CHILD", wizardCrashChild) }

// childFatal ends the crash child on a driver failure, telling the parent.
type childFatal struct{}

func (childFatal) Helper() {}
func (childFatal) Fatalf(format string, args ...any) {
	fmt.Printf("error "+format+"\n", args...)
	os.Exit(1)
}

// wizardCrashChild types customers into the create wizard as a person
// would (the draft is saved on every change) and prints "customer TAG" once
// the wizard says the customer is created.
func wizardCrashChild(path string) {
	ctx := context.Background()
	svc, err := store.Open(ctx, path, store.Options{ResellerID: "C0crash"})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	seed := killtest.Seed()
	d := drive(childFatal{}, newApp(svc, "crash"), 100, 30)
	if d.app.resume != nil {
		d.keys("esc") // a draft left by an earlier kill: later
	}
	for i := 0; ; i++ {
		tag := fmt.Sprintf("w%d-%d", seed, i)
		d.keys("n")
		w := d.wizard(model.ModeCreate)
		fillDomainCustomer(w, "Wizard "+tag, "wizard-"+tag+".nl")
		w.Submit()
		if d.app.wiz() == nil || !d.app.wiz().Done() {
			childFatal{}.Fatalf("the wizard did not finish:\n%s", d.screen())
		}
		fmt.Println("customer", tag)
		d.keys("enter", "esc") // close: the detail screen, then the list
	}
}

// fillDomainCustomer fills the create wizard in for an eligible domain
// customer with an alternate email, leaving every other field as the
// wizard offers it.
func fillDomainCustomer(w *walk.Walker, org, domain string) {
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Fill(model.FieldOrgName, org)
	w.Fill(model.FieldDomain, domain)
	w.Fill(model.FieldAlternateEmail, "owner@gmail.com")
}

// Crash safety of the app: a child creating customers through the wizard
// (drafts saved on every key) is killed with SIGKILL at random moments, 25
// times (ONBOARD_CRASH_KILLS for more). After each kill the database passes
// integrity_check, every customer the wizard reported created is there
// with its audit event, and the drafts still load.
func TestWizardCrashSafety(t *testing.T) {
	kills := killtest.Kills()
	path := filepath.Join(t.TempDir(), "crash.db")
	r := rand.New(rand.NewPCG(42, 9))
	var reported []string
	for k := 0; k < kills; k++ {
		window := time.Duration(100+r.IntN(600)) * time.Millisecond
		if raceEnabled {
			window *= 10
		}
		killtest.Run(t, []string{"ONBOARD_WIZARD_CRASH_CHILD=" + path, "ONBOARD_CRASH_SEED=" + strconv.Itoa(k)}, window, func(l string) {
			if f := strings.Fields(l); len(f) == 2 && f[0] == "customer" {
				reported = append(reported, f[1])
			}
		})
		checkWizardCrash(t, path, reported)
	}
	if len(reported) < kills {
		t.Fatalf("only %d customers created in %d runs: the kills did not land among creates", len(reported), kills)
	}
	t.Logf("%d kills survived; %d customers created through the wizard, each checked after the last kill", kills, len(reported))
}

func checkWizardCrash(t *testing.T, path string, reported []string) {
	t.Helper()
	ctx := context.Background()
	svc, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("open after a kill: %v", err)
	}
	defer svc.Close()
	var check string
	if err := svc.DB().Reader().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	var orphans int
	if err := svc.DB().Reader().QueryRowContext(ctx,
		"SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.id)").Scan(&orphans); err != nil || orphans != 0 {
		t.Fatalf("%d customers without their audit event (%v)", orphans, err)
	}
	n, err := svc.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < int64(len(reported)) {
		t.Fatalf("%d customers stored, %d reported created", n, len(reported))
	}
	for _, tag := range reported {
		c, err := svc.Find(ctx, "wizard-"+tag+".nl")
		if err != nil || c.OrgName != "Wizard "+tag {
			t.Fatalf("customer %s was reported created: %+v, %v", tag, c, err)
		}
	}
	if _, err := svc.Drafts(ctx, "crash"); err != nil {
		t.Fatalf("the drafts do not load after a kill: %v", err)
	}
}
