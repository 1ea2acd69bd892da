// Package tips is the setup tips screen after adding a customer (the
// console's "Tips voor instellen"): the customer's language and default
// time zone, each with a picker that searches as you type, and smart
// features and personalisation for Gmail, Chat and Meet, which in some
// regions stay off until the admin turns them on.
package tips

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// ClosedMsg: back to the customer, with what to say.
type ClosedMsg struct {
	Customer model.Customer
	Notice   string
}

type savedMsg struct {
	customer model.Customer
	err      error
	pushErr  error // the language's push to Google, after a save that worked
	pushed   bool
}

// pusher is a store that sends a saved change on to Google; the setup's
// language is one of the customer's fields Google keeps.
type pusher interface {
	HasGoogle() bool
	Push(ctx context.Context, actor string, id int64) (model.Customer, error)
}

// picker is a text field that filters a list of options as you type.
type picker struct {
	input   textinput.Model
	options []rules.Option
	matches []int // indexes into options
	sel     int
	chosen  string // the value taken
}

func newPicker(opts []rules.Option, value string) picker {
	p := picker{input: common.NewInput(64), options: opts, chosen: value}
	p.filter()
	return p
}

// filter keeps the options whose value or label contains the typed text
// (case and accents ignored), values that start with it first.
func (p *picker) filter() {
	q := rules.Fold(strings.TrimSpace(p.input.Value()))
	var first, rest []int
	for i, o := range p.options {
		v, l := rules.Fold(o.Value), rules.Fold(o.Label)
		switch {
		case q == "" || strings.HasPrefix(v, q) || strings.HasPrefix(l, q):
			first = append(first, i)
		case strings.Contains(v, q) || strings.Contains(l, q):
			rest = append(rest, i)
		}
	}
	p.matches, p.sel = append(first, rest...), 0
}

func (p *picker) current() (rules.Option, bool) {
	if len(p.matches) == 0 {
		return rules.Option{}, false
	}
	return p.options[p.matches[p.sel]], true
}

const (
	fieldLanguage = iota
	fieldZone
	fieldSmart
	fields
)

// Model is the setup tips screen.
type Model struct {
	common.Intents
	c        *common.Common
	svc      Store
	keys     KeyMap
	customer model.Customer
	lang     picker
	zone     picker
	smart    string // "", "on", "off"
	focus    int
	problems rules.Problems
	busy     bool
	width    int
	height   int
}

// New opens the tips for customer; svc saves the setup.
func New(c *common.Common, svc Store, customer model.Customer) *Model {
	var zones []rules.Option
	for _, z := range rules.TimeZones() {
		zones = append(zones, rules.Option{Value: z, Label: strings.ReplaceAll(z, "_", " ")})
	}
	m := &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), customer: customer,
		lang: newPicker(rules.Languages(), customer.Language), zone: newPicker(zones, customer.TimeZone), smart: customer.SmartFeatures}
	if m.smart == "" && rules.SmartFeaturesChoice(customer.Address.RegionCode) {
		m.smart = rules.SmartOff // what Google starts with there
	}
	m.focusField()
	return m
}

// SetSize gives the screen its area.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	m.lang.input.SetWidth(min(40, max(10, w-30)))
	m.zone.input.SetWidth(min(40, max(10, w-30)))
	return nil
}

// Capturing reports whether a text field has the keyboard.
func (m *Model) Capturing() bool { return m.focus != fieldSmart }

func (m *Model) focusField() tea.Cmd {
	m.lang.input.Blur()
	m.zone.input.Blur()
	switch m.focus {
	case fieldLanguage:
		return m.lang.input.Focus()
	case fieldZone:
		return m.zone.input.Focus()
	}
	return nil
}

// Update handles keys and the store's answer.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case savedMsg:
		m.busy = false
		var ps rules.Problems
		var ce *rules.ConflictError
		switch {
		case errors.As(msg.err, &ps):
			m.problems = ps
			return common.Fail(m.c.T("Save"), errors.New(common.ProblemText(m.c.L, ps[0])))
		case errors.As(msg.err, &ce):
			m.Emit(ClosedMsg{Customer: ce.Current})
			return common.Fail(m.c.T("Save"), errors.New(m.c.T("%s changed this customer meanwhile; nothing was saved, check the setup again", common.Clean(ce.By))))
		case msg.err != nil:
			return common.Fail(m.c.T("Save"), msg.err)
		}
		if msg.pushErr != nil {
			m.Emit(ClosedMsg{Customer: msg.customer})
			return common.Fail(m.c.T("send the language to Google"), msg.pushErr)
		}
		notice := m.c.T("Setup saved.")
		if msg.pushed {
			notice = m.c.T("Setup saved; the language was sent to Google.")
		}
		m.Emit(ClosedMsg{Customer: msg.customer, Notice: notice})
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.focus != fieldSmart {
			return m.typeInto(msg)
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.sync()
	k := &m.keys
	switch {
	case k.Back.Matches(msg):
		m.Emit(ClosedMsg{Customer: m.customer})
		return nil
	case k.Save.Matches(msg):
		return m.save()
	case k.Next.Matches(msg):
		m.focus = (m.focus + 1) % fields
		return m.focusField()
	case k.Prev.Matches(msg):
		m.focus = (m.focus + fields - 1) % fields
		return m.focusField()
	}
	if m.focus == fieldSmart {
		switch {
		case k.Toggle.Matches(msg):
			m.smart = map[string]string{"": rules.SmartOn, rules.SmartOn: rules.SmartOff, rules.SmartOff: rules.SmartOn}[m.smart]
		case k.Pick.Matches(msg):
			return m.save()
		default:
			return common.Refuse(msg, &k.Save, &k.Pick)
		}
		return nil
	}
	p := m.picker()
	switch {
	case k.Choose.Matches(msg):
		p.sel = max(0, p.sel-1)
		return nil
	case k.ChooseDown.Matches(msg):
		p.sel = min(len(p.matches)-1, p.sel+1)
		return nil
	case k.Pick.Matches(msg):
		if o, ok := p.current(); ok && strings.TrimSpace(p.input.Value()) != "" {
			p.chosen = o.Value
		}
		p.input.SetValue("")
		p.filter()
		m.focus++
		return m.focusField()
	case k.Clear.Matches(msg):
		p.chosen = "" // clear the setting
		return nil
	}
	if cmd := common.Refuse(msg, &k.Save, &k.Choose, &k.ChooseDown); cmd != nil {
		return cmd
	}
	return m.typeInto(msg)
}

// picker is the focused picker: language or time zone.
func (m *Model) picker() *picker {
	if m.focus == fieldZone {
		return &m.zone
	}
	return &m.lang
}

// typeInto passes a key or a paste to the focused picker's search.
func (m *Model) typeInto(msg tea.Msg) tea.Cmd {
	p := m.picker()
	before := p.input.Value()
	name := m.c.T("Language")
	if m.focus == fieldZone {
		name = m.c.T("Time zone")
	}
	cmd := common.TypeInto(m.c, &p.input, name, msg)
	if p.input.Value() != before {
		p.filter()
	}
	return cmd
}

func (m *Model) save() tea.Cmd {
	m.busy = true
	svc, ctx, actor, c := m.svc, m.c.Ctx, m.c.Actor, m.customer
	lang, zone, smart := m.lang.chosen, m.zone.chosen, m.smart
	return func() tea.Msg {
		out, err := svc.SetupTips(ctx, actor, c.ID, c.Version, lang, zone, smart)
		p, ok := svc.(pusher)
		if err != nil || !ok || !p.HasGoogle() || out.GoogleName == "" || out.Language == c.Language {
			return savedMsg{customer: out, err: err}
		}
		pushed, perr := p.Push(ctx, actor, out.ID)
		if perr != nil {
			return savedMsg{customer: out, pushErr: perr}
		}
		return savedMsg{customer: pushed, pushed: true}
	}
}

// View draws the three settings and the matches of the focused picker.
func (m *Model) View() string {
	s := m.c.Styles
	c := m.customer
	var b strings.Builder
	b.WriteString(s.Title.Render(m.c.T("Setup tips")) + s.Subtle.Render(" · ") + s.Value.Render(common.Clean(c.OrgName)) + "\n")
	b.WriteString(s.Subtle.Render(m.c.T("You can sign in to the new customer's Admin console. Set what the customer uses there:")) + "\n\n")
	label := func(i int, text string) string {
		if m.focus == i {
			return s.Focused.Render("› " + common.Fit(text, 16))
		}
		return s.Label.Render("  " + common.Fit(text, 16))
	}
	pick := func(i int, name string, p *picker) {
		val := p.chosen
		if val == "" {
			val = m.c.T("not set")
		}
		b.WriteString(label(i, name) + " " + s.Value.Render(common.Clean(val)))
		if m.focus == i {
			b.WriteString("   " + m.c.T("search") + " " + p.input.View())
		}
		b.WriteString("\n")
		if m.focus != i {
			return
		}
		show := min(len(p.matches), max(3, (m.height-14)/2))
		start := max(0, min(p.sel-show/2, len(p.matches)-show))
		for j := start; j < start+show; j++ {
			o := p.options[p.matches[j]]
			text := o.Value
			if o.Label != o.Value && o.Label != strings.ReplaceAll(o.Value, "_", " ") {
				text += "  " + o.Label
			}
			line := common.Fit(text, max(20, m.width-24))
			if j == p.sel {
				b.WriteString("      " + s.Selected.Render("▸ "+line) + "\n")
			} else {
				b.WriteString("        " + line + "\n")
			}
		}
		if len(p.matches) == 0 {
			b.WriteString("        " + s.Subtle.Render(m.c.T("no match")) + "\n")
		}
	}
	pick(fieldLanguage, m.c.T("Language"), &m.lang)
	pick(fieldZone, m.c.T("Time zone"), &m.zone)
	smart := common.SmartName(m.c.L, m.smart)
	if smart == "" {
		smart = m.c.T("not set")
	}
	b.WriteString(label(fieldSmart, m.c.T("Smart features")) + " " + s.Choice.Render("‹ "+common.Clean(smart)+" ›") + "\n")
	region := common.Clean(c.Address.RegionCode)
	note := m.c.T("Whether they start on or off depends on the customer's region (add the country with e).")
	switch {
	case rules.SmartFeaturesChoice(region):
		note = m.c.T("In %s, smart features and personalisation for Gmail, Chat and Meet stay off until the admin turns them on.", region)
	case region != "":
		note = m.c.T("In %s they are on by default; the admin can turn them off.", region)
	}
	for _, l := range common.Wrap(note, max(20, m.width-6)) {
		b.WriteString("    " + s.Subtle.Render(l) + "\n")
	}
	// Google's API keeps the language; it has no field for the other two.
	for _, l := range common.Wrap(m.c.T("The language is sent to Google. Time zone and smart features are set in the customer's Admin console: Google's API has no field for them, so onboard only keeps them here."), max(20, m.width-2)) {
		b.WriteString(s.Subtle.Render(l) + "\n")
	}
	for _, p := range m.problems {
		b.WriteString(s.Error.Render(common.Clean(common.ProblemText(m.c.L, p))) + "\n")
	}
	b.WriteString("\n" + s.Subtle.Render(m.c.T("enter takes the match and goes on · delete clears · ctrl+s saves · esc back")))
	return b.String()
}
