package wizard

// The screens of the wizard that are not a step's fields: the review, the
// customer stored, an account Google has already, someone else's save.

import (
	"strings"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// reviewView shows the customer as it will be stored.
func (m *Model) reviewView() []string {
	s := m.c.Styles
	c := m.result.Customer
	row := func(k, v string) string {
		return "  " + s.Label.Render(common.Fit(m.c.L.S(k), 24)) + " " + s.Value.Render(common.Clean(v))
	}
	intro := m.c.T("Check the details, then press c to create the customer.")
	outcome := m.c.T("It is stored in onboard only: Google is not set up here.")
	switch {
	case m.original != nil:
		intro = m.c.T("Check the details, then press c to save the changes.")
		outcome = m.c.T("The changes are stored in onboard only; Google's record is not changed.")
	case m.mode == model.ModeImport:
		intro = m.c.T("Check the details, then press c to import the customer.")
		if m.svc.HasGoogle() {
			outcome = m.c.T("It is stored in onboard and imported at Google right away, with the transfer token.")
		}
	case m.svc.HasGoogle() && len(rules.ReadyToPush(c)) == 0:
		outcome = m.c.T("It is stored in onboard and created at Google right away.")
	case m.svc.HasGoogle():
		outcome = m.c.T("It is stored in onboard only, until it has what Google needs (below).")
	}
	lines := []string{intro, s.Subtle.Render(outcome), ""}
	kind := m.c.T("Domain customer")
	if c.Kind == model.KindTeam {
		kind = m.c.T("Team customer (email-verified)")
	}
	if pf := m.fields[model.FieldProductFamily]; pf != "" && m.original == nil {
		// Chosen by itself when there is one: shown, so that it is known.
		lines = append(lines, row(i18n.M("Primary product family"), m.c.L.S(rules.OptionLabel(model.FieldProductFamily, pf))))
	}
	lines = append(lines, row(i18n.M("Customer type"), kind))
	if c.Education != nil {
		lines = append(lines, row(i18n.M("Educational institution"), common.EducationText(m.c.L, *c.Education)))
	}
	lines = append(lines, row(i18n.M("Reseller ID"), c.ResellerID), row(i18n.M("Organisation"), c.OrgName), row(i18n.M("Domain"), rules.DisplayDomain(c.Domain)))
	opt := func(k, v string) {
		if v != "" {
			lines = append(lines, row(k, v))
		}
	}
	opt(i18n.M("Primary email"), rules.DisplayEmail(c.PrimaryEmail))
	opt(i18n.M("Cloud Identity ID"), c.CloudIdentityID)
	if c.TransferToken != "" {
		lines = append(lines, row(i18n.M("Transfer token"), m.c.T("generated %s", m.c.L.Date(c.TransferTokenDate))))
	}
	opt(i18n.M("CRM ID"), c.CRMID)
	opt(i18n.M("Admin"), strings.TrimSpace(c.AdminFirstName+" "+c.AdminLastName))
	opt(i18n.M("Alternate email"), rules.DisplayEmail(c.AlternateEmail))
	opt(i18n.M("Phone"), c.Phone)
	addr := strings.Join(append(append([]string{}, c.Address.AddressLines...), c.Address.PostalCode, c.Address.Locality, c.Address.AdministrativeArea, m.regionName(c.Address.RegionCode)), ", ")
	opt(i18n.M("Address"), strings.Trim(strings.ReplaceAll(addr, ", , ", ", "), ", "))
	if ps := m.result.Problems.Errors(); len(ps) > 0 {
		lines = append(lines, "")
		for _, p := range ps {
			lines = append(lines, s.Error.Render("✗ "+common.Clean(common.ProblemText(m.c.L, p))))
		}
	}
	for _, p := range m.result.Problems.Warnings() {
		lines = append(lines, "", s.Warning.Render("! "+common.Clean(common.ProblemText(m.c.L, p))))
	}
	if m.mode == model.ModeCreate {
		if ps := rules.ReadyToPush(c); len(ps) > 0 {
			var names []string
			for _, p := range ps {
				names = append(names, common.FieldName(m.c.L, p.Field))
			}
			lines = append(lines, "", s.Subtle.Render(m.c.T("Stored locally. To push it to Google later, add: %s.", strings.Join(names, ", "))))
		}
	}
	return lines
}

// existsView explains that Google already has the account.
func (m *Model) existsView() []string {
	s := m.c.Styles
	lines := []string{s.Warning.Render(common.Clean(m.c.L.Err(m.exists))), ""}
	if m.exists.Owned() {
		return append(lines, m.c.T("It is one of your customers at Google already; nothing was stored here. o opens it."))
	}
	return append(lines, common.Wrap(m.c.T("A customer with its own Cloud Identity account is imported, with a transfer token that its super admin generates. Nothing was stored; press i to go on in the Import wizard with everything you typed."), max(40, min(90, m.width-2)))...)
}

// conflictView shows, field by field, how the version someone else saved
// differs from the form.
func (m *Model) conflictView() []string {
	s := m.c.Styles
	theirs := *m.conflict
	mine := m.result.Customer
	mine.ID, mine.Origin, mine.Status, mine.StatusMessage = theirs.ID, theirs.Origin, theirs.Status, theirs.StatusMessage
	mine.CloudIdentityID, mine.GoogleName, mine.ConfirmedAt = theirs.CloudIdentityID, theirs.GoogleName, theirs.ConfirmedAt
	if mine.TransferTokenDate.IsZero() {
		mine.TransferTokenDate = theirs.TransferTokenDate
	}
	lines := []string{
		s.Warning.Render(m.c.T("%s saved this customer after you opened it. Nothing was overwritten.", common.Clean(m.conflictBy))),
		"",
		"  " + s.Header.Render(common.Fit(m.c.T("Field"), 22)+" "+common.Fit(m.c.T("Theirs (saved)"), 34)+" "+common.Fit(m.c.T("Yours (this form)"), 34)),
	}
	diff := model.Diff(theirs, mine)
	for _, d := range diff {
		lines = append(lines, "  "+common.Fit(common.FieldName(m.c.L, model.Field(d.Field)), 22)+" "+common.Fit(d.Old, 34)+" "+s.Value.Render(common.Fit(d.New, 34)))
	}
	if len(diff) == 0 {
		lines = append(lines, "  "+s.Subtle.Render(m.c.T("Your form and their version are the same.")))
	}
	return append(lines, "", m.c.T("Press t to keep their version, m to save yours over it, esc to go back to your form."))
}

func (m *Model) doneView() []string {
	s := m.c.Styles
	c := m.created.Customer
	if m.original != nil {
		return []string{s.Success.Render("✓ " + m.c.T("Saved %s.", common.Clean(c.OrgName))), "", m.c.T("Press enter to open the customer's details.")}
	}
	done := m.c.T("Customer created: %s (%s)", common.Clean(c.OrgName), rules.DisplayDomain(c.Domain))
	if m.mode == model.ModeImport {
		done = m.c.T("Customer imported: %s (%s)", common.Clean(c.OrgName), rules.DisplayDomain(c.Domain))
	}
	lines := []string{
		s.Success.Render("✓ " + done),
		"",
		m.c.T("Status: %s. It is stored in onboard as customer %s.", common.StatusName(m.c.L, c.Status), i18n.ID(c.ID)),
	}
	if m.created.Replayed {
		lines = append(lines, s.Subtle.Render(m.c.T("(It had already been stored; nothing was added twice.)")))
	}
	return append(lines, "", m.c.T("Press b to buy: place an order for this customer."),
		m.c.T("Press enter to open the customer's details."))
}
