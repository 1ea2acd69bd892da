package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"onboard/internal/hostile"
	"onboard/internal/walk"
	"onboard/model"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Text with terminal controls is refused where it is typed or pasted, and
// never reaches the screen as a control sequence.
func TestHostileInputIsRefusedAndNotDrawn(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "jan"), 100, 30)
	toOrgName(d)
	d.send(tea.PasteMsg{Content: "Acme\x1b]52;c;SGVsbG8=\x07\u202Egnp"})
	// The paste is judged as it came: its ESC is named.
	d.must("Refused: Organisation name: must not contain control, bidi or invisible characters (found U+001B)")
	d.send(tea.PasteMsg{Content: "Acme\u202Egnp"})
	d.must("(found U+202E)")
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

// Every hostile payload pasted into a text field is refused whole, with
// the field named, and the field keeps what it had: the text input would
// otherwise drop the ESC and BEL and keep the rest of the sequence as text.
func TestEveryHostilePasteIsRefused(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "jan"), 100, 30)
	toOrgName(d)
	d.typeText("Acme")
	for _, p := range hostile.Payloads {
		d.send(tea.PasteMsg{Content: p})
		// Invalid UTF-8 (a raw 8-bit C1 byte) has its own wording.
		if !d.has("Refused: Organisation name: must not contain control, bidi or invisible characters") && !d.has("Refused: Organisation name: is not valid UTF-8") {
			t.Fatalf("paste %q was not refused:\n%s", p, d.screen())
		}
		if v := d.app.wiz().Fields()[model.FieldOrgName]; v != "Acme" {
			t.Fatalf("after pasting %q the field holds %q", p, v)
		}
		if bad := forbidden(d.app.Render()); bad != "" {
			t.Fatalf("after pasting %q the screen carries %s", p, bad)
		}
	}
	// A paste with a line end after it (copied from a cell) is taken.
	d.send(tea.PasteMsg{Content: " BV\r\n"})
	if v := d.app.wiz().Fields()[model.FieldOrgName]; v != "Acme BV" {
		t.Fatalf("a paste ending in a line end: the field holds %q", v)
	}
}

// toOrgName opens the create wizard and walks it to the organisation
// name of a domain customer.
func toOrgName(d *driver) *walk.Walker {
	d.t.Helper()
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Focus(model.FieldOrgName)
	d.must("Organisation name")
	return w
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

// Pasting works in every place text is typed (the list's filter, the CSV
// file path, the verify form, the order form, the setup tips' pickers),
// and every hostile payload pasted there is refused with the field named,
// leaves the field as it was and never reaches the screen as a control.
func TestPasteIntoEveryInput(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "team", "Paste Team", "pasteteam.nl", "owner@pasteteam.nl", "NL")
	d := drive(t, newApp(svc, "jan"), 100, 30)
	d.must("Paste Team")
	screens := 0
	// try pastes a clean text (which must show as want) and then every
	// payload (refused, the screen unchanged but for the status line).
	try := func(name, clean, want string) {
		t.Helper()
		d.send(tea.PasteMsg{Content: clean})
		d.must(want)
		for _, p := range hostile.Payloads {
			d.send(tea.PasteMsg{Content: p})
			screens++
			if !d.has("Refused: " + name + ": ") {
				t.Fatalf("%s: paste %q was not refused with the field named:\n%s", name, p, d.screen())
			}
			d.must(want)
			if bad := forbidden(d.app.Render()); bad != "" {
				t.Fatalf("%s, pasted %q: the screen carries %s:\n%s", name, p, bad, d.screen())
			}
		}
	}
	d.keys("/")
	try("Filter", "paste\n", "/ paste")
	d.keys("esc", "esc", "I")
	d.must("Import customers from a CSV file")
	try("File", "/tmp/x.csv", "/tmp/x.csv")
	d.keys("esc", "esc", "home", "enter")
	d.must("Paste Team")
	d.keys("v")
	d.must("Verified domain")
	try("Verified domain", "-x", "pasteteam.nl-x")
	d.keys("tab")
	try("Primary email", "-y", "owner@pasteteam.nl-y")
	d.keys("esc", "b")
	d.must("Purchase order ID")
	d.keys("tab", "tab")
	try("Seats", "25", "25")
	d.keys("tab")
	try("Purchase order ID", "PO-77", "PO-77")
	d.keys("esc", "enter", "t")
	d.must("Time zone")
	try("Language", "Neder", "Nederlands")
	d.keys("tab")
	try("Time zone", "Amster", "Europe/Amsterdam")
	t.Logf("%d payloads pasted into 8 fields; %d screens checked", len(hostile.Payloads), screens)
}

// At every size down to the minimum, in both languages, the list keeps its
// position line and "? help" in its key help, and no line is wider than the
// terminal: a text that would wrap (the Dutch hint at 80 columns did) would
// push the footer off.
func TestListFooterAtEverySize(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	for i := 0; i < 40; i++ {
		c := createCustomer(t, svc, "domain", fmt.Sprintf("Bakkerij %02d", i), fmt.Sprintf("bakkerij%02d.nl", i), "", "NL")
		// All of them are due: the stale list holds the 40 as well.
		if err := setConfirmed(svc, c.ID, fixedNow.Add(-time.Duration(200+i)*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []struct {
		name string
		app  func() *App
		pos  string
		help string
	}{
		{"en", func() *App { return newApp(svc, "anna") }, "of 40 customers", "help"},
		{"nl", func() *App { return newDutchApp(svc, "anna") }, "van 40 klanten", "hulp"},
	} {
		for _, size := range [][2]int{{80, 20}, {80, 24}, {90, 22}, {100, 30}, {200, 50}} {
			d := drive(t, lang.app(), size[0], size[1])
			for _, stale := range []bool{false, true} {
				if stale {
					d.keys("S")
				}
				if !d.has(lang.pos) {
					t.Fatalf("%s %dx%d (stale list %v): no position line:\n%s", lang.name, size[0], size[1], stale, d.screen())
				}
				lines := strings.Split(d.screen(), "\n")
				if len(lines) != size[1] {
					t.Fatalf("%s %dx%d: %d lines", lang.name, size[0], size[1], len(lines))
				}
				// However narrow, the key help keeps the key that shows the rest
				// (on the stale list a notice stands there at first).
				if last := lines[len(lines)-1]; !stale && !strings.Contains(last, "? "+lang.help) {
					t.Fatalf("%s %dx%d: the key help lacks ? %s: %q", lang.name, size[0], size[1], lang.help, last)
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("%s %dx%d: a line is %d wide: %q", lang.name, size[0], size[1], w, l)
					}
				}
			}
		}
	}
}
