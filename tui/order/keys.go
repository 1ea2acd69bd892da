package order

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/tui/common"
)

// KeyMap is the order form's keys.
type KeyMap struct {
	NextField, PrevField, Choose, ChooseLeft, Submit, Back, Close common.Gate
}

// DefaultKeyMap returns the order form's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		NextField: common.NewGate(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", l.T("next field"))),
		PrevField: common.NewGate(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", l.T("previous field"))),
		// Choose is the next option; ChooseLeft, the one before, shares
		// its help.
		Choose:     common.NewGate(key.WithKeys("right", "space"), key.WithHelp("←/→", l.T("choose"))),
		ChooseLeft: common.NewGate(key.WithKeys("left")),
		Submit:     common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("place order"))),
		Back:       common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("cancel"))),
		Close:      common.NewGate(key.WithKeys("enter", "esc"), key.WithHelp("enter", l.T("close"))),
	}
}

// sync enables the keys that act in the form's state now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	placed := m.placed != nil
	why := l.T("The order is placed: enter closes.")
	for _, g := range []*common.Gate{&k.NextField, &k.PrevField, &k.Choose, &k.ChooseLeft, &k.Submit, &k.Back} {
		g.Allow(!placed, why)
	}
	k.Close.Allow(placed, "")
	if placed {
		return
	}
	none := l.T("No product is available for this customer.")
	for _, g := range []*common.Gate{&k.Choose, &k.ChooseLeft} {
		switch m.focus {
		case 0:
			g.Allow(len(m.skus) > 0, none)
		case 2:
			g.Allow(true, "")
		default: // a text field: the arrows move its cursor
			g.Allow(false, "")
		}
	}
	if m.focus < 3 {
		k.Submit.Allow(true, "")
		k.Submit.SetHelp("enter", l.T("next"))
		return
	}
	k.Submit.SetHelp("enter", l.T("place order"))
	switch {
	case len(m.skus) == 0:
		k.Submit.Allow(false, none)
	default:
		k.Submit.Allow(!m.busy, l.T("Wait: the last request is still under way."))
	}
}

// ShortHelp is the footer's keys.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	return common.Bindings(k.Close, k.Submit, k.Back, k.NextField, k.Choose)
}

// FullHelp is every key.
func (m *Model) FullHelp() [][]key.Binding {
	m.sync()
	k := m.keys
	return [][]key.Binding{common.Bindings(k.NextField, k.PrevField, k.Choose), common.Bindings(k.Close, k.Submit, k.Back)}
}
