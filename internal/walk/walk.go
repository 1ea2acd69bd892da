// Package walk drives the create, import and edit wizards in tests by the
// rules' own steps and fields. A test says which field gets which value
// (w.Fill(model.FieldOrgName, "Acme BV"), w.Choose(model.FieldKind, "team"))
// and the walker asks model/rules which steps and fields apply to the values
// so far, and presses the keys a person would: tab and shift+tab between
// fields, enter through a step and on to the next, an option's number or
// y/n (j/n in Dutch) to answer and go on, the finish key to end a step
// whose fields left are optional, shift+tab on a step's first field back
// a step, c on the review to store, esc to leave. A new step or field
// therefore changes only the tests that fill it in.
//
// The walker does not know how keys reach the app: a Terminal sends them and
// reads the screen back (in process, through a Bubble Tea program, or over
// SSH). After every change of step it checks that the screen shows the step
// and the field it believes the wizard is on, so a walk that lost its way
// fails at once, with the screen in the message.
package walk

import (
	"strings"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
)

// Guard is how long a test harness waits for something that should happen
// before it calls it a hang. It is generous because a loaded machine is
// slow: it is a guard against hangs, never a speed check.
const Guard = time.Minute

// The keys the walker presses. Every Terminal understands these names, and
// any single character.
const (
	Enter     = "enter"
	Tab       = "tab"
	ShiftTab  = "shift+tab"
	Esc       = "esc"
	Right     = "right"
	ClearLine = "ctrl+u" // deletes the text before the cursor, which is at the end
	// Finish ends a step whose fields left are optional.
	Finish = "ctrl+d"
	// Create stores the customer from the review (enter never does).
	Create = "c"
)

// Terminal is how keys reach the app and how its screen comes back.
type Terminal interface {
	// Press sends named keys in order (Enter, Tab, … or one character).
	Press(keys ...string)
	// Type types text, one character at a time.
	Type(text string)
	// Wait returns the screen, without styling, once ok holds for it. When
	// ok has not held within Guard it returns the last screen and false. A
	// terminal that draws synchronously looks once.
	Wait(ok func(screen string) bool) (string, bool)
}

// T is what the walker needs of a test; a crash test's child, which has
// no *testing.T, provides its own.
type T interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Options say which wizard is open and what it opened with.
type Options struct {
	Mode model.Mode
	// Env is the rules' environment as the app's store gives it
	// (store.Service.Env): without a reseller ID the wizard asks for one.
	Env rules.Env
	// Lang is the session's language, in which the screen is checked.
	Lang i18n.Lang
	// Edit: the wizard edits a stored customer, so the prerequisites and
	// product steps are passed already.
	Edit bool
	// Values are what the wizard opened with (an edited customer's form, a
	// draft's values), as the wizard shows them.
	Values model.Fields
	// Step is the step a draft reopens on; empty for the first step.
	Step rules.StepID
}

// Resume returns the options of the wizard that draft d reopens (Env and
// Lang are still to be set).
func Resume(d model.Draft) Options {
	return Options{Mode: d.Mode, Edit: d.CustomerID != 0, Values: d.Values, Step: rules.StepID(d.Step)}
}

type state int

const (
	open state = iota
	left
	submitted
)

// Walker walks one wizard. It keeps what the wizard holds (the values
// typed, the defaults it filled in, the step and the focused field) by
// the same rules the wizard follows.
type Walker struct {
	t      T
	term   Terminal
	o      Options
	fields model.Fields
	// autofilled are the defaults the wizard put in; they follow the
	// rules' default while nobody types over them.
	autofilled map[model.Field]string
	steps      []rules.Step
	step       rules.StepID
	focus      int
	state      state
}

// New returns a walker of the wizard the app shows now, and checks that
// the screen shows its first step (or o.Step).
func New(t T, term Terminal, o Options) *Walker {
	t.Helper()
	w := &Walker{t: t, term: term, o: o, fields: o.Values.Clone(), autofilled: map[model.Field]string{}}
	w.recompute()
	w.step = w.steps[0].ID
	want := o.Step
	if want == rules.StepCRM {
		want = rules.StepCustomer // as the wizard reopens such a draft
	}
	for _, s := range w.steps {
		if s.ID == want {
			w.step = s.ID
		}
	}
	w.enterStep()
	w.expectHere()
	return w
}

// Step is the step the walker is on.
func (w *Walker) Step() rules.StepID { return w.step }

// Values returns a copy of what the walker expects the wizard to hold.
func (w *Walker) Values() model.Fields { return w.fields.Clone() }

// Fields returns the fields of the current step, as the rules give them
// for the values so far.
func (w *Walker) Fields() []rules.FieldSpec {
	s, _ := w.current()
	return append([]rules.FieldSpec(nil), s.Fields...)
}

// Fill goes to field f (on its step, forward or back) and replaces its
// text with text.
//
// On a country picker it types text as the search and takes the first
// match with enter, which goes on as enter does.
func (w *Walker) Fill(f model.Field, text string) {
	w.t.Helper()
	if w.spec(f).Input == rules.InputSearch {
		w.search(f, text)
		return
	}
	if w.spec(f).Input != rules.InputText {
		w.fatalf("Fill(%s): it is not a text field; use Choose", f)
	}
	w.Focus(f)
	old := w.fields[f]
	w.term.Press(ClearLine)
	w.term.Type(text)
	if old != "" || text != "" {
		delete(w.autofilled, f)
	}
	w.change(f, text)
}

// Append goes to field f and types text after what it holds.
func (w *Walker) Append(f model.Field, text string) {
	w.t.Helper()
	if w.spec(f).Input != rules.InputText {
		w.fatalf("Append(%s): it is not a text field", f)
	}
	w.Focus(f)
	w.term.Type(text)
	if text != "" {
		delete(w.autofilled, f)
	}
	w.change(f, w.fields[f]+text)
}

// Choose goes to field f and picks value: an option's value for a choice
// field (model.KindTeam's "team"), model.Yes or model.No for a question.
func (w *Walker) Choose(f model.Field, value string) {
	w.t.Helper()
	spec := w.spec(f)
	switch spec.Input {
	case rules.InputYesNo:
		yes := "y"
		if w.o.Lang.Tag() == i18n.Dutch {
			yes = "j"
		}
		key := map[string]string{model.Yes: yes, model.No: "n"}[value]
		if key == "" {
			w.fatalf("Choose(%s, %q): a question takes %q or %q", f, value, model.Yes, model.No)
		}
		w.Focus(f)
		w.term.Press(key)
		w.change(f, value)
		w.advance()
	case rules.InputChoice:
		target := -1
		var values []string
		for i, o := range spec.Options {
			values = append(values, o.Value)
			if strings.EqualFold(o.Value, value) {
				target = i
			}
		}
		if target < 0 {
			w.fatalf("Choose(%s, %q): the rules offer %q", f, value, values)
		}
		w.Focus(f)
		if target < 9 {
			// The option's number chooses it and goes on.
			w.term.Press(string(rune('1' + target)))
			w.change(f, spec.Options[target].Value)
			w.advance()
			return
		}
		// → goes to the next option, or to the first when none is chosen.
		for cur := w.fields[f]; !strings.EqualFold(cur, spec.Options[target].Value); cur = w.fields[f] {
			w.term.Press(Right)
			w.change(f, cycle(spec.Options, cur))
		}
	default:
		w.fatalf("Choose(%s): it is a text field; use Fill", f)
	}
}

// cycle returns the option after cur, or the first when cur is none.
func cycle(opts []rules.Option, cur string) string {
	for i, o := range opts {
		if strings.EqualFold(o.Value, cur) {
			return opts[(i+1)%len(opts)].Value
		}
	}
	return opts[0].Value
}

// Eligible answers every question of the prerequisites step the way the
// rules accept (a registered domain, or a purchase permission for an
// import; not on Nonprofits, not on the legacy free edition) and takes
// the product family as it starts, going on to the next step.
func (w *Walker) Eligible() {
	w.t.Helper()
	w.To(rules.StepPrerequisites)
	s, _ := w.current()
	for _, f := range s.Fields {
		if w.step != rules.StepPrerequisites {
			// A question answered as the rules accept it went on.
			break
		}
		if f.Input != rules.InputYesNo {
			continue
		}
		answer := ""
		for _, v := range []string{model.Yes, model.No} {
			fs := w.fields.Clone()
			fs[f.Field] = v
			if len(w.validate(fs).For(f.Field)) == 0 {
				answer = v
				break
			}
		}
		if answer == "" {
			w.fatalf("Eligible: the rules accept neither answer to %s", f.Field)
		}
		w.Choose(f.Field, answer)
	}
	if w.step == rules.StepPrerequisites {
		// The product family after the questions, as it starts.
		w.Next()
	}
}

// Focus goes to field f, on whichever step the rules put it for the
// values so far, and returns how it is entered.
func (w *Walker) Focus(f model.Field) rules.FieldSpec {
	w.t.Helper()
	id, ok := w.stepOf(f)
	if !ok {
		w.fatalf("the rules put %s on no step for the values so far (%v)", f, w.fields)
	}
	w.To(id)
	s, _ := w.current()
	for j, spec := range s.Fields {
		if spec.Field == f {
			w.moveFocus(j, len(s.Fields))
			return spec
		}
	}
	panic("unreachable: stepOf found the field")
}

// spec is how field f is entered, on whichever step it is; the walk
// fails when the rules put it on none.
func (w *Walker) spec(f model.Field) rules.FieldSpec {
	w.t.Helper()
	id, ok := w.stepOf(f)
	if !ok {
		w.fatalf("the rules put %s on no step for the values so far (%v)", f, w.fields)
	}
	for _, spec := range w.steps[w.index(id)].Fields {
		if spec.Field == f {
			return spec
		}
	}
	panic("unreachable: stepOf found the field")
}

// stepOf is the step field f is on, the current one first.
func (w *Walker) stepOf(f model.Field) (rules.StepID, bool) {
	if s, _ := w.current(); hasField(s, f) {
		return s.ID, true
	}
	for _, s := range w.steps {
		if hasField(s, f) {
			return s.ID, true
		}
	}
	return "", false
}

func hasField(s rules.Step, f model.Field) bool {
	for _, spec := range s.Fields {
		if spec.Field == f {
			return true
		}
	}
	return false
}

// moveFocus presses tab or shift+tab, whichever is fewer, to field j of n.
// Tab wraps from the last field to the first; shift+tab does not wrap (on
// the first field it goes back a step), so it is pressed only towards the
// top.
func (w *Walker) moveFocus(j, n int) {
	fwd := (j - w.focus + n) % n
	key, times := Tab, fwd
	if back := w.focus - j; back >= 0 && back < fwd {
		key, times = ShiftTab, back
	}
	for range times {
		w.term.Press(key)
	}
	w.focus = j
}
