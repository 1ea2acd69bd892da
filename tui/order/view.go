package order

import (
	"fmt"
	"strings"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// View draws the form or, once placed, how the order stands.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	title := m.c.T("Buy")
	if !m.google {
		title = m.c.T("Buy (local order)")
	}
	b.WriteString(s.Title.Render(title) + s.Subtle.Render(" · ") + s.Value.Render(common.Clean(m.customer.OrgName)) +
		s.Subtle.Render(" ("+rules.DisplayDomain(m.customer.Domain)+")") + "\n\n")
	switch {
	case m.placed != nil:
		m.viewPlaced(&b)
		return b.String()
	case m.loading:
		b.WriteString(m.spin.View() + " " + m.c.T("Asking Google what this customer can buy…") + "\n")
		return b.String()
	case m.loadErr != nil:
		b.WriteString(s.Error.Render("✗ "+common.Clean(m.c.L.Err(m.loadErr))) + "\n\n")
		b.WriteString(s.Key.Render("ctrl+r") + " " + m.c.T("ask Google again") + "  " + s.Key.Render("esc") + " " + m.c.T("back"))
		return b.String()
	}
	note := func(text string) {
		for _, line := range common.Wrap(text, max(20, m.width-2)) {
			b.WriteString(s.Subtle.Render(line) + "\n")
		}
	}
	if !m.google {
		note(m.c.T("Google is not configured: the order is recorded here as local and is not sent to Google."))
		b.WriteString("\n")
	}
	fs := m.fields()
	row := func(f field, label, value string) {
		mark, ls := "  ", s.Label
		if fs[min(m.focus, len(fs)-1)] == f {
			mark, ls = "› ", s.Focused
		}
		b.WriteString(mark + ls.Render(common.Fit(m.c.L.S(label), 20)) + " " + value + "\n")
	}
	if len(m.skus) == 0 {
		row(fSKU, rules.FieldLabel(rules.OrderSKU), m.c.T("none available"))
		return b.String()
	}
	k, o := m.skus[m.sku], m.offer()
	product := ""
	if k.product != "" {
		product = s.Subtle.Render(common.Clean(k.product) + " · ")
	}
	row(fSKU, rules.FieldLabel(rules.OrderSKU), product+s.Choice.Render("‹ "+common.Clean(k.name)+" ›")+s.Subtle.Render("  "+m.c.T("%d of %d", m.sku+1, len(m.skus))))
	plan := common.PlanName(m.c.L, o.Plan)
	if o.Price != nil {
		plan += s.Subtle.Render(" · " + PriceText(m.c.L, *o.Price))
	}
	planText := s.Choice.Render("‹ " + plan + " ›")
	if len(k.offers) < 2 {
		planText = plan
	}
	row(fPlan, rules.FieldLabel(rules.OrderPlan), planText)
	lo, hi := rules.SeatLimits(o)
	seatsLabel := i18n.M("Seats")
	if !o.Plan.Commitment() {
		seatsLabel = i18n.M("Seat limit")
	}
	row(fSeats, seatsLabel, m.seats.View()+s.Subtle.Render("  "+m.c.T("%s to %s", m.c.L.Number(lo), m.c.L.Number(hi))))
	if m.seatsErr != nil {
		b.WriteString("  " + s.Error.Render(common.Fit("✗ "+common.ProblemText(m.c.L, *m.seatsErr), max(10, m.width-4))) + "\n")
	}
	if m.google && o.Plan.Commitment() {
		renew := "(•) " + m.c.T("renews after the year") + "  ( ) " + m.c.T("ends after the year")
		if !m.renew {
			renew = "( ) " + m.c.T("renews after the year") + "  (•) " + m.c.T("ends after the year")
		}
		row(fRenew, i18n.M("Renewal"), renew)
	}
	row(fPO, rules.FieldLabel(rules.OrderPO), m.po.View())
	if o.Plan.Commitment() {
		b.WriteString("\n")
		note(m.c.T("An annual plan commits to the seats for a year; a flexible plan bills each month for the seats in use, up to the limit."))
	}
	if m.customer.Kind == model.KindTeam {
		b.WriteString("\n")
		note(m.c.T("Team customers can buy Enterprise Essentials editions until they verify their domain."))
	}
	for _, p := range m.problems {
		if m.seatsErr != nil && p.Field == rules.OrderSeats {
			continue // shown under the field
		}
		b.WriteString("\n" + s.Error.Render("✗ "+common.Clean(common.ProblemText(m.c.L, p))))
	}
	if m.busy {
		b.WriteString("\n" + m.spin.View() + " " + m.c.T("Placing the order…"))
	}
	return b.String()
}

// viewPlaced says how the order stands and, for Google Workspace, what the
// customer must do before it can be used.
func (m *Model) viewPlaced(b *strings.Builder) {
	s, l, o := m.c.Styles, m.c.L, m.placed
	what := l.N(int64(o.Seats), "%s, %d seat, plan %s", "%s, %d seats, plan %s", common.Clean(o.SKUName), o.Seats, common.PlanName(l, o.Plan))
	switch o.Status {
	case model.OrderLocal:
		b.WriteString(s.Success.Render("✓ "+m.c.T("Order %s recorded here (local, not sent to Google): %s.", i18n.ID(o.ID), what)) + "\n\n")
	case model.OrderFailed:
		b.WriteString(s.Error.Render("✗ "+m.c.T("Google refused order %s: %s.", i18n.ID(o.ID), what)) + "\n")
		b.WriteString(common.Clean(o.StatusMessage) + "\n\n")
		b.WriteString(s.Subtle.Render(m.c.T("The order is kept as failed; o on the customer's detail sends it again.")) + "\n\n")
		b.WriteString(s.Key.Render("enter") + " " + m.c.T("close"))
		return
	case model.OrderPending:
		b.WriteString(s.Warning.Render("… "+m.c.T("Order %s was sent to Google: %s.", i18n.ID(o.ID), what)) + "\n")
		if m.placeErr != nil {
			b.WriteString(common.Clean(l.Err(m.placeErr)) + "\n")
		}
		b.WriteString(m.c.T("Google's answer has not come yet. The order goes on in the background and at the next start, with the same request ID, so it is never bought twice; r on the customer's detail shows its state.") + "\n\n")
	default:
		b.WriteString(s.Success.Render("✓ "+m.c.T("Order %s placed at Google: %s.", i18n.ID(o.ID), what)) + "\n")
		b.WriteString(m.c.T("State: %s.", common.OrderStatusName(l, o.Status)) + "\n\n")
	}
	b.WriteString(s.Warning.Render(m.c.T("Terms of Service")) + "\n")
	b.WriteString(m.c.T("Contact the customer to make sure they accept Google's Terms of Service.") + "\n")
	b.WriteString(m.c.T("A reseller cannot accept them on the customer's behalf.") + "\n")
	if o.AtGoogle() {
		b.WriteString(m.c.T("Until the customer's super admin signs in to the Admin console (admin.google.com) and accepts them, the subscription stays suspended.") + "\n")
		b.WriteString(s.Subtle.Render(m.c.T("Google's Channel API cannot send the Terms of Service email again: remind the customer yourself.")) + "\n")
	}
	b.WriteString("\n" + s.Key.Render("enter") + " " + m.c.T("close"))
}

// PriceText is an offer's price per seat and period, as the user's
// language writes amounts.
func PriceText(l i18n.Lang, p model.Price) string {
	amount := fmt.Sprintf("%d.%02d", p.Units, p.Nanos/10_000_000)
	if l.Tag() != i18n.English {
		amount = strings.Replace(amount, ".", ",", 1)
	}
	cur := p.Currency
	switch cur {
	case "USD":
		cur = "US$"
	case "EUR":
		cur = "€"
	case "GBP":
		cur = "£"
	}
	switch p.Period {
	case "YEAR":
		return l.T("%s %s per seat per year", cur, amount)
	case "MONTH":
		return l.T("%s %s per seat per month", cur, amount)
	}
	return l.T("%s %s per seat", cur, amount)
}
