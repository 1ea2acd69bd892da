package wizard

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

const labelWidth = 30

// View draws the current step.
func (m *Model) View() string {
	s := m.c.Styles
	step, i := m.current()
	title := m.c.T("Create customer")
	switch {
	case m.original != nil:
		title = m.c.T("Edit %s", common.Clean(m.original.OrgName))
	case m.mode == model.ModeImport:
		title = m.c.T("Import customer")
	}
	var b strings.Builder
	b.WriteString(s.Title.Render(title) + s.Subtle.Render(" · ") +
		s.Step.Render(m.c.T("Step %d of %d · %s", i+1, len(m.steps), m.c.L.S(step.Title))) + "\n")
	b.WriteString(m.trail(i) + "\n\n")
	var body []string
	focusLine := 0
	switch {
	case m.conflict != nil:
		body = m.conflictView()
	case m.exists != nil:
		body = m.existsView()
	case m.phase == done:
		body = m.doneView()
	case step.ID == rules.StepReview:
		body = m.reviewView()
	default:
		body, focusLine = m.fieldsView(step)
	}
	avail := max(1, m.height-5)
	body = window(body, focusLine, avail)
	b.WriteString(strings.Join(body, "\n"))
	for n := len(body); n < avail; n++ {
		b.WriteString("\n")
	}
	b.WriteString("\n" + m.footer(step))
	return b.String()
}

// trail is the step indicator: passed steps ticked, the current one named.
func (m *Model) trail(cur int) string {
	s := m.c.Styles
	var parts []string
	for j, st := range m.steps {
		switch {
		case j < cur:
			parts = append(parts, s.StepDone.Render(fmt.Sprintf("✓%d", j+1)))
		case j == cur:
			parts = append(parts, s.Step.Render(fmt.Sprintf("●%d %s", j+1, m.c.L.S(st.Title))))
		default:
			parts = append(parts, s.Subtle.Render(fmt.Sprintf("○%d", j+1)))
		}
	}
	return strings.Join(parts, " ")
}

// window keeps the focused line visible when the body is taller than the
// area.
func window(lines []string, focus, h int) []string {
	if len(lines) <= h {
		return lines
	}
	top := max(0, min(focus-h/3, len(lines)-h))
	return lines[top : top+h]
}

func (m *Model) fieldsView(step rules.Step) ([]string, int) {
	s := m.c.Styles
	var lines []string
	if step.Intro != "" {
		lines = append(lines, s.Subtle.Render(m.c.L.S(step.Intro)), "")
	}
	focusLine := 0
	for j, f := range step.Fields {
		focused := j == m.focus
		if focused {
			focusLine = len(lines)
		}
		label := m.c.L.S(f.Label)
		if f.Required {
			label += " *"
		}
		mark := "  "
		ls := s.Label
		if focused {
			mark, ls = "› ", s.Focused
		}
		labelCell := ls.Render(common.Fit(label, labelWidth))
		if lipgloss.Width(label) > labelWidth && f.Input == rules.InputYesNo {
			// Long questions get their own line.
			lines = append(lines, mark+ls.Render(common.Clean(label)))
			mark, labelCell = "  ", strings.Repeat(" ", labelWidth)
		}
		lines = append(lines, mark+labelCell+" "+m.input(f, focused))
		if f.Input == rules.InputChoice && focused {
			if o := option(f.Options, m.fields[f.Field]); o != nil && m.c.L.S(o.Label) != shortLabel(m.c.L.S(o.Label)) {
				lines = append(lines, m.note(s.Subtle, m.c.L.S(o.Label))...)
			}
		}
		if m.touched[f.Field] || (focused && m.fields[f.Field] != "") {
			for _, p := range m.result.Problems.For(f.Field) {
				st, sign := s.Error, "✗ "
				if p.Severity == rules.Warning {
					st, sign = s.Warning, "! "
				}
				lines = append(lines, m.note(st, sign+common.Clean(p.In(m.c.L.Tag())))...)
			}
		}
		if focused && f.Help != "" {
			lines = append(lines, m.note(s.Subtle, m.c.L.S(f.Help))...)
		}
	}
	if len(step.Fields) == 0 {
		lines = append(lines, m.c.T("Nothing to fill in here. Press enter to go on."))
	}
	return lines, focusLine
}

// note wraps a line of text under the field's value, indented to it.
func (m *Model) note(st lipgloss.Style, text string) []string {
	indent := strings.Repeat(" ", labelWidth+3)
	wrapped := lipgloss.NewStyle().Width(max(20, m.width-len(indent))).Render(text)
	var out []string
	for _, l := range strings.Split(wrapped, "\n") {
		out = append(out, indent+st.Render(strings.TrimRight(l, " ")))
	}
	return out
}

func option(opts []rules.Option, v string) *rules.Option {
	for i := range opts {
		if strings.EqualFold(opts[i].Value, v) {
			return &opts[i]
		}
	}
	return nil
}

// input renders one field's value.
func (m *Model) input(f rules.FieldSpec, focused bool) string {
	s := m.c.Styles
	v := m.fields[f.Field]
	switch f.Input {
	case rules.InputYesNo:
		yes, no := "( ) "+m.c.T("yes"), "( ) "+m.c.T("no")
		switch v {
		case model.Yes:
			yes = s.Choice.Render("(•) " + m.c.T("yes"))
		case model.No:
			no = s.Choice.Render("(•) " + m.c.T("no"))
		}
		return yes + "  " + no
	case rules.InputChoice:
		var parts []string
		for _, o := range f.Options {
			name := shortLabel(m.c.L.S(o.Label))
			if strings.EqualFold(o.Value, v) {
				parts = append(parts, s.Choice.Render("(•) "+name))
			} else {
				parts = append(parts, "( ) "+name)
			}
		}
		line := strings.Join(parts, "  ")
		if lipgloss.Width(line) > m.width-labelWidth-4 {
			// Too many options for one line: show the chosen one.
			if o := option(f.Options, v); o != nil {
				return s.Choice.Render("‹ "+shortLabel(m.c.L.S(o.Label))+" ›") + s.Subtle.Render("  "+m.c.T("(%d options, ←/→)", len(f.Options)))
			}
			return s.Subtle.Render(m.c.T("‹ choose › (%d options, ←/→)", len(f.Options)))
		}
		return line
	}
	in := m.inputs[f.Field]
	if in == nil {
		return common.Clean(v)
	}
	return common.InputView(*in)
}

// shortLabel is an option's label up to its colon.
func shortLabel(l string) string {
	if i := strings.Index(l, ":"); i > 0 {
		return l[:i]
	}
	return l
}

// footer says why Next is not possible yet, or what enter does now.
func (m *Model) footer(step rules.Step) string {
	s := m.c.Styles
	switch {
	case m.phase == done:
		if m.mode == model.ModeCreate {
			return s.Key.Render("b") + " " + m.c.T("buy (place an order)") + "  " + s.Key.Render("enter") + " " + m.c.T("open the customer")
		}
		return s.Key.Render("enter") + " " + m.c.T("open the customer")
	case m.phase == submitting:
		return s.Subtle.Render(m.c.T("Saving…"))
	}
	if ps := m.stepProblems(step); len(ps) > 0 {
		return s.Warning.Render(m.c.T("Next is not possible yet: %s", common.Clean(common.ProblemText(m.c.L, ps[0]))))
	}
	keys := func(kv ...string) string {
		var parts []string
		for i := 0; i+1 < len(kv); i += 2 {
			parts = append(parts, s.Key.Render(kv[i])+" "+kv[i+1])
		}
		return strings.Join(parts, "  ")
	}
	switch {
	case m.conflict != nil:
		return keys("t", m.c.T("keep theirs"), "m", m.c.T("save mine over theirs"), "esc", m.c.T("back to my form"))
	case m.exists != nil && m.exists.Owned():
		return keys("o", m.c.T("open it"), "esc", m.c.T("back to the form"))
	case m.exists != nil:
		return keys("i", m.c.T("switch to Import with what you typed"), "esc", m.c.T("back to the form"))
	case step.ID == rules.StepReview && m.original != nil:
		return keys("enter", m.c.T("save the changes"), "esc", m.c.T("back"))
	case step.ID == rules.StepReview && m.mode == model.ModeCreate:
		return keys("enter", m.c.T("create the customer"), "esc", m.c.T("back"))
	case step.ID == rules.StepReview:
		return keys("enter", m.c.T("import the customer"), "esc", m.c.T("back"))
	}
	return ""
}

// reviewView shows the customer as it will be stored.
func (m *Model) reviewView() []string {
	s := m.c.Styles
	c := m.result.Customer
	row := func(k, v string) string {
		return "  " + s.Label.Render(common.Fit(m.c.L.S(k), 24)) + " " + s.Value.Render(common.Clean(v))
	}
	intro := m.c.T("Check the details, then press enter to create the customer.")
	switch {
	case m.original != nil:
		intro = m.c.T("Check the details, then press enter to save the changes.")
	case m.mode == model.ModeImport:
		intro = m.c.T("Check the details, then press enter to import the customer.")
	}
	lines := []string{intro, ""}
	kind := m.c.T("Domain customer")
	if c.Kind == model.KindTeam {
		kind = m.c.T("Team customer (email-verified)")
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
	addr := strings.Join(append(append([]string{}, c.Address.AddressLines...), c.Address.PostalCode, c.Address.Locality, c.Address.AdministrativeArea, c.Address.RegionCode), ", ")
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
	if m.mode == model.ModeCreate {
		lines = append(lines, "", m.c.T("Press b to buy: place an order for this customer."),
			m.c.T("Press enter to open the customer's details."))
	} else {
		lines = append(lines, "", m.c.T("Press enter to open the customer's details."))
	}
	return lines
}
