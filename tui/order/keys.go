package order

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/tui/common"
)

// KeyMap is the order form's keys.
type KeyMap struct {
	NextField, PrevField, Choose, ChooseLeft, Submit, Back, Close, Reload common.Gate
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
		Reload:     common.NewGate(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", l.T("ask Google again"))),
	}
}

// sync enables the keys that act in the form's state now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	placed := m.placed != nil
	why := l.T("The order is placed: enter closes.")
	for _, g := range []*common.Gate{&k.NextField, &k.PrevField, &k.Choose, &k.ChooseLeft, &k.Submit} {
		g.Allow(!placed, why)
	}
	k.Back.Allow(!placed, why)
	k.Close.Allow(placed, "")
	k.Reload.Allow(m.google && !placed && !m.busy, common.ReasonIf(!m.google, l.T("Google is not configured: the order is local.")))
	if placed {
		return
	}
	wait := l.T("Wait: Google's catalogue is still loading.")
	if m.loading || m.loadErr != nil || len(m.skus) == 0 {
		why := wait
		switch {
		case m.loadErr != nil:
			why = l.T("Google's catalogue did not load: ctrl+r asks again, esc goes back.")
		case !m.loading:
			why = l.T("No product is available for this customer.")
		}
		for _, g := range []*common.Gate{&k.NextField, &k.PrevField, &k.Choose, &k.ChooseLeft, &k.Submit} {
			g.Allow(false, why)
		}
		return
	}
	switch m.focused() {
	case fSKU:
		k.Choose.Allow(len(m.skus) > 1, l.T("This is the only product this customer can buy."))
		k.ChooseLeft.Allow(len(m.skus) > 1, l.T("This is the only product this customer can buy."))
	case fPlan:
		one := l.T("This product has one plan only.")
		k.Choose.Allow(len(m.skus[m.sku].offers) > 1, one)
		k.ChooseLeft.Allow(len(m.skus[m.sku].offers) > 1, one)
	case fRenew:
		k.Choose.Allow(true, "")
		k.ChooseLeft.Allow(true, "")
	default: // a text field: the arrows move its cursor
		k.Choose.Allow(false, "")
		k.ChooseLeft.Allow(false, "")
	}
	// The footer says what enter does here: next field, or place the order
	// on the last one.
	if m.focus < len(m.fields())-1 {
		k.Submit.SetHelp("enter", l.T("next field"))
		k.Submit.Allow(true, "")
		return
	}
	k.Submit.SetHelp("enter", l.T("place order"))
	k.Submit.Allow(!m.busy, l.T("Wait: the last request is still under way."))
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
	return [][]key.Binding{common.Bindings(k.NextField, k.PrevField, k.Choose), common.Bindings(k.Close, k.Submit, k.Back, k.Reload)}
}
