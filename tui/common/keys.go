package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
)

// Gate is a key binding that can be switched off with the reason why, as
// lazygit's disabled reasons: a disabled binding drops out of the help, and
// its key, pressed anyway, says on the status line why it cannot act now
// instead of doing nothing.
type Gate struct {
	key.Binding
	why string
}

// NewGate returns an enabled gate over b.
func NewGate(opts ...key.BindingOpt) Gate { return Gate{Binding: key.NewBinding(opts...)} }

// Allow enables the binding when ok; otherwise it disables it and keeps why
// for when the key is pressed.
func (g *Gate) Allow(ok bool, why string) {
	g.SetEnabled(ok)
	g.why = ""
	if !ok {
		g.why = why
	}
}

// Refused reports whether msg is one of g's keys while g is disabled, and
// why.
func (g Gate) Refused(msg tea.KeyPressMsg) (string, bool) {
	if g.Enabled() || g.why == "" {
		return "", false
	}
	b := g.Binding
	b.SetEnabled(true)
	return g.why, key.Matches(msg, b)
}

// Refuse returns a command that puts on the status line why msg, the key
// of a disabled gate, cannot act now; nil when msg is no such key. Call it
// once no enabled binding took the key.
func Refuse(msg tea.KeyPressMsg, gates ...*Gate) tea.Cmd {
	for _, g := range gates {
		if why, ok := g.Refused(msg); ok {
			return Notice(why)
		}
	}
	return nil
}

// Bindings returns the gates' bindings, for help.
func Bindings(gates ...Gate) []key.Binding {
	out := make([]key.Binding, len(gates))
	for i, g := range gates {
		out[i] = g.Binding
	}
	return out
}

// Matches reports whether msg is one of g's keys and g is enabled.
func (g Gate) Matches(msg tea.KeyPressMsg) bool { return key.Matches(msg, g.Binding) }

// ReasonIf is why when cond holds and no reason otherwise: for a key off in
// a state where it has nothing to say (another key, or the typing, takes
// it there).
func ReasonIf(cond bool, why string) string {
	if cond {
		return why
	}
	return ""
}

// YesKeys answer yes to a yes/no question: y, and j for the Dutch "ja",
// in every language, so that neither is refused.
var YesKeys = []string{"y", "j"}

// YesKey is the key that answers yes as a screen in language l names it.
func YesKey(l i18n.Lang) string {
	if l.Tag() == i18n.Dutch {
		return "j"
	}
	return "y"
}
