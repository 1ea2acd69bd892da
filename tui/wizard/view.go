package wizard

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

const labelWidth = 30

// View draws the current step.
func (m *Model) View() string {
	s := m.c.Styles
	step, i := m.current()
	title := "Create customer"
	switch {
	case m.original != nil:
		title = "Edit " + common.Clean(m.original.OrgName)
	case m.mode == model.ModeImport:
		title = "Import customer"
	}
	var b strings.Builder
	b.WriteString(s.Title.Render(title) + s.Subtle.Render(" · ") +
		s.Step.Render(fmt.Sprintf("Step %d of %d · %s", i+1, len(m.steps), step.Title)) + "\n")
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
			parts = append(parts, s.Step.Render(fmt.Sprintf("●%d %s", j+1, st.Title)))
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
		lines = append(lines, s.Subtle.Render(step.Intro), "")
	}
	focusLine := 0
	for j, f := range step.Fields {
		focused := j == m.focus
		if focused {
			focusLine = len(lines)
		}
		label := f.Label
		if f.Required {
			label += " *"
		}
		mark := "  "
		ls := s.Label
		if focused {
			mark, ls = "› ", s.Focused
		}
		labelCell := ls.Render(common.Fit(label, labelWidth))
		if lipgloss.Width(f.Label) > labelWidth && f.Input == rules.InputYesNo {
			// Long questions get their own line.
			lines = append(lines, mark+ls.Render(common.Clean(label)))
			mark, labelCell = "  ", strings.Repeat(" ", labelWidth)
		}
		lines = append(lines, mark+labelCell+" "+m.input(f, focused))
		if f.Input == rules.InputChoice && focused {
			if o := option(f.Options, m.fields[f.Field]); o != nil && o.Label != shortLabel(o.Label) {
				lines = append(lines, m.note(s.Subtle, o.Label)...)
			}
		}
		if m.touched[f.Field] || (focused && m.fields[f.Field] != "") {
			for _, p := range m.result.Problems.For(f.Field) {
				st, sign := s.Error, "✗ "
				if p.Severity == rules.Warning {
					st, sign = s.Warning, "! "
				}
				lines = append(lines, m.note(st, sign+common.Clean(p.Message()))...)
			}
		}
		if focused && f.Help != "" {
			lines = append(lines, m.note(s.Subtle, f.Help)...)
		}
	}
	if len(step.Fields) == 0 {
		lines = append(lines, "Nothing to fill in here. Press enter to go on.")
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
		yes, no := "( ) yes", "( ) no"
		switch v {
		case model.Yes:
			yes = s.Choice.Render("(•) yes")
		case model.No:
			no = s.Choice.Render("(•) no")
		}
		return yes + "  " + no
	case rules.InputChoice:
		var parts []string
		for _, o := range f.Options {
			name := shortLabel(o.Label)
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
				return s.Choice.Render("‹ "+shortLabel(o.Label)+" ›") + s.Subtle.Render(fmt.Sprintf("  (%d options, ←/→)", len(f.Options)))
			}
			return s.Subtle.Render(fmt.Sprintf("‹ choose › (%d options, ←/→)", len(f.Options)))
		}
		return line
	}
	in := m.inputs[f.Field]
	if in == nil {
		return common.Clean(v)
	}
	return in.View()
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
			return s.Key.Render("b") + " buy (place an order)  " + s.Key.Render("enter") + " close"
		}
		return s.Key.Render("enter") + " close"
	case m.phase == submitting:
		return s.Subtle.Render("Saving…")
	}
	if ps := m.stepProblems(step); len(ps) > 0 {
		return s.Warning.Render("Next is not possible yet: " + common.Clean(ps[0].Error()))
	}
	switch {
	case m.conflict != nil:
		return s.Key.Render("t") + " keep theirs  " + s.Key.Render("m") + " save mine over theirs  " + s.Key.Render("esc") + " back to my form"
	case m.exists != nil && m.exists.Owned():
		return s.Key.Render("o") + " open it  " + s.Key.Render("esc") + " back to the form"
	case m.exists != nil:
		return s.Key.Render("i") + " switch to Import with what you typed  " + s.Key.Render("esc") + " back to the form"
	case step.ID == rules.StepReview && m.original != nil:
		return s.Key.Render("enter") + " save the changes  " + s.Key.Render("esc") + " back"
	case step.ID == rules.StepReview && m.mode == model.ModeCreate:
		return s.Key.Render("enter") + " create the customer  " + s.Key.Render("esc") + " back"
	case step.ID == rules.StepReview:
		return s.Key.Render("enter") + " import the customer  " + s.Key.Render("esc") + " back"
	}
	return ""
}

// reviewView shows the customer as it will be stored.
func (m *Model) reviewView() []string {
	s := m.c.Styles
	c := m.result.Customer
	row := func(k, v string) string {
		return "  " + s.Label.Render(common.Fit(k, 24)) + " " + s.Value.Render(common.Clean(v))
	}
	lines := []string{"Check the details, then press enter to " + map[model.Mode]string{model.ModeCreate: "create", model.ModeImport: "import"}[m.mode] + " the customer.", ""}
	kind := "Domain customer"
	if c.Kind == model.KindTeam {
		kind = "Team customer (email-verified)"
	}
	lines = append(lines, row("Customer type", kind))
	if c.Education != nil {
		lines = append(lines, row("Educational institution", c.Education.InstituteType+", "+c.Education.InstituteSize+" "+c.Education.Website))
	}
	lines = append(lines, row("Reseller ID", c.ResellerID), row("Organisation", c.OrgName), row("Domain", rules.DisplayDomain(c.Domain)))
	opt := func(k, v string) {
		if v != "" {
			lines = append(lines, row(k, v))
		}
	}
	opt("Primary email", c.PrimaryEmail)
	opt("Cloud Identity ID", c.CloudIdentityID)
	if c.TransferToken != "" {
		lines = append(lines, row("Transfer token", "generated "+c.TransferTokenDate.Format("2006-01-02")))
	}
	opt("CRM ID", c.CRMID)
	opt("Admin", strings.TrimSpace(c.AdminFirstName+" "+c.AdminLastName))
	opt("Alternate email", c.AlternateEmail)
	opt("Phone", c.Phone)
	addr := strings.Join(append(append([]string{}, c.Address.AddressLines...), c.Address.PostalCode, c.Address.Locality, c.Address.AdministrativeArea, c.Address.RegionCode), ", ")
	opt("Address", strings.Trim(strings.ReplaceAll(addr, ", , ", ", "), ", "))
	if ps := m.result.Problems.Errors(); len(ps) > 0 {
		lines = append(lines, "")
		for _, p := range ps {
			lines = append(lines, s.Error.Render("✗ "+common.Clean(p.Error())))
		}
	}
	for _, p := range m.result.Problems.Warnings() {
		lines = append(lines, "", s.Warning.Render("! "+common.Clean(p.Error())))
	}
	if m.mode == model.ModeCreate {
		if ps := rules.ReadyToPush(c); len(ps) > 0 {
			var names []string
			for _, p := range ps {
				names = append(names, string(p.Field))
			}
			lines = append(lines, "", s.Subtle.Render("Stored locally. To push it to Google later, add: "+strings.Join(names, ", ")+"."))
		}
	}
	return lines
}

// existsView explains that Google already has the account.
func (m *Model) existsView() []string {
	s := m.c.Styles
	lines := []string{s.Warning.Render(common.Clean(m.exists.Error())), ""}
	if m.exists.Owned() {
		return append(lines, "It is one of your customers at Google already; nothing was stored here. o opens it.")
	}
	return append(lines,
		"A customer with its own Cloud Identity account is imported, with a transfer token that",
		"its super admin generates. Nothing was stored; press i to go on in the Import wizard with",
		"everything you typed.")
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
		s.Warning.Render(common.Clean(m.conflictBy) + " saved this customer after you opened it. Nothing was overwritten."),
		"",
		"  " + s.Header.Render(common.Fit("Field", 22)+" "+common.Fit("Theirs (saved)", 34)+" "+common.Fit("Yours (this form)", 34)),
	}
	diff := model.Diff(theirs, mine)
	for _, d := range diff {
		lines = append(lines, "  "+common.Fit(d.Field, 22)+" "+common.Fit(d.Old, 34)+" "+s.Value.Render(common.Fit(d.New, 34)))
	}
	if len(diff) == 0 {
		lines = append(lines, "  "+s.Subtle.Render("Your form and their version are the same."))
	}
	return append(lines, "", "Press t to keep their version, m to save yours over it, esc to go back to your form.")
}

func (m *Model) doneView() []string {
	s := m.c.Styles
	c := m.created.Customer
	if m.original != nil {
		return []string{s.Success.Render("✓ Saved " + common.Clean(c.OrgName) + "."), "", "Press enter to go back to the customer list."}
	}
	verb := "created"
	if m.mode == model.ModeImport {
		verb = "imported"
	}
	lines := []string{
		s.Success.Render(fmt.Sprintf("✓ Customer %s: %s (%s)", verb, common.Clean(c.OrgName), rules.DisplayDomain(c.Domain))),
		"",
		fmt.Sprintf("Status: %s. It is stored in onboard as customer %d.", c.Status, c.ID),
	}
	if m.created.Replayed {
		lines = append(lines, s.Subtle.Render("(It had already been stored; nothing was added twice.)"))
	}
	if m.mode == model.ModeCreate {
		lines = append(lines, "", "Press b to buy: place an order for this customer.",
			"Press enter to close and go back to the customer list.")
	} else {
		lines = append(lines, "", "Press enter to close and go back to the customer list.")
	}
	return lines
}
