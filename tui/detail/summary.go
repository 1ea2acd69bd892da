// Package detail shows one customer.
package detail

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// ClosedMsg: back to the list.
type ClosedMsg struct{}

// EditMsg asks for the edit form for the customer.
type EditMsg struct{ Customer model.Customer }

// BuyMsg asks for the order form for the customer.
type BuyMsg struct{ Customer model.Customer }

// KeyMap is the summary's keys.
type KeyMap struct{ Back, Edit, Buy, Help key.Binding }

// DefaultKeyMap returns the summary's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Back: key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc", "back")),
		Edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Buy:  key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "buy")),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}

// ShortHelp is the footer's keys.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Back, k.Edit, k.Buy, k.Help} }

// FullHelp is every key.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Summary is a read-only view of one customer.
type Summary struct {
	common.Intents
	c        *common.Common
	keys     KeyMap
	customer model.Customer
}

// NewSummary shows customer.
func NewSummary(c *common.Common, customer model.Customer) *Summary {
	return &Summary{c: c, keys: DefaultKeyMap(), customer: customer}
}

// KeyMap returns the keys, for help.
func (m *Summary) KeyMap() KeyMap { return m.keys }

// Update handles keys.
func (m *Summary) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Back):
			m.Emit(ClosedMsg{})
		case key.Matches(k, m.keys.Edit):
			m.Emit(EditMsg{Customer: m.customer})
		case key.Matches(k, m.keys.Buy):
			m.Emit(BuyMsg{Customer: m.customer})
		}
	}
	return nil
}

// View draws every field, grouped like the wizard.
func (m *Summary) View() string {
	s := m.c.Styles
	c := m.customer
	var b strings.Builder
	b.WriteString(s.Title.Render(common.Clean(c.OrgName)) + s.Subtle.Render(fmt.Sprintf("  customer %d · %s · %s", c.ID, c.Kind, c.Status)) + "\n\n")
	row := func(k, v string) {
		if v != "" {
			b.WriteString("  " + s.Label.Render(common.Fit(k, 22)) + " " + common.Clean(v) + "\n")
		}
	}
	row("Domain", rules.DisplayDomain(c.Domain))
	row("Primary email", c.PrimaryEmail)
	row("Cloud Identity ID", c.CloudIdentityID)
	if c.Kind == model.KindTeam && c.CloudIdentityID == "" {
		row("Cloud Identity ID", "— (known once pushed to Google)")
	}
	if c.Education != nil {
		row("Education", c.Education.InstituteType+", "+c.Education.InstituteSize)
		row("Website", c.Education.Website)
	}
	row("CRM ID", c.CRMID)
	row("Admin", strings.TrimSpace(c.AdminFirstName+" "+c.AdminLastName))
	row("Alternate email", c.AlternateEmail)
	row("Phone", c.Phone)
	row("Address", strings.Join(c.Address.AddressLines, ", "))
	row("Postal code", c.Address.PostalCode)
	row("City", c.Address.Locality)
	row("Province/state", c.Address.AdministrativeArea)
	row("Country", c.Address.RegionCode)
	row("Reseller ID", c.ResellerID)
	row("Status message", c.StatusMessage)
	row("Origin", string(c.Origin))
	row("Created", c.CreatedAt.In(time.Local).Format("2006-01-02 15:04")+" by "+c.CreatedBy)
	row("Last confirmed", common.Ago(c.ConfirmedAt, m.c.Now()))
	if c.Kind == model.KindTeam {
		b.WriteString("\n" + s.Subtle.Render("Email-verified team customers can only buy other Google Workspace services (such as Google Vault) once they verify their domain.") + "\n")
	}
	b.WriteString("\n" + s.Key.Render("esc") + " back  " + s.Key.Render("e") + " edit  " + s.Key.Render("b") + " buy")
	return b.String()
}
