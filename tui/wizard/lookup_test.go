package wizard

import (
	"context"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/internal/viewtest"
	"onboard/model"
	"onboard/model/rules"
)

// onDomain opens the create wizard on the domain field of a domain
// customer, on a store that holds viewtest's customer (devries.nl).
func onDomain(t testing.TB) *Model {
	t.Helper()
	svc, _ := viewtest.Store(t)
	m := New(viewtest.Common(i18n.New(i18n.English)), svc, model.ModeCreate)
	m.SetSize(100, 28)
	for _, f := range []model.Field{model.FieldRegisteredDomain, model.FieldNonprofits, model.FieldLegacyFree} {
		m.fields[f] = map[model.Field]string{model.FieldRegisteredDomain: model.Yes}[f]
		if m.fields[f] == "" {
			m.fields[f] = model.No
		}
	}
	m.fields[model.FieldKind] = string(model.KindDomain)
	m.recompute()
	m.step = rules.StepCustomer
	m.enterStep()
	m.focus = 1
	m.focusInput()
	return m
}

func typeText(m *Model, s string) []tea.Cmd {
	var cmds []tea.Cmd
	for _, r := range s {
		cmds = append(cmds, m.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
	return cmds
}

// The store is asked only once typing pauses, and only the last question's
// answer counts: one for a value typed over since is dropped.
func TestUniqueAnswersFollowTheTyping(t *testing.T) {
	m := onDomain(t)
	typeText(m, "devries.nl")
	first := m.unique.seq
	stale := m.uniqueChecked // as if the answer for devries.nl came late
	typeText(m, "x")
	if m.unique.seq == first {
		t.Fatal("a change did not make the question before it stale")
	}
	// The answer to the first question comes after the change: dropped.
	stale(uniqueCheckedMsg{seq: first, field: model.FieldDomain, value: "devries.nl",
		found: model.Customer{ID: 1, Kind: model.KindDomain, Domain: "devries.nl"}})
	if len(m.result.Problems.For(model.FieldDomain)) != 1 { // only "no such top-level domain"
		t.Fatalf("a stale answer counted: %v", m.result.Problems)
	}
	// Back to devries.nl: the tick of the last change asks the store.
	m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	tick := uniqueTickMsg{seq: m.unique.seq}
	ask := m.Update(tick)
	if ask == nil {
		t.Fatal("the last tick asked nothing")
	}
	if m.Update(uniqueTickMsg{seq: m.unique.seq - 1}) != nil {
		t.Fatal("an earlier tick asked the store")
	}
	m.Update(ask())
	ps := m.result.Problems.For(model.FieldDomain)
	if len(ps) != 1 || ps[0].Code != rules.CodeDomainExists {
		t.Fatalf("the duplicate is not on the domain: %v", m.result.Problems)
	}
	// The answer is about devries.nl: another domain does not inherit it.
	typeText(m, "x")
	if slices.ContainsFunc(m.result.Problems, func(p rules.Problem) bool { return p.Code == rules.CodeDomainExists }) {
		t.Fatalf("the duplicate followed another domain: %v", m.result.Problems)
	}
}

// An edit of the customer that has the domain is no duplicate of itself.
func TestUniqueIsNotTheEditedCustomer(t *testing.T) {
	svc, cust := viewtest.Store(t)
	m := Edit(viewtest.Common(i18n.New(i18n.English)), svc, cust)
	f, v, ok := rules.UniqueKey(m.mode, m.fields)
	if !ok {
		t.Fatalf("the edited customer has no unique key: %v", m.fields)
	}
	found, err := svc.Find(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	m.unique.seq = 1
	m.Update(uniqueCheckedMsg{seq: 1, field: f, value: v, found: found})
	if len(m.result.Problems.For(f)) != 0 {
		t.Fatalf("the edited customer is its own duplicate: %v", m.result.Problems)
	}
}

// BenchmarkKeystroke is the time from a key typed into the wizard to its
// screen drawn: typing a domain (each key asks the rules again and starts
// the duplicate question's timer). It reports the 99th percentile of the
// wall time as p99-µs and of the thread's CPU time as p99-cpu-µs (on a
// loaded machine the wall time is mostly waiting for a core);
// ONBOARD_KEYSTROKE_REPORT=1 logs the figures as well.
func BenchmarkKeystroke(b *testing.B) {
	m := onDomain(b)
	text := []rune("bakkerij-van-der-zee.nl")
	keystrokes(b, "domain", func(i int) {
		if i%len(text) == 0 {
			m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // start again
		}
	}, func(i int) {
		r := text[i%len(text)]
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		_ = m.View()
	})
}

// BenchmarkCountrySearchKeystroke is BenchmarkKeystroke in the country
// picker, which searches the 249 countries on every key.
func BenchmarkCountrySearchKeystroke(b *testing.B) {
	m := onDomain(b)
	m.step = rules.StepContact
	m.enterStep()
	for i, f := range m.steps[slices.IndexFunc(m.steps, func(s rules.Step) bool { return s.ID == rules.StepContact })].Fields {
		if f.Field == model.FieldRegionCode {
			m.focus = i
		}
	}
	m.focusInput()
	text := []rune("verenigd")
	keystrokes(b, "country", func(i int) {
		if i%len(text) == 0 {
			m.search.reset()
		}
	}, func(i int) {
		r := text[i%len(text)]
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		_ = m.View()
	})
}

// keystrokes times key i (after prepare(i), not timed) b.N times and
// reports the percentiles.
func keystrokes(b *testing.B, name string, prepare, key func(i int)) {
	runtime.LockOSThread() // the thread's CPU clock is this goroutine's
	defer runtime.UnlockOSThread()
	var wall, cpu []time.Duration
	b.ResetTimer()
	for i := range b.N {
		prepare(i)
		c0, ok := threadCPU()
		start := time.Now()
		key(i)
		wall = append(wall, time.Since(start))
		if c1, _ := threadCPU(); ok {
			cpu = append(cpu, c1-c0)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(percentile(wall, 0.99).Microseconds()), "p99-µs")
	if len(cpu) > 0 {
		b.ReportMetric(float64(percentile(cpu, 0.99).Microseconds()), "p99-cpu-µs")
	}
	if os.Getenv("ONBOARD_KEYSTROKE_REPORT") != "" {
		b.Logf("%s keystroke: %d keys, wall p50 %v p99 %v, CPU p50 %v p99 %v", name, len(wall),
			percentile(wall, 0.5), percentile(wall, 0.99), percentile(cpu, 0.5), percentile(cpu, 0.99))
	}
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}
