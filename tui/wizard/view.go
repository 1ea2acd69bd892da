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
		if f.Input == rules.InputSearch && focused {
			lines = append(lines, m.matchesView()...)
		}
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
	case rules.InputSearch:
		name := m.regionName(v)
		if !focused {
			return name
		}
		if m.search.input.Value() == "" && name != "" {
			return m.search.input.View() + s.Choice.Render(name) + s.Subtle.Render("  "+m.c.T("(type to search)"))
		}
		return m.search.input.View()
	case rules.InputChoice:
		var parts []string
		for i, o := range f.Options {
			name := shortLabel(m.c.L.S(o.Label))
			if focused && len(f.Options) < 10 {
				name = fmt.Sprintf("%d %s", i+1, name)
			}
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
	case m.phase == done && m.original != nil:
		return s.Key.Render("enter") + " " + m.c.T("open the details")
	case m.phase == done:
		return s.Key.Render("b") + " " + m.c.T("buy (place an order)") + "  " + s.Key.Render("enter") + " " + m.c.T("open the details")
	case m.phase == submitting:
		return s.Subtle.Render(m.c.T("Saving…"))
	}
	if ps := m.stepProblems(step); len(ps) > 0 {
		// One line: the status line below says it in full after enter.
		return s.Warning.Render(common.Fit(m.c.T("Next is not possible yet: %s", common.Clean(common.ProblemText(m.c.L, ps[0]))), max(20, m.width)))
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
	}
	return ""
}

// restOptional reports whether the focused field and every one after it
// can stay as they are, so that the finish key ends the step (on the last
// field enter does the same, and is named instead).
func (m *Model) restOptional(step rules.Step) bool {
	if len(step.Fields) == 0 || m.focus >= len(step.Fields)-1 {
		return false
	}
	for _, f := range step.Fields[m.focus:] {
		if !f.Optional() && m.fields[f.Field] == "" {
			return false
		}
	}
	return true
}

// matchesView lists the countries the search matches, the marked one
// first in view.
func (m *Model) matchesView() []string {
	s, p := m.c.Styles, &m.search
	if p.input.Value() == "" {
		return nil
	}
	indent := strings.Repeat(" ", labelWidth+3)
	if len(p.matches) == 0 {
		return []string{indent + s.Warning.Render(m.c.T("no match"))}
	}
	show := min(len(p.matches), 5)
	start := max(0, min(p.sel-show/2, len(p.matches)-show))
	var lines []string
	for j := start; j < start+show; j++ {
		o := p.matches[j]
		text := common.Clean(o.Label) + " (" + o.Value + ")"
		if j == p.sel {
			lines = append(lines, indent+s.Focused.Render("› "+text))
		} else {
			lines = append(lines, indent+"  "+text)
		}
	}
	if len(p.matches) > show {
		lines = append(lines, indent+s.Subtle.Render(m.c.T("%d matches, ↑/↓ to choose, enter takes it", len(p.matches))))
	}
	return lines
}
