package walk

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
)

// fakeTerm records the keys and text it is sent; its screen is whatever
// the test sets.
type fakeTerm struct {
	sent   []string
	screen string
}

func (f *fakeTerm) Press(keys ...string) { f.sent = append(f.sent, keys...) }
func (f *fakeTerm) Type(text string)     { f.sent = append(f.sent, "text:"+text) }
func (f *fakeTerm) Wait(ok func(string) bool) (string, bool) {
	return f.screen, ok(f.screen)
}

// taken keeps the keys sent since the last call.
func (f *fakeTerm) taken() []string {
	out := f.sent
	f.sent = nil
	return out
}

// fatal is what fakeT's Fatalf panics with, so the walk stops there as
// it would in a test.
type fatal string

type fakeT struct{}

func (fakeT) Helper() {}
func (fakeT) Fatalf(format string, args ...any) {
	panic(fatal(fmt.Sprintf(format, args...)))
}

// failure runs fn and returns the message it failed with ("" if none).
func failure(fn func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(fatal)
			if !ok {
				panic(r)
			}
			msg = string(f)
		}
	}()
	fn()
	return ""
}

// everyStep is a screen that shows every step's header and every field
// focused, so that only the keys are under test.
func everyStep(mode model.Mode, fs model.Fields, env rules.Env) string {
	var b strings.Builder
	steps := slices.DeleteFunc(rules.Steps(mode, fs, env), rules.Step.Settled)
	for i, s := range steps {
		fmt.Fprintf(&b, "Step %d of %d · %s\n", i+1, len(steps), s.Title)
		for _, f := range s.Fields {
			fmt.Fprintf(&b, "› %s\n", f.Label)
		}
	}
	return b.String()
}

var env = rules.Env{ResellerID: "C0123abcd"}

// The walker presses the keys a person would: y/n for the questions and an
// option's number, which go on, enter through a step, tab or shift+tab
// (the shorter way, shift+tab never round) to a field, ctrl+u before typing
// over a field, the finish key, a search and enter for the country, and
// shift+tab from the first field back a step.
func TestKeysOfAWalk(t *testing.T) {
	term := &fakeTerm{}
	team := model.Fields{model.FieldKind: string(model.KindTeam)}
	term.screen = everyStep(model.ModeCreate, team, env)
	w := New(fakeT{}, term, Options{Mode: model.ModeCreate, Env: env})
	for _, c := range []struct {
		do   func()
		keys []string
	}{
		// An answer goes on, to the product family (as it starts) and
		// from there to the next step.
		{w.Eligible, []string{"y", "n", "n", Enter}},
		{func() { w.Choose(model.FieldKind, string(model.KindTeam)) }, []string{"2"}},
		{func() { w.Fill(model.FieldPrimaryEmail, "sales@acme.nl") }, []string{Enter, Tab, Tab, ClearLine, "text:sales@acme.nl"}},
		{func() { w.Fill(model.FieldOrgName, "Acme") }, []string{Tab, Tab, ClearLine, "text:Acme"}},
		{func() { w.Append(model.FieldDomain, "acme.nl") }, []string{Tab, "text:acme.nl"}},
		{func() { w.Fill(model.FieldCRMID, "CRM-1") }, []string{Tab, Tab, ClearLine, "text:CRM-1"}},
		{w.Finish, []string{Finish}},
		{func() { w.Fill(model.FieldRegionCode, "neth") }, []string{Tab, Tab, Tab, "text:neth", Enter}},
		{w.Back, []string{ShiftTab, ShiftTab, ShiftTab, ShiftTab, ShiftTab}},
		{w.Back, []string{ShiftTab, ShiftTab, ShiftTab, ShiftTab}},
	} {
		if msg := failure(c.do); msg != "" {
			t.Fatal(msg)
		}
		if got := term.taken(); !slices.Equal(got, c.keys) {
			t.Fatalf("sent %q, want %q", got, c.keys)
		}
	}
	if w.Step() != rules.StepOrganisation || w.Values().Get(model.FieldDomain) != "acme.nl" || w.Values().Get(model.FieldProductFamily) != "google_workspace" ||
		w.Values().Get(model.FieldRegionCode) != "NL" {
		t.Fatalf("on %s with %v", w.Step(), w.Values())
	}
}

// A walk that the rules would stop, or that asks for what the step does
// not offer, fails before it presses a key; a screen that does not show
// the walker's step fails with the screen.
func TestWalkFailsLoudly(t *testing.T) {
	term := &fakeTerm{}
	term.screen = everyStep(model.ModeCreate, nil, env)
	w := New(fakeT{}, term, Options{Mode: model.ModeCreate, Env: env})
	for _, c := range []struct {
		do   func()
		want string
	}{
		// The checklist starts as met; an answer that it is not blocks.
		{func() { w.Choose(model.FieldNonprofits, "yes") }, ""},
		{w.Next, "the rules see problems the wizard would stop at"},
		{w.NextRefused, ""},
		{func() { w.Choose(model.FieldRegisteredDomain, "maybe") }, `a question takes "yes" or "no"`},
		{func() { w.Fill(model.FieldNonprofits, "no") }, "it is not a text field"},
		{func() { w.To(rules.StepReseller) }, "the rules give no such step"},
	} {
		term.taken()
		got := failure(c.do)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Fatalf("failed with %q, want %q", got, c.want)
		}
		if c.want != "" && len(term.sent) > 0 {
			t.Fatalf("a failing %q sent %q", c.want, term.sent)
		}
	}
	w.Eligible() // on to the organisation details
	term.screen = "Create customer · Step 2 of 7 · Organisation details\n"
	if got := failure(w.Back); !strings.Contains(got, "the wizard is not where the walk is") || !strings.Contains(got, term.screen) {
		t.Fatalf("a screen on another step: %q", got)
	}
}

// The screen is checked in the session's language.
func TestExpectInDutch(t *testing.T) {
	nl := i18n.New(i18n.Dutch)
	term := &fakeTerm{screen: "Klant aanmaken · Stap 1 van 5 · " + nl.S("Prerequisites") + "\n› " +
		nl.S("The customer has a registered domain") + "\n"}
	if got := failure(func() { New(fakeT{}, term, Options{Mode: model.ModeCreate, Env: env, Lang: nl}) }); got != "" {
		t.Fatal(got)
	}
	if got := failure(func() { New(fakeT{}, term, Options{Mode: model.ModeCreate, Env: env}) }); got == "" {
		t.Fatal("an English walk took a Dutch screen")
	}
}
