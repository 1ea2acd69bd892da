package customers

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/tui/common"
)

// KeyMap is the list's keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End             common.Gate
	Open, Filter, ClearFilter, New, Import, ImportCSV common.Gate
	Sort, Reverse, Stale                              common.Gate
	// While the filter field has the keyboard: done keeps the filter and
	// goes back to the rows, cancel empties it.
	FilterDone, FilterCancel common.Gate
}

// DefaultKeyMap returns the list's keys, following terminal conventions.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		Up:           common.NewGate(key.WithKeys("up", "k"), key.WithHelp("↑/k", l.T("up"))),
		Down:         common.NewGate(key.WithKeys("down", "j"), key.WithHelp("↓/j", l.T("down"))),
		PageUp:       common.NewGate(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", l.T("page up"))),
		PageDown:     common.NewGate(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", l.T("page down"))),
		Home:         common.NewGate(key.WithKeys("home", "g"), key.WithHelp("home/g", l.T("first"))),
		End:          common.NewGate(key.WithKeys("end", "G"), key.WithHelp("end/G", l.T("last"))),
		Open:         common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("open"))),
		Filter:       common.NewGate(key.WithKeys("/"), key.WithHelp("/", l.T("filter"))),
		ClearFilter:  common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("clear filter"))),
		New:          common.NewGate(key.WithKeys("n"), key.WithHelp("n", l.T("new customer"))),
		Import:       common.NewGate(key.WithKeys("i"), key.WithHelp("i", l.T("import"))),
		ImportCSV:    common.NewGate(key.WithKeys("I"), key.WithHelp("I", l.T("import a CSV file"))),
		Sort:         common.NewGate(key.WithKeys("s"), key.WithHelp("s", l.T("sort by"))),
		Reverse:      common.NewGate(key.WithKeys("r"), key.WithHelp("r", l.T("reverse"))),
		Stale:        common.NewGate(key.WithKeys("S"), key.WithHelp("S", l.T("not confirmed lately"))),
		FilterDone:   common.NewGate(key.WithKeys("enter", "down", "up", "tab"), key.WithHelp("enter", l.T("done filtering"))),
		FilterCancel: common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("clear filter"))),
	}
}

// sync enables the keys that act in the list's state now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	empty := len(m.rows) == 0
	for _, g := range []*common.Gate{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Home, &k.End} {
		g.Allow(!m.filtering && !empty, l.T("The list is empty."))
	}
	k.Open.Allow(!m.filtering && !empty, l.T("No customer to open: the list is empty."))
	k.ClearFilter.Allow(!m.filtering && m.query != "", l.T("No filter to clear."))
	for _, g := range []*common.Gate{&k.Filter, &k.New, &k.Import, &k.ImportCSV, &k.Sort, &k.Reverse, &k.Stale} {
		g.Allow(!m.filtering, "")
	}
	k.FilterDone.Allow(m.filtering, "")
	k.FilterCancel.Allow(m.filtering, "")
}

// gates are the keys that can be refused with a reason.
func (k *KeyMap) gates() []*common.Gate {
	return []*common.Gate{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Home, &k.End, &k.Open, &k.ClearFilter}
}

// ShortHelp is the footer's keys.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	if m.filtering {
		return common.Bindings(k.FilterDone, k.FilterCancel)
	}
	return common.Bindings(k.Open, k.Filter, k.New, k.Import, k.Sort)
}

// FullHelp is every key, for the help overlay.
func (m *Model) FullHelp() [][]key.Binding {
	m.sync()
	k := m.keys
	if m.filtering {
		return [][]key.Binding{common.Bindings(k.FilterDone, k.FilterCancel)}
	}
	return [][]key.Binding{
		common.Bindings(k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End),
		common.Bindings(k.Open, k.Filter, k.ClearFilter, k.Sort, k.Reverse, k.Stale),
		common.Bindings(k.New, k.Import, k.ImportCSV),
	}
}
