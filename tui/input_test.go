package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Text with terminal controls is refused where it is typed or pasted, and
// never reaches the screen as a control sequence.
func TestHostileInputIsRefusedAndNotDrawn(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "jan"), 100, 30)
	d.keys("n", "y", "tab", "n", "tab", "n", "enter", "enter", "right", "enter", "enter")
	d.must("Organisation name")
	d.send(tea.PasteMsg{Content: "Acme\x1b]52;c;SGVsbG8=\x07\u202Egnp"})
	// The text field drops ESC and BEL itself; the bidi override is refused.
	d.must("Refused: Organisation name: must not contain control, bidi or invisible characters (found U+202E)")
	d.send(tea.PasteMsg{Content: "Acme \u200Bgnp"})
	d.must("(found U+200B)")
	d.typeText("Acme BV")
	d.must("Acme BV")
	raw := d.app.Render()
	for _, bad := range []string{"\x1b]52", "\x07", "\u202E"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("the screen carries %q", bad)
		}
	}
}

func TestResizeRelaysOut(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "jan"), 100, 30)
	for _, size := range [][2]int{{80, 20}, {200, 60}, {79, 40}, {120, 19}, {100, 30}} {
		d.send(teaSize(size[0], size[1]))
		lines := strings.Split(d.screen(), "\n")
		small := size[0] < MinWidth || size[1] < MinHeight
		if small != strings.Contains(d.screen(), "Terminal too small") {
			t.Fatalf("%dx%d: too-small notice wrong:\n%s", size[0], size[1], d.screen())
		}
		if !small && len(lines) != size[1] {
			t.Fatalf("%dx%d: %d lines drawn", size[0], size[1], len(lines))
		}
		for _, l := range lines {
			if w := len([]rune(l)); w > size[0] {
				t.Fatalf("%dx%d: a line is %d wide: %q", size[0], size[1], w, l)
			}
		}
	}
}
