package wizard

// The keys of a step: an answer (y/n, an option's number, a country taken
// from the picker) goes on to the next field, as enter does after text;
// the finish key ends a step whose fields left are optional; shift+tab on
// the first field goes back a step; esc leaves with the draft on the step
// the user was on. Only c on the review stores the customer.

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

func (m *Model) editKey(msg tea.KeyPressMsg) tea.Cmd {
	spec, hasField := m.focused()
	k := &m.keys
	if hasField && spec.Input == rules.InputSearch {
		if cmd, ok := m.searchKey(msg); ok {
			return cmd
		}
	}
	switch {
	case k.Back.Matches(msg):
		return m.leave()
	case k.Finish.Matches(msg):
		return m.next()
	case k.Create.Matches(msg):
		return m.next()
	case k.NextField.Matches(msg):
		return m.moveFocus(1)
	case k.PrevField.Matches(msg):
		if m.focus <= 0 || !hasField {
			return m.back()
		}
		return m.moveFocus(-1)
	case k.Next.Matches(msg):
		return m.advance()
	case k.Yes.Matches(msg):
		return tea.Batch(m.change(spec.Field, model.Yes), m.advance())
	case k.No.Matches(msg):
		return tea.Batch(m.change(spec.Field, model.No), m.advance())
	case k.Pick.Matches(msg):
		n := int(msg.String()[0] - '1')
		if n >= len(spec.Options) {
			return common.Notice(m.c.N(int64(len(spec.Options)), "There is %d option.", "There are %d options: 1 to %[1]d.", len(spec.Options)))
		}
		return tea.Batch(m.change(spec.Field, spec.Options[n].Value), m.advance())
	case k.Choose.Matches(msg), k.ChooseLeft.Matches(msg):
		if spec.Input == rules.InputYesNo {
			if m.fields[spec.Field] == model.Yes {
				return m.change(spec.Field, model.No)
			}
			return m.change(spec.Field, model.Yes)
		}
		return m.change(spec.Field, cycle(spec.Options, m.fields[spec.Field], k.ChooseLeft.Matches(msg)))
	}
	if hasField && spec.Input == rules.InputText {
		return m.typeInto(spec.Field, msg)
	}
	if hasField && spec.Input == rules.InputSearch {
		return m.searchInto(msg)
	}
	if cmd := common.Refuse(msg, k.all()...); cmd != nil {
		return cmd
	}
	if msg.String() == "q" {
		// q is no letter of a question, and never quits a form.
		return common.Notice(m.c.T("q does not quit the wizard: esc leaves it (the draft is kept), ctrl+c quits."))
	}
	return nil
}

// advance goes to the next field, or from the last one to the next step.
func (m *Model) advance() tea.Cmd {
	s, _ := m.current()
	if _, ok := m.focused(); ok && m.focus < len(s.Fields)-1 {
		return m.moveFocus(1)
	}
	return m.next()
}

// cycle returns the option after (or before) the current one.
func cycle(opts []rules.Option, cur string, back bool) string {
	i := -1
	for j, o := range opts {
		if strings.EqualFold(o.Value, cur) {
			i = j
		}
	}
	switch {
	case i < 0:
		return opts[0].Value
	case back:
		return opts[(i-1+len(opts))%len(opts)].Value
	}
	return opts[(i+1)%len(opts)].Value
}

func (m *Model) typeInto(f model.Field, msg tea.Msg) tea.Cmd {
	in := m.inputs[f]
	if in == nil {
		return nil
	}
	cmd := common.TypeInto(m.c, in, common.FieldName(m.c.L, f), msg)
	if in.Value() == m.fields[f] {
		return cmd
	}
	delete(m.autofilled, f)
	return tea.Batch(cmd, m.change(f, in.Value()))
}

// change records a new value, asks the rules again, schedules a save and,
// when the value is one no other customer may have, asks the store.
func (m *Model) change(f model.Field, v string) tea.Cmd {
	m.setValue(f, v)
	m.recompute()
	return tea.Batch(m.schedule(), m.checkUnique())
}

func (m *Model) moveFocus(d int) tea.Cmd {
	s, _ := m.current()
	var took tea.Cmd
	if spec, ok := m.focused(); ok {
		m.touched[spec.Field] = true
		if spec.Input == rules.InputSearch {
			took = m.takeMatch(spec.Field)
		}
	}
	if len(s.Fields) == 0 {
		return took
	}
	m.focus = (m.focus + d + len(s.Fields)) % len(s.Fields)
	return tea.Batch(took, m.focusInput())
}

// next goes to the following step, unless this one has problems: then it
// says why on the status line. On the review it stores the customer.
func (m *Model) next() tea.Cmd {
	var took tea.Cmd
	if spec, ok := m.focused(); ok && spec.Input == rules.InputSearch {
		took = m.takeMatch(spec.Field)
	}
	s, i := m.current()
	for _, f := range s.Fields {
		m.touched[f.Field] = true
	}
	if ps := m.stepProblems(s); len(ps) > 0 {
		return tea.Batch(took, common.Fail(m.c.T("Next"), errors.New(m.c.N(int64(len(ps)), "%s (%d problem on this step)", "%s (%d problems on this step)", common.ProblemText(m.c.L, ps[0]), len(ps)))))
	}
	if s.ID == rules.StepReview {
		return m.submit()
	}
	m.step = m.steps[i+1].ID
	m.enterStep()
	return tea.Batch(took, m.focusInput(), m.schedule())
}

// back goes to the previous step, with its last field focused; on the
// first step there is none, and it says so.
func (m *Model) back() tea.Cmd {
	if spec, ok := m.focused(); ok {
		m.touched[spec.Field] = true
	}
	_, i := m.current()
	if i == 0 {
		return common.Notice(m.c.T("This is the first step: esc leaves the wizard (the draft is kept)."))
	}
	m.step = m.steps[i-1].ID
	m.enterStep()
	s, _ := m.current()
	m.focus = max(0, len(s.Fields)-1)
	return tea.Batch(m.focusInput(), m.schedule())
}

// leave ends the wizard and keeps the draft, on the step the user is on,
// so that it reopens there.
func (m *Model) leave() tea.Cmd {
	if spec, ok := m.focused(); ok {
		m.touched[spec.Field] = true
	}
	kept := m.draftID != 0 || m.saving || m.seq > 0
	m.Emit(LeftMsg{DraftKept: kept})
	return m.saveNow()
}
