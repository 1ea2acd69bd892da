package common

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Screen is what every screen offers the root model. The root keeps the
// screens on a stack and talks to the one on top through this contract
// only: it never asks which screen it is.
type Screen interface {
	// Update handles a message meant for the screen.
	Update(tea.Msg) tea.Cmd
	// View draws the screen's body (the root adds the status and key lines).
	View() string
	// SetSize gives the screen its area; it may load what the area needs.
	SetSize(w, h int) tea.Cmd
	// KeyMap (ShortHelp, FullHelp) lists the keys that act now: a binding
	// that cannot act in the screen's state is disabled.
	help.KeyMap
	// Capturing reports whether a text field has the keyboard, so that the
	// root's single-letter keys (q, ?) are typed instead.
	Capturing() bool
	// TakeIntent returns, once, what the screen asked the root for.
	TakeIntent() tea.Msg
}

// Saver is a screen that holds typing not yet stored: the root asks it to
// save before the program ends, and waits while Busy.
type Saver interface {
	// SaveNow returns a command that stores what was typed, or nil when
	// nothing is to be saved or a save is under way.
	SaveNow() tea.Cmd
	// Busy reports whether a save is under way.
	Busy() bool
}

// Form is a screen that takes a customer's details over many keys (a
// wizard, a form): q never quits it, even where no text field has the
// keyboard (a question, a choice); esc leaves it and ctrl+c quits.
type Form interface {
	IsForm() bool
}

// InForm reports whether s is a form that q must not quit.
func InForm(s Screen) bool {
	f, ok := s.(Form)
	return ok && f.IsForm()
}

// Scoped is a screen with parts that each have their own messages (a
// wizard's steps): a message on the status line belongs to the part it was
// shown in, and goes when the screen moves to another part. Every message
// goes when the screen itself changes; a screen without parts need not
// implement this.
type Scoped interface {
	// StatusScope names the part of the screen shown now.
	StatusScope() string
}

// ScopeOf is s's part shown now ("" for a screen without parts).
func ScopeOf(s Screen) string {
	if sc, ok := s.(Scoped); ok {
		return sc.StatusScope()
	}
	return ""
}
