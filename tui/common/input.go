package common

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

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
