package detail

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/model"
	"onboard/tui/common"
)

// KeyMap is the detail screen's keys.
type KeyMap struct {
	Back, Edit, Buy, Confirm, Verify, Tips, CancelOrder, Push, StopPush, Refresh common.Gate
	Up, Down, PageUp, PageDown                                                   common.Gate
	// The verify form.
	VerifyNext, VerifySwitch, VerifyCancel common.Gate
	// Google's record differs: take it or keep ours.
	Take, Keep common.Gate
	// Cancel the last local order? Were the details checked with the
	// customer? (Their words follow the question.)
	Yes, No common.Gate
	// The subscriptions at Google (subscriptions.go).
	subKeys
}

// DefaultKeyMap returns the detail screen's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		Back:         common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back"))),
		Edit:         common.NewGate(key.WithKeys("e"), key.WithHelp("e", l.T("edit"))),
		Buy:          common.NewGate(key.WithKeys("b"), key.WithHelp("b", l.T("buy"))),
		Confirm:      common.NewGate(key.WithKeys("c"), key.WithHelp("c", l.T("details confirmed today"))),
		Verify:       common.NewGate(key.WithKeys("v"), key.WithHelp("v", l.T("domain verified (team)"))),
		Tips:         common.NewGate(key.WithKeys("t"), key.WithHelp("t", l.T("setup tips"))),
		CancelOrder:  common.NewGate(key.WithKeys("x"), key.WithHelp("x", l.T("cancel the last local order"))),
		Push:         common.NewGate(key.WithKeys("p"), key.WithHelp("p", l.T("push to Google (or retry)"))),
		StopPush:     common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("cancel the push"))),
		Refresh:      common.NewGate(key.WithKeys("g"), key.WithHelp("g", l.T("refresh from Google"))),
		Up:           common.NewGate(key.WithKeys("up", "k"), key.WithHelp("↑/k", l.T("scroll up"))),
		Down:         common.NewGate(key.WithKeys("down", "j"), key.WithHelp("↓/j", l.T("scroll down"))),
		PageUp:       common.NewGate(key.WithKeys("pgup"), key.WithHelp("pgup", l.T("page up"))),
		PageDown:     common.NewGate(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", l.T("page down"))),
		VerifyNext:   common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("next"))),
		VerifySwitch: common.NewGate(key.WithKeys("tab", "down", "shift+tab", "up"), key.WithHelp("tab", l.T("switch field"))),
		VerifyCancel: common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("cancel"))),
		Take:         common.NewGate(key.WithKeys("a"), key.WithHelp("a", l.T("take Google's values"))),
		Keep:         common.NewGate(key.WithKeys("esc", "n"), key.WithHelp("esc", l.T("keep ours"))),
		Yes:          common.NewGate(key.WithKeys(common.YesKeys...), key.WithHelp(common.YesKey(l), l.T("cancel the order"))),
		No:           common.NewGate(key.WithKeys("n", "esc"), key.WithHelp("n", l.T("keep the order"))),
		subKeys:      defaultSubKeys(l),
	}
}

// viewingKeys are the keys of the screen when no question is open.
func (k *KeyMap) viewingKeys() []*common.Gate {
	return []*common.Gate{&k.Back, &k.Edit, &k.Buy, &k.Confirm, &k.Verify, &k.Tips, &k.CancelOrder, &k.Push, &k.StopPush, &k.Refresh,
		&k.Up, &k.Down, &k.PageUp, &k.PageDown}
}

// gates are every key that can be refused with a reason.
func (k *KeyMap) gates() []*common.Gate {
	return append(k.viewingKeys(), &k.VerifyNext, &k.Take, &k.Yes)
}

// sync enables the keys that act in the screen's state now.
func (m *Model) sync() {
	k, l, c := &m.keys, m.c.L, m.customer
	wait := l.T("Wait: the last request is still under way.")
	viewing := m.mode == viewing
	// Outside the view, each question says which keys answer it.
	modeWhy := ""
	switch m.mode {
	case cancelling:
		modeWhy = l.T("Answer first: y cancels the order, n keeps it.")
	case comparing:
		modeWhy = l.T("Choose first: a takes Google's values, esc keeps ours.")
	case confirming:
		modeWhy = l.T("Answer first: y records the details as confirmed today, n does not.")
	}
	for _, g := range k.viewingKeys() {
		g.Allow(viewing, modeWhy)
	}
	if viewing {
		k.Back.Allow(!m.pushing, "")
		k.StopPush.Allow(m.pushing, "")
		k.Confirm.Allow(!m.busy, wait)
		switch {
		case !m.svc.HasGoogle():
			k.Push.Allow(false, l.T("Google is not configured ([google] in the config): customers stay local."))
			k.Refresh.Allow(false, l.T("Google is not configured ([google] in the config)."))
		case m.pushing:
			k.Push.Allow(false, l.T("A push to Google is under way; esc cancels it."))
			k.Refresh.Allow(!m.busy, wait)
		case c.Status == model.StatusCreated || c.Status == model.StatusImported:
			k.Push.Allow(false, l.T("Already %s at Google; g compares it with Google's record.", common.StatusName(l, c.Status)))
			k.Refresh.Allow(!m.busy, wait)
		default:
			k.Refresh.Allow(!m.busy, wait)
		}
		k.Verify.Allow(c.Kind == model.KindTeam, l.T("Only a team (email-verified) customer verifies a domain; this is a domain customer."))
		k.CancelOrder.Allow(m.lastLocalOrder() != nil, l.T("No local order to cancel."))
		scroll := m.scrollable()
		for _, g := range []*common.Gate{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
			g.Allow(scroll, l.T("Everything is shown: nothing to scroll."))
		}
	}
	// The questions' keys: off outside their question; a busy one says so.
	k.VerifyNext.Allow(m.mode == verifying && (m.focus == 0 || !m.busy), common.ReasonIf(m.mode == verifying, wait))
	if m.focus == 0 {
		k.VerifyNext.SetHelp("enter", l.T("next"))
	} else {
		k.VerifyNext.SetHelp("enter", l.T("save"))
	}
	k.VerifySwitch.Allow(m.mode == verifying, "")
	k.VerifyCancel.Allow(m.mode == verifying, "")
	k.Take.Allow(m.mode == comparing && !m.busy, common.ReasonIf(m.mode == comparing, wait))
	k.Keep.Allow(m.mode == comparing, "")
	asking := m.mode == cancelling || m.mode == confirming
	k.Yes.Allow(asking && !m.busy && (m.mode == confirming || m.cancel != nil), common.ReasonIf(asking, wait))
	k.No.Allow(asking && !m.busy, common.ReasonIf(asking, wait))
	if m.mode == confirming {
		k.Yes.SetHelp(common.YesKey(l), l.T("yes, confirmed today"))
		k.No.SetHelp("n", l.T("no"))
	} else {
		k.Yes.SetHelp(common.YesKey(l), l.T("cancel the order"))
		k.No.SetHelp("n", l.T("keep the order"))
	}
	m.syncSubs(viewing, modeWhy)
}

// ShortHelp is the footer's keys.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	switch m.mode {
	case verifying:
		return common.Bindings(k.VerifyNext, k.VerifySwitch, k.VerifyCancel)
	case comparing:
		return common.Bindings(k.Take, k.Keep)
	case cancelling, confirming:
		return common.Bindings(k.Yes, k.No)
	}
	return common.Bindings(k.Back, k.StopPush, k.Edit, k.Buy, k.Confirm, k.Tips)
}

// FullHelp is every key.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode != viewing {
		return [][]key.Binding{m.ShortHelp()}
	}
	m.sync()
	k := m.keys
	return [][]key.Binding{
		common.Bindings(k.Back, k.StopPush, k.Edit, k.Buy, k.Confirm),
		common.Bindings(k.Verify, k.Tips, k.CancelOrder),
		common.Bindings(k.Push, k.Refresh, k.RefreshOrders, k.RetryOrder, k.Transfer),
		common.Bindings(k.Up, k.Down, k.PageUp, k.PageDown),
	}
}
