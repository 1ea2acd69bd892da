// Package viewtest takes goldens of one screen's View without a program,
// the way bubbles tests its components: the test builds the screen model
// directly, runs the commands it returns to completion (Settle), and
// compares the unstyled View with testdata/<test>/<lang>/<size>.golden,
// at the classic 80×24 and at 120×40, in English and in Dutch. Refresh the
// files with go test -update after a deliberate change, and read the diff.
package viewtest

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"onboard/i18n"
	"onboard/internal/walk"
	"onboard/model"
	"onboard/store"
	"onboard/store/seed"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// Common is what a screen shares with the others, set for a golden: the
// fixed clock, UTC, a dark terminal, timers that fire at once, language l.
func Common(l i18n.Lang) *common.Common {
	return &common.Common{Ctx: context.Background(), Actor: "anna", Now: Now, Loc: time.UTC,
		Styles: styles.New(true), Tick: Tick, L: l}
}

// Now is the time every screen golden is drawn at, so that "3 days ago"
// reads the same every day: the clock of a screen's Common and of its
// store.
func Now() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }

// Viewer is a screen: View draws it as text.
type Viewer interface{ View() string }

// Size is a terminal size.
type Size struct{ W, H int }

// String writes the size as 80x24, the golden file's name.
func (s Size) String() string { return fmt.Sprintf("%dx%d", s.W, s.H) }

// Sizes are the sizes every screen is drawn at: the classic terminal and a
// roomy one.
func Sizes() []Size { return []Size{{80, 24}, {120, 40}} }

// Langs are the languages every screen is drawn in, by name.
func Langs() map[string]i18n.Lang {
	return map[string]i18n.Lang{"en": i18n.New(i18n.English), "nl": i18n.New(i18n.Dutch)}
}

// Goldens runs a subtest per language and size (nl/80x24, …); each builds
// the screen with build and compares its View with its golden file.
func Goldens(t *testing.T, build func(t *testing.T, l i18n.Lang, s Size) Viewer) {
	t.Helper()
	for _, name := range []string{"en", "nl"} {
		l := Langs()[name]
		for _, s := range Sizes() {
			t.Run(name+"/"+s.String(), func(t *testing.T) {
				golden.RequireEqual(t, Text(build(t, l, s).View()))
			})
		}
	}
}

// Text is a view as a person reads it: no styling, no trailing blanks.
func Text(view string) string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// Tick fires a timer at once, for a screen's Common: a screen golden
// shows the state after every timer.
func Tick(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return fn(Now()) }
}

// Fataler is what Settle needs of a test: a *testing.T, or a crash test's
// child process, which is no test.
type Fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Settle runs cmd, hands its message to update, and so on with the
// commands that returns, until none is left: the program's loop, but
// synchronous, so the screen is drawn once all its loads are in. A
// command that does not return within walk.Guard fails the test. A
// tea.QuitMsg goes to update too, which may note it.
func Settle(t Fataler, update func(tea.Msg) tea.Cmd, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(walk.Guard):
		t.Fatalf("a command did not return within %s", walk.Guard)
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			Settle(t, update, c)
		}
	default:
		// tea.Sequence's message is an unexported []tea.Cmd: run it in order.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			for i := 0; i < v.Len(); i++ {
				Settle(t, update, v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		Settle(t, update, update(msg))
	}
}

// Empty opens a store without customers in a temp dir, on the Now clock.
func Empty(t testing.TB) *store.Service {
	t.Helper()
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "onboard.db"), store.Options{ResellerID: "C0123abcd", Now: Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// Store is Empty holding one domain customer with every detail filled in,
// which it returns too.
func Store(t testing.TB) (*store.Service, model.Customer) {
	t.Helper()
	ctx := context.Background()
	svc := Empty(t)
	res, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldRegisteredDomain: model.Yes, model.FieldNonprofits: model.No, model.FieldLegacyFree: model.No,
		model.FieldProductFamily: "google_workspace", model.FieldKind: string(model.KindDomain),
		model.FieldOrgName: "Bakkerij De Vries", model.FieldDomain: "devries.nl", model.FieldCRMID: "CRM-1",
		model.FieldAdminFirstName: "Jan", model.FieldAdminLastName: "de Vries", model.FieldAlternateEmail: "owner@gmail.com",
		model.FieldPhone: "020 123 4567", model.FieldRegionCode: "NL", model.FieldPostalCode: "1011 AB",
		model.FieldLocality: "Amsterdam", model.FieldAddressLine1: "Damrak 1",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return svc, res.Customer
}

// Seeded is Store with n demo customers more, as the seed command makes
// them.
func Seeded(t testing.TB, n int) *store.Service {
	t.Helper()
	svc, _ := Store(t)
	if err := seed.Seed(context.Background(), svc.DB(), n, Now(), nil); err != nil {
		t.Fatal(err)
	}
	return svc
}
