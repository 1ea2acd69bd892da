package customers

import (
	"time"

	"context"
	"testing"

	"onboard/i18n"
	"onboard/internal/viewtest"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// screen builds the list on svc at size s in language l, with its first
// page and count loaded.
func screen(t *testing.T, svc Store, l i18n.Lang, s viewtest.Size) viewtest.Viewer {
	c := &common.Common{Ctx: context.Background(), Actor: "anna", Now: viewtest.Now, Loc: time.UTC, Styles: styles.New(true), Tick: viewtest.Tick, L: l}
	m := New(c, svc)
	viewtest.Settle(t, m.Update, m.Init())
	viewtest.Settle(t, m.Update, m.SetSize(s.W, s.H))
	return m
}

// The list of 201 customers, and of none (go test -update refreshes the
// goldens).
func TestViewGoldens(t *testing.T) {
	for name, svc := range map[string]Store{"list": viewtest.Seeded(t, 200), "empty": viewtest.Empty(t)} {
		t.Run(name, func(t *testing.T) {
			viewtest.Goldens(t, func(t *testing.T, l i18n.Lang, s viewtest.Size) viewtest.Viewer { return screen(t, svc, l, s) })
		})
	}
}
