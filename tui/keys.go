package tui

import (
	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/tui/common"
)

// keyMap is the root's own keys: quitting, the help overlay and the
// question whether to resume a draft. The screens' keys come on top.
type keyMap struct {
	Quit, ForceQuit        common.Gate
	Help, HelpF1           common.Gate
	CloseHelp              common.Gate
	Resume, Discard, Later common.Gate
	// Discard the draft for good?
	DiscardYes, DiscardNo common.Gate
}

func defaultKeyMap(l i18n.Lang) keyMap {
	return keyMap{
		Quit:      common.NewGate(key.WithKeys("q"), key.WithHelp("q", l.T("quit"))),
		ForceQuit: common.NewGate(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", l.T("quit (drafts are kept)"))),
		Help:      common.NewGate(key.WithKeys("?"), key.WithHelp("?", l.T("help"))),
		// f1 opens the help while a field takes typing, where ? is typed.
		HelpF1:    common.NewGate(key.WithKeys("f1"), key.WithHelp("f1", l.T("help"))),
		CloseHelp: common.NewGate(key.WithKeys("?", "esc", "q", "f1"), key.WithHelp("esc", l.T("close the help"))),
		Resume:    common.NewGate(key.WithKeys("y", "enter"), key.WithHelp("y", l.T("resume"))),
		Discard:   common.NewGate(key.WithKeys("d"), key.WithHelp("d", l.T("discard"))),
		Later:     common.NewGate(key.WithKeys("esc", "n"), key.WithHelp("esc", l.T("later"))),
		// Only y throws the draft away: enter, pressed on from the
		// question before, must not.
		DiscardYes: common.NewGate(key.WithKeys(common.YesKeys...), key.WithHelp(common.YesKey(l), l.T("discard for good"))),
		DiscardNo:  common.NewGate(key.WithKeys("n", "esc"), key.WithHelp("n", l.T("keep it"))),
	}
}

// sync enables the keys that act in the app's state now for screen s:
// while a text field has the keyboard, q and ? are letters of the text,
// and in a form q never quits (the form says why).
func (k *keyMap) sync(s common.Screen) {
	capturing := s.Capturing()
	k.Quit.Allow(!capturing && !common.InForm(s), "")
	k.Help.Allow(!capturing, "")
}

// helpKey is the help key as the footer shows it now.
func (k *keyMap) helpKey() key.Binding {
	if k.Help.Enabled() {
		return k.Help.Binding
	}
	return k.HelpF1.Binding
}
