package bulk

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/tui/common"
)

// KeyMap is the import screen's keys.
type KeyMap struct {
	Start, Back, Up, Down, PageUp, PageDown common.Gate
}

// DefaultKeyMap returns the import screen's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		Start:    common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("import"))),
		Back:     common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back"))),
		Up:       common.NewGate(key.WithKeys("up", "k"), key.WithHelp("↑", l.T("scroll"))),
		Down:     common.NewGate(key.WithKeys("down", "j"), key.WithHelp("↓", l.T("scroll"))),
		PageUp:   common.NewGate(key.WithKeys("pgup"), key.WithHelp("pgup", l.T("page up"))),
		PageDown: common.NewGate(key.WithKeys("pgdown"), key.WithHelp("pgdn", l.T("page down"))),
	}
}

// sync enables the keys that act in the screen's state now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	scroll := m.state == failed && len(m.problems) > m.listHeight()
	for _, g := range []*common.Gate{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		// While the path is typed, the arrows and letters are the field's.
		g.Allow(scroll, common.ReasonIf(m.state != picking, l.T("Nothing to scroll.")))
	}
	k.Back.Allow(true, "")
	switch m.state {
	case picking:
		k.Start.Allow(m.c.Files, l.T("CSV import")+": "+l.T("over SSH the app cannot read files on the server; import with “onboard csv import FILE” there"))
		k.Start.SetHelp("enter", l.T("import"))
		k.Back.SetHelp("esc", l.T("back"))
	case running:
		k.Start.Allow(false, l.T("The import is running: esc cancels it."))
		k.Back.SetHelp("esc", l.T("cancel the import"))
	case done:
		k.Start.Allow(true, "")
		k.Start.SetHelp("enter", l.T("see the list"))
		k.Back.SetHelp("esc", l.T("back"))
	case failed:
		k.Start.Allow(true, "")
		k.Start.SetHelp("enter", l.T("try again"))
		k.Back.SetHelp("esc", l.T("back"))
	}
}

// ShortHelp is the footer's keys.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	return common.Bindings(k.Start, k.Back, k.Down)
}

// FullHelp is every key.
func (m *Model) FullHelp() [][]key.Binding {
	m.sync()
	k := m.keys
	return [][]key.Binding{common.Bindings(k.Start, k.Back), common.Bindings(k.Up, k.Down, k.PageUp, k.PageDown)}
}
