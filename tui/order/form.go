package order

import (
	tea "charm.land/bubbletea/v2"

	"onboard/model/rules"
	"onboard/tui/common"
)

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.sync()
	k := &m.keys
	n := len(m.fields())
	switch {
	case k.Close.Matches(msg), k.Back.Matches(msg):
		m.Emit(ClosedMsg{Customer: m.customer})
		return nil
	case k.Reload.Matches(msg):
		return tea.Batch(m.load(true), m.spin.Tick)
	case k.NextField.Matches(msg):
		m.focus = (m.focus + 1) % n
		return m.focusInputs()
	case k.PrevField.Matches(msg):
		m.focus = (m.focus + n - 1) % n
		return m.focusInputs()
	case k.Submit.Matches(msg):
		if m.focus < n-1 {
			m.focus++
			return m.focusInputs()
		}
		return m.submit()
	case k.Choose.Matches(msg) || k.ChooseLeft.Matches(msg):
		d := 1
		if k.ChooseLeft.Matches(msg) {
			d = -1
		}
		m.choose(d)
		return nil
	}
	if cmd := common.Refuse(msg, &k.NextField, &k.PrevField, &k.Choose, &k.ChooseLeft, &k.Submit, &k.Back, &k.Reload); cmd != nil {
		return cmd
	}
	if m.Capturing() {
		return m.typeInto(msg)
	}
	return nil
}

// choose moves the focused choice by d: the SKU (its first plan then), the
// plan, or the renewal.
func (m *Model) choose(d int) {
	switch m.focused() {
	case fSKU:
		m.sku = (m.sku + d + len(m.skus)) % len(m.skus)
		m.plan = 0
	case fPlan:
		n := len(m.skus[m.sku].offers)
		m.plan = (m.plan + d + n) % n
	case fRenew:
		m.renew = !m.renew
	}
	// The rows may have changed (renewal comes and goes with the plan).
	m.focus = min(m.focus, len(m.fields())-1)
	m.checkSeats()
}

// typeInto passes a key or a paste to the focused field: seats (checked
// at once against the offer) or the purchase order ID.
func (m *Model) typeInto(msg tea.Msg) tea.Cmd {
	if m.focused() == fSeats {
		cmd := common.TypeInto(m.c, &m.seats, common.FieldName(m.c.L, rules.OrderSeats), msg)
		m.checkSeats()
		return cmd
	}
	return common.TypeInto(m.c, &m.po, common.FieldName(m.c.L, rules.OrderPO), msg)
}
