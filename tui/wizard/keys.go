package wizard

import "charm.land/bubbles/v2/key"

// KeyMap is the wizard's keys.
type KeyMap struct {
	NextField, PrevField key.Binding
	Next, Back           key.Binding
	Choose, Yes, No      key.Binding
	Buy, Close           key.Binding
	Help, Quit           key.Binding
}

// DefaultKeyMap returns the wizard's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NextField: key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		PrevField: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Next:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Choose:    key.NewBinding(key.WithKeys("left", "right", "space"), key.WithHelp("←/→/space", "choose")),
		Yes:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y/n", "yes/no")),
		No:        key.NewBinding(key.WithKeys("n")),
		Buy:       key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "buy")),
		Close:     key.NewBinding(key.WithKeys("enter", "c"), key.WithHelp("enter", "close")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit (the draft is kept)")),
	}
}

// ShortHelp is the footer's keys.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Back, k.NextField, k.Choose, k.Help}
}

// FullHelp is every key, for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.NextField, k.PrevField, k.Choose, k.Yes}, {k.Next, k.Back, k.Buy, k.Close}, {k.Help, k.Quit}}
}
