// Package common holds what every screen of the app shares: the session's
// context, styles, size, actor, clock and language, and the messages
// screens send to the root model. The store is not here: each screen
// declares the small interface it needs and gets it from its constructor.
package common

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/tui/styles"
)

// Common is passed to every screen of one session.
type Common struct {
	Ctx    context.Context
	Styles *styles.Styles
	// Actor is who the audit trail names and who owns the drafts.
	Actor string
	// Now is the clock, replaceable in tests.
	Now func() time.Time
	// Tick schedules a message after a delay (tea.Tick unless a test
	// replaces it).
	Tick   func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	Width  int
	Height int
	// Files: the session may read files on this machine (the local app;
	// not an SSH session, whose user is not the server's).
	Files bool
	// L is the session's language.
	L i18n.Lang
	// Loc is the zone every time is drawn in: the reader's, which over SSH
	// is not the server's. Calendar dates (a transfer token's day) are not
	// moved into it.
	Loc *time.Location
}

// T translates msg into the session's language (see i18n.Lang.T).
func (c *Common) T(msg string, args ...any) string { return c.L.T(msg, args...) }

// N is T with a singular and a plural form (see i18n.Lang.N).
func (c *Common) N(n int64, one, many string, args ...any) string {
	return c.L.N(n, one, many, args...)
}

// ErrMsg reports a failed operation; the root shows it on the status line.
type ErrMsg struct {
	Op  string
	Err error
}

// NoticeMsg is a short message for the status line.
type NoticeMsg struct{ Text string }

// Notice returns a command that shows text on the status line.
func Notice(text string) tea.Cmd { return func() tea.Msg { return NoticeMsg{Text: text} } }

// Fail returns a command that reports err from op on the status line.
func Fail(op string, err error) tea.Cmd { return func() tea.Msg { return ErrMsg{Op: op, Err: err} } }

// Intents lets a screen ask the root for something (open the wizard, go
// back to the list) synchronously: the root takes the intent right after
// the screen's Update, so keys typed quickly after it go to the new screen.
type Intents struct{ pending tea.Msg }

// Emit records an intent for the root.
func (i *Intents) Emit(msg tea.Msg) { i.pending = msg }

// TakeIntent returns the pending intent, if any, and clears it.
func (i *Intents) TakeIntent() tea.Msg {
	m := i.pending
	i.pending = nil
	return m
}
