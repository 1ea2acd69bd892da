package wizard

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// KeyMap is the wizard's keys.
type KeyMap struct {
	NextField, PrevField, Next, Back common.Gate
	// Choose is the next option (or yes/no flipped); ChooseLeft, the one
	// before, shares its help.
	Choose, ChooseLeft, Yes, No common.Gate
	Buy, Close                  common.Gate
	// After a conflict: keep theirs, save mine, or back to the form.
	Theirs, Mine, ToForm common.Gate
	// Google has the account: open ours, or go on as an import.
	OpenIt, SwitchImport, FromExists common.Gate
}

// DefaultKeyMap returns the wizard's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		NextField:    common.NewGate(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", l.T("next field"))),
		PrevField:    common.NewGate(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", l.T("previous field"))),
		Next:         common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("next"))),
		Back:         common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back"))),
		Choose:       common.NewGate(key.WithKeys("right", "space"), key.WithHelp("←/→/space", l.T("choose"))),
		ChooseLeft:   common.NewGate(key.WithKeys("left")),
		Yes:          common.NewGate(key.WithKeys("y"), key.WithHelp("y/n", l.T("yes/no"))),
		No:           common.NewGate(key.WithKeys("n")),
		Buy:          common.NewGate(key.WithKeys("b"), key.WithHelp("b", l.T("buy"))),
		Close:        common.NewGate(key.WithKeys("enter", "c", "esc"), key.WithHelp("enter", l.T("open the customer"))),
		Theirs:       common.NewGate(key.WithKeys("t"), key.WithHelp("t", l.T("keep theirs"))),
		Mine:         common.NewGate(key.WithKeys("m"), key.WithHelp("m", l.T("save mine over theirs"))),
		ToForm:       common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back to my form"))),
		OpenIt:       common.NewGate(key.WithKeys("o"), key.WithHelp("o", l.T("open it"))),
		SwitchImport: common.NewGate(key.WithKeys("i"), key.WithHelp("i", l.T("switch to Import with what you typed"))),
		FromExists:   common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back to the form"))),
	}
}

// sync enables the keys that act in the wizard's state now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	step, _ := m.current()
	spec, hasField := m.focused()
	editing := m.phase == editing && m.conflict == nil && m.exists == nil
	// The form's keys, off while a question is open, and why.
	why := ""
	switch {
	case m.conflict != nil:
		why = l.T("Choose first: t keeps their version, m saves yours over it, esc goes back to your form.")
	case m.exists != nil && m.exists.Owned():
		why = l.T("Google has this account: o opens it, esc goes back to the form.")
	case m.exists != nil:
		why = l.T("Google has this account: i goes on in the Import wizard, esc goes back to the form.")
	case m.phase == done:
		why = l.T("The customer is stored: enter closes, b buys.")
	}
	for _, g := range []*common.Gate{&k.Next, &k.Back, &k.Choose, &k.ChooseLeft, &k.Yes, &k.No, &k.NextField, &k.PrevField} {
		g.Allow(editing, why)
	}
	if editing {
		for _, g := range []*common.Gate{&k.NextField, &k.PrevField} {
			g.Allow(hasField, l.T("This step has no fields: enter goes on, esc goes back."))
		}
		choice := hasField && (spec.Input == rules.InputYesNo || spec.Input == rules.InputChoice)
		text := hasField && spec.Input == rules.InputText
		for _, g := range []*common.Gate{&k.Choose, &k.ChooseLeft} {
			g.Allow(choice, common.ReasonIf(!text, l.T("Nothing to choose here.")))
		}
		yesNo := hasField && spec.Input == rules.InputYesNo
		for _, g := range []*common.Gate{&k.Yes, &k.No} {
			g.Allow(yesNo, common.ReasonIf(!text, l.T("y and n answer a yes/no question; this is not one.")))
		}
		k.Next.SetHelp("enter", l.T("next"))
		if step.ID == rules.StepReview {
			switch {
			case m.original != nil:
				k.Next.SetHelp("enter", l.T("save the changes"))
			case m.mode == model.ModeCreate:
				k.Next.SetHelp("enter", l.T("create the customer"))
			default:
				k.Next.SetHelp("enter", l.T("import the customer"))
			}
		}
	}

	k.Buy.Allow(m.phase == done, "")
	k.Close.Allow(m.phase == done, "")
	k.Theirs.Allow(m.conflict != nil, "")
	k.Mine.Allow(m.conflict != nil, "")
	k.ToForm.Allow(m.conflict != nil, "")
	exists := m.exists != nil && m.conflict == nil
	k.OpenIt.Allow(exists && m.exists.Owned(), common.ReasonIf(exists, l.T("Google says the account is not your customer yet: i goes on in the Import wizard.")))
	k.SwitchImport.Allow(exists && !m.exists.Owned(), common.ReasonIf(exists, l.T("It is your customer at Google already: o opens it.")))
	k.FromExists.Allow(exists, "")
	if m.phase == submitting {
		for _, g := range k.all() {
			g.Allow(false, "")
		}
	}
}

// all is every gate.
func (k *KeyMap) all() []*common.Gate {
	return []*common.Gate{&k.Next, &k.Back, &k.Choose, &k.ChooseLeft, &k.Yes, &k.No, &k.Buy, &k.Close,
		&k.Theirs, &k.Mine, &k.ToForm, &k.OpenIt, &k.SwitchImport, &k.FromExists, &k.NextField, &k.PrevField}
}

// ShortHelp is the footer's keys.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	switch {
	case m.conflict != nil:
		return common.Bindings(k.Theirs, k.Mine, k.ToForm)
	case m.exists != nil:
		return common.Bindings(k.OpenIt, k.SwitchImport, k.FromExists)
	case m.phase == done:
		return common.Bindings(k.Close, k.Buy)
	}
	return common.Bindings(k.Next, k.Back, k.NextField, k.Choose)
}

// FullHelp is every key, for the help overlay.
func (m *Model) FullHelp() [][]key.Binding {
	m.sync()
	k := m.keys
	switch {
	case m.conflict != nil, m.exists != nil, m.phase == done:
		return [][]key.Binding{m.ShortHelp()}
	}
	return [][]key.Binding{common.Bindings(k.NextField, k.PrevField, k.Choose, k.Yes), common.Bindings(k.Next, k.Back)}
}
