package customers

import (
	"testing"

	"onboard/i18n"
	"onboard/internal/viewtest"
)

// screen builds the list on svc at size s in language l, with its first
// page and count loaded.
func screen(t *testing.T, svc Store, l i18n.Lang, s viewtest.Size) viewtest.Viewer {
	c := viewtest.Common(l)
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
