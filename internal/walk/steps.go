package walk

import (
	"fmt"
	"slices"
	"strings"

	"onboard/model"
	"onboard/model/rules"
)

// To goes to step id, forward with Next or back with Back.
func (w *Walker) To(id rules.StepID) {
	w.t.Helper()
	for range len(w.steps) + 1 {
		_, i := w.current()
		j := w.index(id)
		switch {
		case j < 0:
			w.fatalf("To(%s): the rules give no such step for the values so far (steps %v)", id, w.stepIDs())
		case j > i:
			w.Next()
		case j < i:
			w.Back()
		default:
			return
		}
	}
	w.fatalf("To(%s): the walk did not get there", id)
}

// Next presses enter through the rest of the step's fields and once more
// on the last, and checks that the wizard went on to the next step. The
// rules must see no problem on the step: then the wizard would refuse,
// and the test fails with the problems.
func (w *Walker) Next() {
	w.t.Helper()
	w.mustBeOpen("Next")
	s, i := w.current()
	if s.ID == rules.StepReview {
		w.fatalf("Next on the review: use Submit")
	}
	if ps := w.problems(s); len(ps) > 0 {
		w.fatalf("Next on step %s: the rules see problems the wizard would stop at: %v", s.ID, ps)
	}
	w.pressThrough(s)
	w.term.Press(Enter)
	w.step = w.steps[i+1].ID
	w.enterStep()
	w.expectHere()
}

// NextRefused presses enter through the step as Next does, where the
// rules see a problem, and checks that the wizard stays on the step (with
// the last field focused). The test checks what the status line says.
func (w *Walker) NextRefused() {
	w.t.Helper()
	w.mustBeOpen("NextRefused")
	s, _ := w.current()
	if len(w.problems(s)) == 0 {
		w.fatalf("NextRefused on step %s: the rules see no problem there, so the wizard would go on", s.ID)
	}
	w.pressThrough(s)
	w.term.Press(Enter)
	w.expectHere()
}

// Finish presses the finish key, which ends the step from the focused
// field when the fields left are optional, and checks that the wizard went
// on. The rules must see no problem on the step.
func (w *Walker) Finish() {
	w.t.Helper()
	w.mustBeOpen("Finish")
	s, i := w.current()
	if s.ID == rules.StepReview {
		w.fatalf("Finish on the review: use Submit")
	}
	if ps := w.problems(s); len(ps) > 0 {
		w.fatalf("Finish on step %s: the rules see problems the wizard would stop at: %v", s.ID, ps)
	}
	w.term.Press(Finish)
	w.step = w.steps[i+1].ID
	w.enterStep()
	w.expectHere()
}

// advance follows the wizard after an answer: it goes to the next field,
// or from the last one on to the next step when the rules see no problem
// on the step (else the wizard stays, on that field).
func (w *Walker) advance() {
	w.t.Helper()
	s, i := w.current()
	if w.focus < len(s.Fields)-1 {
		w.focus++
		return
	}
	if len(w.problems(s)) > 0 || s.ID == rules.StepReview {
		return
	}
	w.step = w.steps[i+1].ID
	w.enterStep()
	w.expectHere()
}

// search types text into the country picker f and takes the first match
// with enter, as the rules' search finds it in the session's language.
func (w *Walker) search(f model.Field, text string) {
	w.t.Helper()
	matches := rules.NewCountries(w.o.Lang.Tag()).Search(text)
	if len(matches) == 0 {
		w.fatalf("Fill(%s, %q): no country matches", f, text)
	}
	w.Focus(f)
	w.term.Type(text)
	w.term.Press(Enter)
	delete(w.autofilled, f)
	w.change(f, matches[0].Value)
	w.advance()
}

// pressThrough moves the focus to the step's last field with enter.
func (w *Walker) pressThrough(s rules.Step) {
	for ; w.focus < len(s.Fields)-1; w.focus++ {
		w.term.Press(Enter)
	}
}

// Back goes back a step: shift+tab to the step's first field and once
// more, which lands on the previous step's last field. On the first step
// it leaves the wizard (Leave).
func (w *Walker) Back() {
	w.t.Helper()
	w.mustBeOpen("Back")
	_, i := w.current()
	if i == 0 {
		w.Leave()
		return
	}
	for range w.focus + 1 {
		w.term.Press(ShiftTab)
	}
	w.step = w.steps[i-1].ID
	w.enterStep()
	s, _ := w.current()
	w.focus = max(0, len(s.Fields)-1)
	w.expectHere()
}

// Leave presses esc: the wizard is left with its draft on the step it was
// on, after which the walker takes no more keys.
func (w *Walker) Leave() {
	w.t.Helper()
	w.mustBeOpen("Leave")
	w.term.Press(Esc)
	w.state = left
}

// Submit goes to the review and presses c there (enter does not store):
// the wizard creates, imports or saves the customer. The rules must see no problem left. The
// test checks the outcome on the screen; the walker takes no more keys.
func (w *Walker) Submit() {
	w.t.Helper()
	w.To(rules.StepReview)
	s, _ := w.current()
	if ps := w.problems(s); len(ps) > 0 {
		w.fatalf("Submit: the rules see problems the wizard would stop at: %v", ps)
	}
	w.term.Press(Create)
	w.state = submitted
}

// Expect checks that the walker is on step id and that the screen shows
// it there, with the field it believes focused.
func (w *Walker) Expect(id rules.StepID) {
	w.t.Helper()
	if w.step != id {
		w.fatalf("the test expects step %s; the walk is on %s (steps %v)", id, w.step, w.stepIDs())
	}
	w.expectHere()
}

// expectHere waits for the screen to show the walker's step (as the
// wizard's header names it: "Step 4 of 7 · Organisation") and, on a step
// with fields, the focus mark on the focused field's label.
func (w *Walker) expectHere() {
	w.t.Helper()
	s, i := w.current()
	l := w.o.Lang
	header := l.T("Step %d of %d · %s", i+1, len(w.steps), l.S(s.Title))
	focus := ""
	if w.focus < len(s.Fields) {
		label := []rune(l.S(s.Fields[w.focus].Label))
		focus = "› " + string(label[:min(len(label), 20)])
	}
	screen, ok := w.term.Wait(func(screen string) bool {
		return strings.Contains(screen, header) && strings.Contains(screen, focus)
	})
	if !ok {
		w.t.Fatalf("the wizard is not where the walk is: want %q with %q focused; the screen is:\n%s", header, focus, screen)
	}
}

func (w *Walker) mustBeOpen(op string) {
	w.t.Helper()
	switch w.state {
	case left:
		w.fatalf("%s: the wizard was left", op)
	case submitted:
		w.fatalf("%s: the customer was submitted", op)
	}
}

// fatalf fails the test with the screen as it is.
func (w *Walker) fatalf(format string, args ...any) {
	w.t.Helper()
	screen, _ := w.term.Wait(func(string) bool { return true })
	w.t.Fatalf("%s; the screen is:\n%s", fmt.Sprintf(format, args...), screen)
}

// recompute asks the rules which steps and fields apply to the values so
// far, and lets the defaults nobody typed over follow the rules' default
// (admin@ a changed domain), as the wizard does.
func (w *Walker) recompute() {
	w.steps = rules.Steps(w.o.Mode, w.fields, w.o.Env)
	// A step with nothing to decide is not walked through; its fields
	// take their only option.
	for _, s := range w.steps {
		if s.Settled() {
			for _, f := range s.Fields {
				if w.fields[f.Field] == "" {
					w.fields[f.Field] = f.Options[0].Value
				}
			}
		}
	}
	w.steps = slices.DeleteFunc(w.steps, func(s rules.Step) bool {
		edited := w.o.Edit && s.ID == rules.StepPrerequisites
		return edited || s.Settled()
	})
	for _, s := range w.steps {
		for _, f := range s.Fields {
			if prev, ok := w.autofilled[f.Field]; ok && w.fields[f.Field] == prev && f.Start() != prev {
				w.fields[f.Field] = f.Start()
				w.autofilled[f.Field] = f.Start()
			}
		}
	}
}

// enterStep fills the step's empty fields that have a default and
// focuses its first field.
func (w *Walker) enterStep() {
	s, _ := w.current()
	for _, f := range s.Fields {
		// An empty field follows its default until someone types in it.
		if w.fields[f.Field] == "" {
			w.fields[f.Field] = f.Start()
			w.autofilled[f.Field] = f.Start()
		}
	}
	w.recompute()
	w.focus = 0
}

func (w *Walker) change(f model.Field, v string) {
	w.fields[f] = v
	w.recompute()
}

// current is the step the walker is on and its place.
func (w *Walker) current() (rules.Step, int) {
	if i := w.index(w.step); i >= 0 {
		return w.steps[i], i
	}
	return w.steps[0], 0
}

func (w *Walker) index(id rules.StepID) int {
	for i, s := range w.steps {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func (w *Walker) stepIDs() []rules.StepID {
	out := make([]rules.StepID, len(w.steps))
	for i, s := range w.steps {
		out[i] = s.ID
	}
	return out
}

// validate returns the blocking problems of fs.
func (w *Walker) validate(fs model.Fields) rules.Problems {
	return rules.Validate(w.o.Mode, fs, w.o.Env).Problems.Errors()
}

// problems are the problems the wizard stops at on step s: those of its
// fields, or on the review every one.
func (w *Walker) problems(s rules.Step) rules.Problems {
	ps := w.validate(w.fields)
	if s.ID == rules.StepReview {
		return ps
	}
	ids := make([]model.Field, len(s.Fields))
	for i, f := range s.Fields {
		ids[i] = f.Field
	}
	return ps.For(ids...)
}
