package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// View draws the top screen, the status line and the keys.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "onboard"
	return v
}

// Render returns the screen as text, for tests.
func (a *App) Render() string { return a.render() }

func (a *App) render() string {
	w, h := a.c.Width, a.c.Height
	if a.quitAfterSave {
		return a.c.T("Saving before quitting…")
	}
	if a.quitting {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		return a.c.T("Terminal too small: onboard needs %d×%d, this one is %d×%d.", MinWidth, MinHeight, w, h) + "\n" + a.c.T("Make the window larger, or press ctrl+c to quit.")
	}
	s := a.c.Styles
	body := a.top().View()
	switch {
	case a.showKey:
		body = a.helpOverlay()
	case a.resume != nil:
		body = a.resumePrompt()
	}
	status := a.helpLine()
	if a.status != "" {
		st := s.Status
		if a.statusErr {
			st = s.StatusEr
		}
		status = st.Render(a.status)
	}
	return frame(body, w, h-2) + "\n\n" + ansi.Truncate(status, w, "…")
}

// frame fits a screen's body into w×h: lines wider than w are wrapped,
// and the result is cut or padded to exactly h lines. Screens lay out to
// the width already, so most lines pass through untouched (wrapping every
// line of every frame would cost more than drawing it).
func frame(body string, w, h int) string {
	lines := strings.Split(body, "\n")
	out := make([]string, 0, h)
	for _, l := range lines {
		if len(out) == h {
			break
		}
		if len(l) <= w || ansi.StringWidth(l) <= w { // bytes ≥ cells: the cheap test first
			out = append(out, l)
			continue
		}
		for _, part := range strings.Split(ansi.Wrap(l, w, ""), "\n") {
			if len(out) < h {
				out = append(out, ansi.Truncate(part, w, ""))
			}
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// shortHelp is the footer's keys: what acts now. On a screen, its keys,
// then help, and quit on the list; over the help or the draft question,
// the keys that answer it.
func (a *App) shortHelp() (bindings []key.Binding, helpAt int) {
	k := &a.keys
	k.sync(a.top())
	switch {
	case a.showKey:
		return []key.Binding{k.CloseHelp.Binding}, -1
	case a.resume != nil && a.discarding:
		return []key.Binding{k.DiscardYes.Binding, k.DiscardNo.Binding}, -1
	case a.resume != nil:
		return []key.Binding{k.Resume.Binding, k.Discard.Binding, k.Later.Binding}, -1
	}
	bindings = append(a.top().ShortHelp(), k.helpKey())
	helpAt = len(bindings) - 1
	if a.atHome() {
		bindings = append(bindings, k.Quit.Binding)
	}
	return bindings, helpAt
}

// fullHelp is every key of the top screen and, under its last column,
// the app's own.
func (a *App) fullHelp() [][]key.Binding {
	k := &a.keys
	k.sync(a.top())
	groups := a.top().FullHelp()
	own := []key.Binding{k.helpKey(), k.Quit.Binding, k.ForceQuit.Binding}
	if len(groups) == 0 {
		return [][]key.Binding{own}
	}
	last := len(groups) - 1
	groups[last] = append(slices.Clone(groups[last]), own...)
	return groups
}

// helpLine is the footer's keys, drawn again only when the screen, its keys
// or the width change.
func (a *App) helpLine() string {
	bindings, helpAt := a.shortHelp()
	var k strings.Builder
	fmt.Fprint(&k, a.c.Width, a.c.Styles.IsDark)
	for _, b := range bindings {
		fmt.Fprint(&k, "|", b.Help().Key, b.Help().Desc, b.Enabled())
	}
	if k.String() != a.helpKey {
		view := a.help.ShortHelpView(bindings)
		// help adds the last key that does not fit when its ellipsis does
		// not fit either: too wide is too narrow as well.
		cut := strings.HasSuffix(ansi.Strip(view), a.help.Ellipsis) || ansi.StringWidth(view) > a.c.Width
		if cut && helpAt > 0 {
			// Too narrow for every key: help goes first, so that the keys
			// cut off can still be found.
			b := bindings[helpAt]
			bindings = append([]key.Binding{b}, slices.Delete(slices.Clone(bindings), helpAt, helpAt+1)...)
			view = a.help.ShortHelpView(bindings)
		}
		a.helpKey, a.helpText = k.String(), view
	}
	return a.helpText
}

func (a *App) helpOverlay() string {
	s := a.c.Styles
	h := help.New()
	h.ShowAll = true
	h.SetWidth(a.c.Width - 4)
	return s.Title.Render(a.c.T("Keys")) + "\n\n" + h.FullHelpView(a.fullHelp()) +
		"\n\n" + s.Subtle.Render(a.c.T("q never quits while you type in a field; ctrl+c always quits (drafts are kept).")) +
		"\n\n" + a.c.T("%s or %s closes this help", s.Key.Render("?"), s.Key.Render("esc"))
}
