package common

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A value longer than its field shows where it is cut: from its start
// when the field has no focus, and with "…" on the side the typing window
// hides when it has.
func TestInputViewCutsCleanly(t *testing.T) {
	long := "Stichting Openbaar Onderwijs Groot Amsterdam"
	in := NewInput(100)
	in.SetWidth(20)
	in.SetValue(long) // the cursor at the end, as after typing it
	if got := ansi.Strip(InputView(in)); got != "Stichting Openbaar …" {
		t.Errorf("without focus: %q", got)
	}
	in.Focus()
	got := strings.TrimRight(ansi.Strip(InputView(in)), " ")
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(long, strings.TrimPrefix(got, "…")) {
		t.Errorf("typing at the end: %q", got)
	}
	in.CursorStart()
	in, _ = in.Update(tea.KeyPressMsg{Code: tea.KeyRight})
	got = ansi.Strip(InputView(in))
	if strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("the cursor near the start: %q", got)
	}
	short := NewInput(100)
	short.SetWidth(20)
	short.SetValue("Acme BV")
	if got := strings.TrimRight(ansi.Strip(InputView(short)), " "); got != "Acme BV" {
		t.Errorf("a value that fits: %q", got)
	}
}
