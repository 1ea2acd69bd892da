package tips

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/tui/common"
)

// KeyMap is the tips screen's keys.
type KeyMap struct {
	Next, Prev, Choose, ChooseDown, Toggle, Pick, Clear, Save, Back common.Gate
}

// DefaultKeyMap returns the tips screen's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		Next: common.NewGate(key.WithKeys("tab"), key.WithHelp("tab", l.T("next field"))),
		Prev: common.NewGate(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", l.T("previous field"))),
		// Choose is the match above; ChooseDown, the one below, shares its help.
		Choose:     common.NewGate(key.WithKeys("up"), key.WithHelp("↑/↓", l.T("choose a match"))),
		ChooseDown: common.NewGate(key.WithKeys("down")),
		Toggle:     common.NewGate(key.WithKeys("left", "right", "space", "up", "down"), key.WithHelp("←/→", l.T("on/off"))),
		Pick:       common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("take the match"))),
		Clear:      common.NewGate(key.WithKeys("delete"), key.WithHelp("delete", l.T("clear the setting"))),
		Save:       common.NewGate(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", l.T("save"))),
		Back:       common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back without saving"))),
	}
}

// sync enables the keys that act in the screen's state now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	wait := l.T("Wait: the last request is still under way.")
	onPicker := m.focus != fieldSmart
	for _, g := range []*common.Gate{&k.Choose, &k.ChooseDown} {
		g.Allow(onPicker && len(m.picker().matches) > 0, common.ReasonIf(onPicker, l.T("No match to choose: change the search.")))
	}
	k.Clear.Allow(onPicker, "")
	k.Toggle.Allow(!onPicker, "")
	k.Save.Allow(!m.busy, wait)
	if onPicker {
		k.Pick.Allow(true, "")
		k.Pick.SetHelp("enter", l.T("take the match"))
	} else {
		k.Pick.Allow(!m.busy, wait)
		k.Pick.SetHelp("enter", l.T("save"))
	}
}

// ShortHelp is the footer's keys.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	return common.Bindings(k.Pick, k.Choose, k.Toggle, k.Next, k.Save, k.Back)
}

// FullHelp is every key.
func (m *Model) FullHelp() [][]key.Binding {
	m.sync()
	k := m.keys
	return [][]key.Binding{common.Bindings(k.Next, k.Prev, k.Choose, k.Toggle), common.Bindings(k.Pick, k.Clear, k.Save, k.Back)}
}
