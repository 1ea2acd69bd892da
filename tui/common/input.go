package common

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"onboard/model/rules"
)

// NewInput returns a text field as every screen uses it: no prompt, a steady
// cursor (a blinking one redraws twice a second, which over SSH is traffic
// for nothing) and a length limit.
func NewInput(limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = limit
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}

// TypeInto passes a key press or a paste to a text field. Text with
// control, bidi or invisible characters is refused with the field named
// by name, as the screen labels it, and the field keeps what it had. A paste is judged as it came, not as the field would
// keep it (it drops ESC and BEL but keeps the rest of a control sequence
// as text); one line end after it, as copied from a cell, is dropped.
// Any other message is ignored.
func TypeInto(c *Common, in *textinput.Model, name string, msg tea.Msg) tea.Cmd {
	refuse := func(p rules.Problem) tea.Cmd {
		return Fail(c.T("Refused"), errors.New(name+": "+p.In(c.L.Tag())))
	}
	switch m := msg.(type) {
	case tea.PasteMsg:
		content := strings.TrimSuffix(strings.TrimSuffix(m.Content, "\n"), "\r")
		if p := rules.CheckSafe("", content); p != nil {
			return refuse(*p)
		}
		msg = tea.PasteMsg{Content: content}
	case tea.KeyPressMsg:
	default:
		return nil
	}
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if p := rules.CheckSafe("", in.Value()); p != nil {
		in.SetValue(before)
		return refuse(*p)
	}
	return cmd
}

// InputView draws a text field so that a value longer than the field is
// cut where the cut shows: a field without focus shows the start of its
// value and "…" where the rest is; a field being typed in shows the window
// around the cursor, as textinput keeps it, with "…" at the side where text
// is hidden, instead of a word that begins or ends in the middle.
func InputView(in textinput.Model) string {
	v, w := in.Value(), in.Width()
	if w <= 0 || ansi.StringWidth(v) <= w {
		return in.View()
	}
	if !in.Focused() {
		return ansi.Truncate(v, w, "…")
	}
	view := in.View()
	plain := ansi.Strip(view)
	rs := []rune(v)
	pos := min(in.Position(), len(rs))
	hiddenLeft := ansi.StringWidth(string(rs[:pos])) >= w || !strings.HasPrefix(v, firstRunes(plain, 3))
	if hiddenLeft {
		view = "…" + ansi.TruncateLeft(view, 1, "")
	}
	// What shows ends before the value does: the window leaves text out on
	// the right too.
	shown := strings.TrimRight(ansi.Strip(view), " ")
	if !strings.HasSuffix(v, lastRunes(shown, 3)) && ansi.StringWidth(view) > 1 {
		view = ansi.Truncate(view, ansi.StringWidth(view)-1, "") + "…"
	}
	return view
}

// firstRunes and lastRunes are the first and last n runes of s.
func firstRunes(s string, n int) string {
	rs := []rune(s)
	return string(rs[:min(n, len(rs))])
}

func lastRunes(s string, n int) string {
	rs := []rune(s)
	return string(rs[max(0, len(rs)-n):])
}
