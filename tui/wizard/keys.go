package wizard

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
)

// KeyMap is the wizard's keys.
type KeyMap struct {
	NextField, PrevField key.Binding
	Next, Back           key.Binding
	Choose, Yes, No      key.Binding
	Buy, Close           key.Binding
	Help, Quit           key.Binding
}

// DefaultKeyMap returns the wizard's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		NextField: key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", l.T("next field"))),
		PrevField: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", l.T("previous field"))),
		Next:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("next"))),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("back"))),
		Choose:    key.NewBinding(key.WithKeys("left", "right", "space"), key.WithHelp("←/→/space", l.T("choose"))),
		Yes:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y/n", l.T("yes/no"))),
		No:        key.NewBinding(key.WithKeys("n")),
		Buy:       key.NewBinding(key.WithKeys("b"), key.WithHelp("b", l.T("buy"))),
		Close:     key.NewBinding(key.WithKeys("enter", "c"), key.WithHelp("enter", l.T("close"))),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", l.T("help"))),
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", l.T("quit (the draft is kept)"))),
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
