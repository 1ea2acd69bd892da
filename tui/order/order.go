// Package order is the Buy screen: an order for a customer just created (or
// picked), with the reminder that the customer must accept Google's Terms of
// Service themselves.
package order

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// ClosedMsg: the user is done with the order screen.
type ClosedMsg struct{ Customer model.Customer }

type placedMsg struct {
	order model.Order
	err   error
}

// Model is the order form.
type Model struct {
	common.Intents
	c        *common.Common
	svc      Store
	keys     KeyMap
	customer model.Customer
	skus     []rules.SKU
	sku      int
	plan     model.Plan
	seats    textinput.Model
	po       textinput.Model
	focus    int // 0 sku, 1 seats, 2 plan, 3 po
	problems rules.Problems
	placed   *model.Order
	busy     bool
	width    int
}

// New opens the order form for customer; svc places the order.
func New(c *common.Common, svc Store, customer model.Customer) *Model {
	seats := common.NewInput(6)
	seats.SetValue("1")
	po := common.NewInput(80)
	m := &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), customer: customer, skus: rules.SKUsFor(customer), plan: model.PlanFlexible, seats: seats, po: po}
	return m
}

// SetSize gives the form its area.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width = w
	m.seats.SetWidth(10)
	m.po.SetWidth(max(10, w-40))
	return nil
}

// Capturing reports whether a text field has the keyboard.
func (m *Model) Capturing() bool { return m.placed == nil && (m.focus == 1 || m.focus == 3) }

func (m *Model) focusInputs() tea.Cmd {
	m.seats.Blur()
	m.po.Blur()
	switch m.focus {
	case 1:
		return m.seats.Focus()
	case 3:
		return m.po.Focus()
	}
	return nil
}

// Update handles keys and the store's answer.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case placedMsg:
		m.busy = false
		var ps rules.Problems
		if errors.As(msg.err, &ps) {
			m.problems = ps
			return common.Fail(m.c.T("Buy"), errors.New(common.ProblemText(m.c.L, ps[0])))
		}
		if msg.err != nil {
			return common.Fail(m.c.T("Buy"), msg.err)
		}
		m.placed = &msg.order
		return common.Notice(m.c.T("Order placed."))
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.placed == nil && m.Capturing() {
			return m.typeInto(msg)
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.sync()
	k := &m.keys
	switch {
	case k.Close.Matches(msg), k.Back.Matches(msg):
		m.Emit(ClosedMsg{Customer: m.customer})
		return nil
	case k.NextField.Matches(msg):
		m.focus = (m.focus + 1) % 4
		return m.focusInputs()
	case k.PrevField.Matches(msg):
		m.focus = (m.focus + 3) % 4
		return m.focusInputs()
	case k.Submit.Matches(msg):
		if m.focus < 3 {
			m.focus++
			return m.focusInputs()
		}
		return m.submit()
	case (k.Choose.Matches(msg) || k.ChooseLeft.Matches(msg)) && m.focus == 0:
		d := 1
		if k.ChooseLeft.Matches(msg) {
			d = len(m.skus) - 1
		}
		m.sku = (m.sku + d) % len(m.skus)
		return nil
	case k.Choose.Matches(msg) || k.ChooseLeft.Matches(msg):
		if m.plan == model.PlanFlexible {
			m.plan = model.PlanAnnual
		} else {
			m.plan = model.PlanFlexible
		}
		return nil
	}
	if cmd := common.Refuse(msg, &k.NextField, &k.PrevField, &k.Choose, &k.ChooseLeft, &k.Submit, &k.Back); cmd != nil {
		return cmd
	}
	if m.Capturing() {
		return m.typeInto(msg)
	}
	return nil
}

// typeInto passes a key or a paste to the focused field: seats or the
// purchase order ID.
func (m *Model) typeInto(msg tea.Msg) tea.Cmd {
	if m.focus == 1 {
		return common.TypeInto(m.c, &m.seats, common.FieldName(m.c.L, rules.OrderSeats), msg)
	}
	return common.TypeInto(m.c, &m.po, common.FieldName(m.c.L, rules.OrderPO), msg)
}

func (m *Model) submit() tea.Cmd {
	m.busy = true
	svc, ctx, actor, id := m.svc, m.c.Ctx, m.c.Actor, m.customer.ID
	sku, seats, plan, po := m.skus[m.sku].ID, m.seats.Value(), string(m.plan), m.po.Value()
	return func() tea.Msg {
		o, err := svc.PlaceOrder(ctx, actor, id, sku, seats, plan, po)
		return placedMsg{order: o, err: err}
	}
}

// View draws the form or, once placed, the Terms of Service reminder.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.c.T("Buy")) + s.Subtle.Render(" · ") + s.Value.Render(common.Clean(m.customer.OrgName)) +
		s.Subtle.Render(" ("+rules.DisplayDomain(m.customer.Domain)+")") + "\n\n")
	if m.placed != nil {
		o := m.placed
		b.WriteString(s.Success.Render("✓ "+m.c.N(int64(o.Seats), "Order %s placed: %s, %d seat, plan %s.", "Order %s placed: %s, %d seats, plan %s.",
			i18n.ID(o.ID), common.Clean(rules.SKUName(o.SKU)), o.Seats, common.PlanName(m.c.L, o.Plan))) + "\n\n")
		b.WriteString(s.Warning.Render(m.c.T("Terms of Service")) + "\n")
		b.WriteString(m.c.T("Contact the customer to make sure they accept Google's Terms of Service.") + "\n")
		b.WriteString(m.c.T("A reseller cannot accept them on the customer's behalf.") + "\n\n")
		b.WriteString(s.Key.Render("enter") + " " + m.c.T("close"))
		return b.String()
	}
	row := func(i int, label, value string) {
		mark, ls := "  ", s.Label
		if i == m.focus {
			mark, ls = "› ", s.Focused
		}
		b.WriteString(mark + ls.Render(common.Fit(m.c.L.S(label), 20)) + " " + value + "\n")
	}
	skuText := m.c.T("none available")
	if len(m.skus) > 0 {
		skuText = s.Choice.Render("‹ "+m.skus[m.sku].Name+" ›") + s.Subtle.Render("  "+m.c.T("%d of %d", m.sku+1, len(m.skus)))
	}
	row(0, rules.FieldLabel(rules.OrderSKU), skuText)
	row(1, rules.FieldLabel(rules.OrderSeats), m.seats.View())
	flexible, annual := common.PlanName(m.c.L, model.PlanFlexible), common.PlanName(m.c.L, model.PlanAnnual)
	plans := "(•) " + flexible + "  ( ) " + annual
	if m.plan == model.PlanAnnual {
		plans = "( ) " + flexible + "  (•) " + annual
	}
	row(2, rules.FieldLabel(rules.OrderPlan), plans)
	row(3, rules.FieldLabel(rules.OrderPO), m.po.View())
	if m.customer.Kind == model.KindTeam {
		b.WriteString("\n" + s.Subtle.Render(m.c.T("Team customers can buy Enterprise Essentials editions until they verify their domain.")) + "\n")
	}
	for _, p := range m.problems {
		b.WriteString("\n" + s.Error.Render("✗ "+common.Clean(common.ProblemText(m.c.L, p))))
	}
	b.WriteString("\n\n" + s.Key.Render("enter") + " " + m.c.T("next field; on the last one, place the order") + "  " + s.Key.Render("esc") + " " + m.c.T("cancel"))
	return b.String()
}
