package customers

import "charm.land/bubbles/v2/key"

// KeyMap is the list's keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End             key.Binding
	Open, Filter, ClearFilter, New, Import, ImportCSV key.Binding
	Sort, Reverse, Stale                              key.Binding
	Help, Quit                                        key.Binding
}

// DefaultKeyMap returns the list's keys, following terminal conventions.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
		Home:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first")),
		End:         key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last")),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		New:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new customer")),
		Import:      key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import")),
		ImportCSV:   key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "import a CSV file")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by")),
		Reverse:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reverse")),
		Stale:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "not confirmed lately")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
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
