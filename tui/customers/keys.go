package customers

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
)

// KeyMap is the list's keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End             key.Binding
	Open, Filter, ClearFilter, New, Import, ImportCSV key.Binding
	Sort, Reverse, Stale                              key.Binding
	Help, Quit                                        key.Binding
}

// DefaultKeyMap returns the list's keys, following terminal conventions.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", l.T("up"))),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", l.T("down"))),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", l.T("page up"))),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", l.T("page down"))),
		Home:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", l.T("first"))),
		End:         key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", l.T("last"))),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("open"))),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", l.T("filter"))),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("clear filter"))),
		New:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", l.T("new customer"))),
		Import:      key.NewBinding(key.WithKeys("i"), key.WithHelp("i", l.T("import"))),
		ImportCSV:   key.NewBinding(key.WithKeys("I"), key.WithHelp("I", l.T("import a CSV file"))),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", l.T("sort by"))),
		Reverse:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", l.T("reverse"))),
		Stale:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", l.T("not confirmed lately"))),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", l.T("help"))),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", l.T("quit"))),
	}
}

// ShortHelp is the footer's keys.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Filter, k.New, k.Import, k.Sort, k.Help, k.Quit}
}

// FullHelp is every key, for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Open, k.Filter, k.ClearFilter, k.Sort, k.Reverse, k.Stale},
		{k.New, k.Import, k.ImportCSV, k.Help, k.Quit},
	}
}
