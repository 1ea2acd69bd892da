package transfer

import (
	"strings"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// View draws the subscriptions and what the transfer did.
func (m *Model) View() string {
	s, l := m.c.Styles, m.c.L
	var b strings.Builder
	b.WriteString(s.Title.Render(m.c.T("Transfer subscriptions")) + s.Subtle.Render(" · ") + s.Value.Render(common.Clean(m.customer.OrgName)) +
		s.Subtle.Render(" ("+rules.DisplayDomain(m.customer.Domain)+")") + "\n\n")
	w := max(20, m.width-4)
	switch {
	case m.loading:
		b.WriteString(m.spin.View() + " " + m.c.T("Asking Google which of the customer's subscriptions can move to you…") + "\n")
		return b.String()
	case m.loadErr != nil:
		b.WriteString(s.Error.Render(common.Fit("✗ "+common.Clean(l.Err(m.loadErr)), w)) + "\n\n")
		b.WriteString(s.Key.Render("enter") + " " + m.c.T("close"))
		return b.String()
	case m.done:
		if m.moveErr != nil {
			b.WriteString(s.Error.Render(common.Fit("✗ "+common.Clean(l.Err(m.moveErr)), w)) + "\n\n")
		}
		if len(m.moved) == 0 && m.moveErr == nil {
			b.WriteString(m.c.T("Nothing was moved; the transfer token is forgotten.") + "\n")
		}
		for _, o := range m.moved {
			b.WriteString("  " + common.Fit(m.c.N(int64(o.Seats), "%s, %d seat, plan %s", "%s, %d seats, plan %s", common.Clean(o.SKUName), o.Seats,
				common.PlanName(l, o.Plan))+": "+common.OrderStatusName(l, o.Status), w) + "\n")
		}
		if len(m.moved) > 0 {
			b.WriteString("\n" + m.c.T("The transferred subscriptions are the customer's orders now; the transfer token is forgotten.") + "\n")
		}
		b.WriteString("\n" + s.Key.Render("enter") + " " + m.c.T("close"))
		return b.String()
	}
	if len(m.rows) == 0 {
		b.WriteString(m.c.T("The customer has no subscriptions that Google lists for a transfer.") + "\n")
		return b.String()
	}
	b.WriteString(s.Subtle.Render(m.c.T("Chosen ones move to you with the customer's transfer token; the others stay where they are.")) + "\n\n")
	for i, r := range m.rows {
		mark := "  "
		if i == m.cursor {
			mark = "› "
		}
		box := "[ ]"
		if r.chosen {
			box = "[x]"
		}
		k := r.choice.SKU
		line := box + " " + common.Clean(k.SKUName)
		if r.choice.Seats > 0 {
			line += "  " + m.c.N(int64(r.choice.Seats), "%d seat", "%d seats", r.choice.Seats)
		} else if k.Eligible {
			line += "  " + m.c.T("seats: Google does not say")
		}
		if len(r.choice.Offers) > 0 {
			plan := common.PlanName(l, r.choice.Offers[r.offer].Plan)
			if len(r.choice.Offers) > 1 {
				plan = "‹ " + plan + " ›"
			}
			line += "  " + plan
		}
		style := s.Value.Render
		if i == m.cursor {
			style = s.Focused.Render
		}
		b.WriteString(mark + style(common.Fit(line, w-2)) + "\n")
		if !k.Eligible {
			b.WriteString("      " + s.Warning.Render(common.Fit(m.c.T("cannot move: %s", whyNot(l, k)), w-6)) + "\n")
		}
	}
	if m.busy {
		b.WriteString("\n" + m.spin.View() + " " + m.c.T("Transferring…"))
	}
	return b.String()
}

// whyNot is Google's reason a subscription cannot move, in words.
func whyNot(l i18n.Lang, k model.TransferableSKU) string {
	reason := map[string]string{
		"PENDING_TOS_ACCEPTANCE":                 l.T("the customer has not accepted Google's Terms of Service"),
		"SKU_NOT_ELIGIBLE":                       l.T("this product cannot be transferred"),
		"SKU_SUSPENDED":                          l.T("the subscription is suspended"),
		"CHANNEL_PARTNER_NOT_AUTHORIZED_FOR_SKU": l.T("your account is not authorised to sell this product"),
	}[k.Reason]
	switch {
	case k.Why != "" && (reason == "" || l.Tag() == i18n.English):
		// Google's own words, localized by Google, say it best in English.
		return common.Clean(k.Why)
	case reason == "":
		return common.Clean(k.Reason)
	}
	return reason
}
