package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"onboard/internal/viewtest"
	"onboard/internal/walk"
	"onboard/model"
	"onboard/store"
	"onboard/tui/common"
	"onboard/tui/styles"
)

var fixedNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// openStore opens a store in a temp dir with a fixed clock.
func openStore(t testing.TB, resellerID string) *store.Service {
	t.Helper()
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "onboard.db"), store.Options{ResellerID: resellerID, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

func newApp(svc Store, actor string) *App {
	return New(&common.Common{Ctx: context.Background(), Actor: actor, Now: clock, Loc: time.UTC, Styles: styles.New(true), Tick: testTick}, svc)
}

// testTick fires timers at once, so drafts are saved on every change, except
// the status line's timeout, so that notices stay on the screen.
func testTick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	if d == StatusTimeout {
		return nil
	}
	return func() tea.Msg { return fn(fixedNow) }
}

// driver runs the root model without a program: it sends messages and runs
// the commands they return to completion, so every step is deterministic.
// Timers do not wait in tests (Common.Tick is testTick) and the text cursor
// does not blink, so every command returns promptly; one that does not is a
// bug, and fails the test.
type driver struct {
	t    fataler
	app  *App
	quit bool // the app asked to quit
}

// fataler is what the driver needs of a test (a crash child has no
// *testing.T).
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func drive(t fataler, app *App, w, h int) *driver {
	d := &driver{t: t, app: app}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(app.Init())
	return d
}

func (d *driver) send(msgs ...tea.Msg) {
	for _, msg := range msgs {
		_, cmd := d.app.Update(msg)
		d.run(cmd)
	}
}

// run runs cmd and what it leads to, as the program would, synchronously.
func (d *driver) run(cmd tea.Cmd) {
	viewtest.Settle(d.t, func(msg tea.Msg) tea.Cmd {
		if _, ok := msg.(tea.QuitMsg); ok {
			d.quit = true
			return nil
		}
		_, cmd := d.app.Update(msg)
		return cmd
	}, cmd)
}

// Press, Type and Wait make the driver a walk.Terminal: the app draws
// synchronously, so Wait looks once.
func (d *driver) Press(keys ...string) { d.keys(keys...) }

// Type types text one character at a time.
func (d *driver) Type(text string) { d.typeText(text) }

// Wait returns the screen and whether ok holds for it.
func (d *driver) Wait(ok func(screen string) bool) (string, bool) {
	s := d.screen()
	return s, ok(s)
}

// wizard returns a walker of the wizard the app shows now, in mode.
func (d *driver) wizard(mode model.Mode) *walk.Walker {
	d.t.Helper()
	return d.wizardFor(walk.Options{Mode: mode})
}

// wizardFor is wizard with options of its own (an edit, a draft); the
// rules' environment and the language are the app's.
func (d *driver) wizardFor(o walk.Options) *walk.Walker {
	d.t.Helper()
	o.Env, o.Lang = d.app.svc.Env(), d.app.c.L
	return walk.New(d.t, d, o)
}

// editWizard returns a walker of the edit of customer id, which the app
// has just opened.
func (d *driver) editWizard(ctx context.Context, svc *store.Service, id int64) *walk.Walker {
	d.t.Helper()
	c, err := svc.Get(ctx, id)
	if err != nil {
		d.t.Fatalf("the customer being edited: %v", err)
	}
	return d.wizardFor(walk.Options{Mode: c.Origin, Edit: true, Values: c.Form()})
}

// shownWizard returns a walker of the wizard the app shows, as it is now.
func (d *driver) shownWizard() *walk.Walker {
	d.t.Helper()
	wiz := d.app.wiz()
	if wiz == nil {
		d.t.Fatalf("no wizard is open:\n%s", d.screen())
	}
	return d.wizardFor(walk.Options{Mode: wiz.Mode(), Edit: wiz.Editing(), Values: wiz.Fields(), Step: wiz.Step()})
}

// keys sends named keys: "enter", "tab", "shift+tab", "esc", "left",
// "right", "up", "down", "space", "backspace", "ctrl+c", "ctrl+u", or a
// single character.
func (d *driver) keys(names ...string) {
	for _, n := range names {
		d.send(keyMsg(n))
	}
}

// typeText types s one character at a time.
func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(n string) tea.KeyPressMsg {
	switch n {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "space":
		return tea.KeyPressMsg{Code: ' ', Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "alt+enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModAlt}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	}
	r := []rune(n)
	return tea.KeyPressMsg{Code: r[0], Text: n}
}

// screen is what the user sees, without styling.
func (d *driver) screen() string {
	lines := strings.Split(ansi.Strip(d.app.Render()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func (d *driver) must(want string) {
	d.t.Helper()
	if s := d.screen(); !strings.Contains(s, want) {
		d.t.Fatalf("screen lacks %q:\n%s", want, s)
	}
}

func (d *driver) mustNot(unwanted string) {
	d.t.Helper()
	if s := d.screen(); strings.Contains(s, unwanted) {
		d.t.Fatalf("screen shows %q:\n%s", unwanted, s)
	}
}

func teaSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
