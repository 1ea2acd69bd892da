package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/model"
)

// Contention: 20 sessions save (drafts and customer edits) and read (list
// searches) at once through one Service (the SSH server's sessions;
// ONBOARD_CONTENTION_PROCESSES=2 puts half of them on a second Service, as
// another process): no error reaches a session, and every session's last
// draft and last edit are what is stored. The normal run does a fixed
// number of rounds per session, flat out, and checks only that.
//
// The latency figure is an opt-in report, never a check (a loaded machine
// is slower): ONBOARD_CONTENTION_SECONDS=10 runs each session for that
// long, pausing ONBOARD_CONTENTION_PACE (100 ms unless set; a person types
// slower, and the wizard saves a draft 400 ms after the last key) after a
// save and a read, and logs the save p50, p99 and max (run with -v).
func TestContention(t *testing.T) {
	seconds, rounds := 0, 40
	fmt.Sscan(os.Getenv("ONBOARD_CONTENTION_SECONDS"), &seconds)
	var pace time.Duration
	if seconds > 0 {
		pace = 100 * time.Millisecond
	}
	if v := os.Getenv("ONBOARD_CONTENTION_PACE"); v != "" {
		var err error
		if pace, err = time.ParseDuration(v); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	a, err := Open(ctx, path, Options{ResellerID: "C0busy"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path, Options{ResellerID: "C0busy"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i := 0; i < 20; i++ {
		if _, err := a.Create(ctx, "seed", model.ModeCreate, form(fmt.Sprintf("Session %02d BV", i), fmt.Sprintf("session%02d.nl", i)), model.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var saves []time.Duration
	var errs []string
	reads := 0
	lastDraft := make([]string, 20)
	lastCRM := make([]string, 20)
	stop := time.Now().Add(time.Duration(seconds) * time.Second)
	more := func(n int) bool {
		if seconds > 0 {
			return time.Now().Before(stop)
		}
		return n < rounds
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		s := a
		if i%2 == 1 && os.Getenv("ONBOARD_CONTENTION_PROCESSES") == "2" {
			s = b
		}
		wg.Add(1)
		go func(i int, s *Service) {
			defer wg.Done()
			actor := fmt.Sprintf("staff%02d", i)
			id := int64(i + 1)
			var draft int64
			for n := 0; more(n); n++ {
				t0 := time.Now()
				var err error
				if n%2 == 0 {
					text := fmt.Sprintf("typing %d", n)
					draft, err = s.SaveDraft(ctx, model.Draft{ID: draft, Owner: actor, Mode: model.ModeCreate, Step: "customer",
						Values: model.Fields{model.FieldOrgName: text}})
					if err == nil {
						lastDraft[i] = text
					}
				} else {
					var c model.Customer
					if c, err = s.Get(ctx, id); err == nil {
						fs := c.Form()
						crm := fmt.Sprintf("CRM-%d-%d", i, n)
						fs[model.FieldCRMID] = crm
						if _, err = s.Update(ctx, actor, id, c.Version, fs); err == nil {
							lastCRM[i] = crm
						}
					}
				}
				d := time.Since(t0)
				if _, lerr := s.List(ctx, model.ListQuery{Query: "session", Limit: 40}); lerr != nil {
					err = lerr
				}
				if pace > 0 {
					time.Sleep(pace)
				}
				mu.Lock()
				saves = append(saves, d)
				reads++
				if err != nil {
					errs = append(errs, err.Error())
				}
				mu.Unlock()
			}
		}(i, s)
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d errors reached sessions, first: %s", len(errs), errs[0])
	}
	for _, e := range errs {
		if strings.Contains(e, "locked") || strings.Contains(e, "busy") {
			t.Errorf("a busy error reached a session: %s", e)
		}
	}
	// Nothing lost: each session's last draft and last edit are stored.
	for i := 0; i < 20; i++ {
		ds, err := a.Drafts(ctx, fmt.Sprintf("staff%02d", i))
		if err != nil || len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != lastDraft[i] {
			t.Errorf("staff%02d's draft: %+v, %v; want %q", i, ds, err, lastDraft[i])
		}
		c, err := b.Get(ctx, int64(i+1))
		if err != nil || c.CRMID != lastCRM[i] {
			t.Errorf("customer %d's CRM ID %q, %v; want %q", i+1, c.CRMID, err, lastCRM[i])
		}
	}
	if seconds > 0 {
		sort.Slice(saves, func(i, j int) bool { return saves[i] < saves[j] })
		p50, p99 := saves[len(saves)/2], saves[len(saves)*99/100]
		t.Logf("report: 20 sessions × %d s, pace %s: %d saves, %d reads; save p50 %s, p99 %s, max %s (race detector: %v)", seconds, pace, len(saves), reads,
			p50.Round(time.Microsecond), p99.Round(time.Microsecond), saves[len(saves)-1].Round(time.Microsecond), raceEnabled)
	}
}
