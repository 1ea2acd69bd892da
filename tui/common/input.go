package common

import "charm.land/bubbles/v2/textinput"

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
