package tui

import (
	tea "charm.land/bubbletea/v2"

	"onboard/tui/common"

	"onboard/model"
	"onboard/tui/detail"
	"onboard/tui/order"
	"onboard/tui/transfer"
)

// openOrder opens the Buy screen for the customer: over its detail when
// opened from there (esc goes back to it), else right over the list.
func (a *App) openOrder(c model.Customer, overDetail bool) tea.Cmd {
	m := order.New(a.c, a.svc, c)
	if overDetail {
		return tea.Batch(a.push(m), m.Init())
	}
	return tea.Batch(a.show(m), m.Init())
}

// buyAfterCreate is Buy chosen right after Create: with Google the new
// customer is pushed first (on its detail, which then opens Buy over
// itself), since Google's catalogue for it exists only once it is there.
func (a *App) buyAfterCreate(c model.Customer, isNew bool) tea.Cmd {
	if !isNew || !a.svc.CanSell() || c.GoogleName != "" {
		return a.openOrder(c, false)
	}
	det := detail.New(a.c, a.svc, c)
	return tea.Batch(a.openDetail(det, ""), det.PushThenBuy())
}

// closeOrder leaves the Buy screen: back to the detail it was opened from,
// drawn afresh with the new order, or to the list.
func (a *App) closeOrder(c model.Customer) tea.Cmd {
	a.stack = a.stack[:len(a.stack)-1]
	if !a.atHome() {
		return a.openDetail(detail.New(a.c, a.svc, c), "")
	}
	return a.list.Select(c)
}

// handleShopIntent switches screens for buying and transferring.
func (a *App) handleShopIntent(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case detail.TransferMsg:
		t := transfer.New(a.c, a.svc, msg.Customer)
		return tea.Batch(a.push(t), t.Init())
	case transfer.ClosedMsg:
		a.stack = a.stack[:len(a.stack)-1]
		return a.openDetail(detail.New(a.c, a.svc, msg.Customer), "")
	}
	return nil
}

// resumeOrders goes on with the orders at Google that were under way when
// onboard last stopped (their outbox), each with its own requestId, so
// none is bought twice, and says how they ended.
func (a *App) resumeOrders() tea.Cmd {
	if !a.svc.CanSell() || !a.c.Files {
		return nil // the SSH server resumes them once, at its start
	}
	svc, ctx, actor, l := a.svc, a.c.Ctx, a.c.Actor, a.c.L
	return func() tea.Msg {
		var done, open int
		n, err := svc.ResumeOrders(ctx, actor, func(o model.Order, err error) {
			if err != nil || o.Status == model.OrderPending {
				open++
			} else {
				done++
			}
		})
		if err != nil || n == 0 {
			return nil
		}
		msg := l.N(int64(n), "Went on with %d order at Google that was under way: %d answered", "Went on with %d orders at Google that were under way: %d answered", n, done)
		if open > 0 {
			msg += l.T(", %d still waiting (r on the customer shows the state)", open)
		}
		return common.NoticeMsg{Text: msg + "."}
	}
}

// loadProducts reads the reseller's product families from Google once, so
// that the wizard's product family step offers what the catalogue has. A
// failure leaves the built-in families; the Buy screen reports Google's
// errors where they matter.
func (a *App) loadProducts() tea.Cmd {
	if !a.svc.CanSell() {
		return nil
	}
	svc, ctx := a.svc, a.c.Ctx
	return func() tea.Msg {
		svc.Products(ctx)
		return nil
	}
}
