package wizard

// The country picker: the field's text is a search over the countries'
// names in the session's language (and English, and the ISO code); enter
// takes the match marked and goes on, ↑/↓ mark another. The form keeps
// the code.

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// picker is the search field of the country and what it matches now.
type picker struct {
	input     textinput.Model
	countries *rules.Countries
	matches   []rules.Option
	sel       int
}

func newPicker(l i18n.Lang) picker {
	p := picker{input: common.NewInput(64), countries: rules.NewCountries(l.Tag())}
	p.reset()
	return p
}

// reset empties the search: a field newly focused shows its country.
func (p *picker) reset() {
	p.input.SetValue("")
	p.matches, p.sel = nil, 0
}

// filter finds the countries the search matches.
func (p *picker) filter() {
	p.matches, p.sel = nil, 0
	if q := p.input.Value(); q != "" {
		p.matches = p.countries.Search(q)
	}
}

// searchKey handles the keys that act on the matches; ok is false for the
// keys the rest of the step takes.
func (m *Model) searchKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, p := &m.keys, &m.search
	switch {
	case k.Match.Matches(msg):
		p.sel = max(0, p.sel-1)
		return nil, true
	case k.MatchDown.Matches(msg):
		p.sel = min(len(p.matches)-1, p.sel+1)
		return nil, true
	case k.Next.Matches(msg):
		if p.input.Value() != "" && len(p.matches) == 0 {
			return common.Notice(m.c.T("No country matches %q: change the search, or empty it to keep the country.", common.Clean(p.input.Value()))), true
		}
	}
	return nil, false
}

// takeMatch puts the marked match, if a search was typed, in field f.
func (m *Model) takeMatch(f model.Field) tea.Cmd {
	p := &m.search
	if p.input.Value() == "" || len(p.matches) == 0 {
		return nil
	}
	v := p.matches[p.sel].Value
	p.reset()
	delete(m.autofilled, f)
	return m.change(f, v)
}

// searchInto types a key or a paste into the search.
func (m *Model) searchInto(msg tea.Msg) tea.Cmd {
	p := &m.search
	before := p.input.Value()
	cmd := common.TypeInto(m.c, &p.input, common.FieldName(m.c.L, model.FieldRegionCode), msg)
	if p.input.Value() != before {
		p.filter()
	}
	return cmd
}

// regionName is the country of code as the session names it.
func (m *Model) regionName(code string) string {
	if code == "" {
		return ""
	}
	return rules.RegionName(code, m.c.L.Tag()) + " (" + code + ")"
}
