package detail

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/tui/common"
)

// The customer's subscriptions: each order with its state at Google
// (waiting for the Terms of Service, active, suspended with Google's
// reason, failed with its message), r to read them again from Google
// (entitlements.list) and o to send a failed order again.

// TransferMsg asks for the transfer screen of an imported customer: its
// subscriptions elsewhere, to move to this reseller.
type TransferMsg struct{ Customer model.Customer }

type (
	ordersRefreshedMsg struct {
		orders []model.Order
		err    error
	}
	orderRetriedMsg struct {
		order model.Order
		err   error
	}
)

// subKeys are the subscription section's keys.
type subKeys struct {
	RefreshOrders, RetryOrder, Transfer common.Gate
}

func defaultSubKeys(l i18n.Lang) subKeys {
	return subKeys{
		RefreshOrders: common.NewGate(key.WithKeys("r"), key.WithHelp("r", l.T("subscriptions from Google"))),
		RetryOrder:    common.NewGate(key.WithKeys("o"), key.WithHelp("o", l.T("send the order to Google (a failed or local one)"))),
		Transfer:      common.NewGate(key.WithKeys("m"), key.WithHelp("m", l.T("move subscriptions here (transfer)"))),
	}
}

// PushThenBuy pushes the customer just created and opens Buy once it is
// at Google: what Google sells it is known only then.
func (m *Model) PushThenBuy() tea.Cmd {
	m.buyNext = true
	return m.push()
}

// syncSubs enables the subscription keys; viewing is whether no question
// is open, why what to say otherwise.
func (m *Model) syncSubs(viewing bool, why string) {
	k, l := &m.keys, m.c.L
	wait := l.T("Wait: the last request is still under way.")
	switch {
	case !viewing:
		k.RefreshOrders.Allow(false, why)
		k.RetryOrder.Allow(false, why)
		k.Transfer.Allow(false, why)
		return
	case !m.svc.CanSell():
		for _, g := range []*common.Gate{&k.RefreshOrders, &k.RetryOrder, &k.Transfer} {
			g.Allow(false, l.T("Google is not configured ([google] in the config): orders stay local."))
		}
		return
	case m.customer.GoogleName == "":
		k.RefreshOrders.Allow(false, l.T("The customer is not at Google yet: p pushes it."))
	default:
		k.RefreshOrders.Allow(!m.busy, wait)
	}
	k.RetryOrder.Allow(m.lastFailedOrder() != nil && !m.busy, common.ReasonIf(m.lastFailedOrder() == nil, l.T("No failed or local order to send to Google.")))
	c := m.customer
	k.Transfer.Allow(c.Origin == model.ModeImport && c.Status == model.StatusImported && c.TransferToken != "",
		l.T("Only an imported customer whose transfer token is still kept can move subscriptions here."))
}

// lastFailedOrder is the order o sends: the newest one Google refused
// or, once the customer is at Google, the newest local one; nil when none.
func (m *Model) lastFailedOrder() *model.Order {
	for i := len(m.orders) - 1; i >= 0; i-- {
		o := m.orders[i]
		if (o.Status == model.OrderFailed && o.AtGoogle()) || (o.Status == model.OrderLocal && m.customer.GoogleName != "") {
			return &o
		}
	}
	return nil
}

// updateSubs handles the subscription section's keys and answers; ok is
// whether msg was one of them.
func (m *Model) updateSubs(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case ordersRefreshedMsg:
		m.busy = false
		if msg.err != nil {
			return common.Fail(m.c.T("Subscriptions from Google"), msg.err), true
		}
		return tea.Batch(m.load(), common.Notice(m.c.N(int64(len(msg.orders)), "%d order, as Google has it now.", "%d orders, as Google has them now.", len(msg.orders)))), true
	case orderRetriedMsg:
		m.busy = false
		if msg.err != nil {
			return tea.Batch(m.load(), common.Fail(m.c.T("Send the order again"), msg.err)), true
		}
		return tea.Batch(m.load(), common.Notice(m.c.T("Order %s: %s.", i18n.ID(msg.order.ID), common.OrderStatusName(m.c.L, msg.order.Status)))), true
	case pushedMsg:
		buy := m.buyNext
		m.buyNext = false
		switch {
		case msg.err != nil:
		case buy:
			// Buy was asked for at Create: the customer is at Google now.
			m.Emit(BuyMsg{Customer: msg.customer})
		case msg.customer.Status == model.StatusImported && msg.customer.TransferToken != "" && m.svc.CanSell():
			// An import is at Google: its subscriptions elsewhere can move now.
			m.Emit(TransferMsg{Customer: msg.customer})
		}
		return nil, false
	case tea.KeyPressMsg:
		if m.mode != viewing {
			return nil, false
		}
		m.sync()
		svc, ctx, actor, id := m.svc, m.c.Ctx, m.c.Actor, m.customer.ID
		switch {
		case m.keys.RefreshOrders.Matches(msg):
			m.busy = true
			return func() tea.Msg {
				os, err := svc.RefreshOrders(ctx, actor, id)
				return ordersRefreshedMsg{orders: os, err: err}
			}, true
		case m.keys.Transfer.Matches(msg):
			m.Emit(TransferMsg{Customer: m.customer})
			return nil, true
		case m.keys.RetryOrder.Matches(msg):
			o := m.lastFailedOrder()
			m.busy = true
			return func() tea.Msg {
				if o.Status == model.OrderLocal {
					out, err := svc.SendLocalOrder(ctx, actor, o.ID)
					return orderRetriedMsg{order: out, err: err}
				}
				out, err := svc.RetryOrder(ctx, actor, o.ID)
				return orderRetriedMsg{order: out, err: err}
			}, true
		}
		if cmd := common.Refuse(msg, &m.keys.RefreshOrders, &m.keys.RetryOrder, &m.keys.Transfer); cmd != nil {
			return cmd, true
		}
	}
	return nil, false
}

// subscriptionLines is the orders section: one line per order and, under
// it, what its state asks of the reseller.
func (m *Model) subscriptionLines(section func(string)) []string {
	s, l := m.c.Styles, m.c.L
	section(m.c.T("Orders (%d)", len(m.orders)))
	var out []string
	if len(m.orders) == 0 {
		out = append(out, "  "+s.Subtle.Render(m.c.T("none yet (b: buy)")))
	}
	w := max(10, m.width-4)
	tos := false
	for _, o := range m.orders {
		name := o.SKUName
		if name == "" {
			name = o.SKU
		}
		line := fmt.Sprintf("%d  %s × %s  %s", o.ID, common.Clean(name), l.Number(int64(o.Seats)), common.PlanName(l, o.Plan))
		if o.PONumber != "" {
			line += "  " + m.c.T("PO %s", common.Clean(o.PONumber))
		}
		status := common.OrderStatusName(l, o.Status)
		if o.Transferred {
			status = m.c.T("transferred, %s", status)
		}
		line += "  " + l.Date(o.CreatedAt.In(m.c.Loc))
		out = append(out, "  "+common.Fit(line, w))
		style := s.Subtle.Render
		switch o.Status {
		case model.OrderFailed:
			style = s.Error.Render
		case model.OrderPendingToS, model.OrderSuspended, model.OrderPending:
			style = s.Warning.Render
		case model.OrderActive:
			style = s.Success.Render
		}
		out = append(out, "     "+style(common.Fit(status, w-3)))
		switch o.Status {
		case model.OrderFailed:
			out = append(out, "     "+common.Fit(common.Clean(o.StatusMessage)+"  "+m.c.T("(o sends it again)"), w-3))
		case model.OrderLocal:
			if m.customer.GoogleName != "" && m.svc.CanSell() {
				out = append(out, "     "+s.Subtle.Render(common.Fit(m.c.T("not sent to Google (o sends it)"), w-3)))
			}
		case model.OrderSuspended:
			out = append(out, "     "+common.Fit(m.c.T("Google's reason: %s", common.SuspensionText(l, o.StatusMessage)), w-3))
		case model.OrderPendingToS:
			tos = true
		}
	}
	if tos {
		for _, t := range common.Wrap(m.c.T("The customer's super admin must sign in to the Admin console (admin.google.com) and accept Google's Terms of Service; a reseller cannot accept them for the customer, and the Channel API cannot send the email again: remind the customer yourself. r shows whether they did."), w-2) {
			out = append(out, "  "+s.Warning.Render(t))
		}
	}
	return out
}
